package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.lock.LockException;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.lock.UnlockStatus;
import io.jdaprd.spi.testkit.lock.LockStoreConformance;
import io.jdaprd.spi.testkit.timing.Poll;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The lock conformance suite against a private redis-server, plus Dapr's layout (a string key holding the owner,
 * with the lock's expiry as its TTL), the refusals of Dapr's component, and what a Redis restart does to locks
 * (without persistence they are gone; with an append-only file they survive).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisLockStoreTest extends LockStoreConformance {
  private RedisServer server;
  private RedisClient rawClient;
  private StatefulRedisConnection<String, byte[]> rawConnection;
  private RedisCommands<String, byte[]> raw;

  @BeforeAll
  void startServer() throws Exception {
    server = RedisServer.start();
    rawClient = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
    rawConnection = rawClient.connect(RedisLink.CODEC);
    raw = rawConnection.sync();
  }

  @AfterAll
  void stopServer() {
    if (rawConnection != null) {
      rawConnection.close();
      rawClient.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected LockStore createLockStore(ComponentMetadata metadata) {
    return new RedisLockStore();
  }

  @Override
  protected Map<String, String> lockMetadata() {
    return Map.of("redisHost", server.address());
  }

  @Override
  protected String lockType() {
    return RedisLockStore.TYPE;
  }

  private RedisLockStore opened() throws Exception {
    RedisLockStore store = new RedisLockStore();
    store.init(new ComponentMetadata("lockstore", RedisLockStore.TYPE, "v1", "myapp", lockMetadata()));
    return store;
  }

  @Test
  @DisplayName("a lock is Dapr's string key: the owner as its value, the expiry as its TTL")
  void daprsLayout() throws Exception {
    String key = resource("layout");
    try (RedisLockStore store = opened()) {
      assertThat(store.tryLock(key, "owner-1", 100)).isTrue();
      assertThat(raw.type(key)).isEqualTo("string");
      assertThat(new String(raw.get(key), StandardCharsets.UTF_8)).isEqualTo("owner-1");
      assertThat(raw.ttl(key)).isBetween(98L, 100L);
      assertThat(store.unlock(key, "owner-1")).isEqualTo(UnlockStatus.SUCCESS);
      assertThat(raw.exists(key)).isZero();
    }
  }

  @Test
  @DisplayName("a lock another sidecar took with SET NX EX (as daprd does) is held, and released only for its owner")
  void respectsLocksWrittenByOthers() throws Exception {
    String key = resource("daprd");
    raw.set(key, "daprd-owner".getBytes(StandardCharsets.UTF_8), SetArgs.Builder.nx().ex(60));
    try (RedisLockStore store = opened()) {
      assertThat(store.tryLock(key, "jdaprd-owner", 60)).isFalse();
      assertThat(store.unlock(key, "jdaprd-owner")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
      assertThat(store.unlock(key, "daprd-owner")).isEqualTo(UnlockStatus.SUCCESS);
    }
  }

  @Test
  @DisplayName("redisType cluster is refused at init, as Dapr's lock refuses it")
  void clusterIsRefused() {
    RedisLockStore store = new RedisLockStore();
    assertThatThrownBy(() -> store.init(new ComponentMetadata("lockstore", RedisLockStore.TYPE, "v1", "myapp",
        Map.of("redisHost", server.address(), "redisType", "cluster"))))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("does not support connecting to Redis Cluster");
  }

  @Test
  @DisplayName("Redis restarting without persistence: calls fail while it is down, then every lock is gone")
  void restartLosesLocks() throws Exception {
    String key = resource("restart");
    try (RedisLockStore store = opened()) {
      assertThat(store.tryLock(key, "before", 60)).isTrue();
      server.stop();
      assertThatThrownBy(() -> store.tryLock(key, "during", 60)).isInstanceOf(LockException.class)
          .hasMessageContaining("redis lock store lockstore").hasMessageContaining(server.address());
      server.startAgain();
      Poll.untilPasses("the store to reconnect", Duration.ofSeconds(10),
          () -> assertThat(store.unlock(key, "before")).isEqualTo(UnlockStatus.LOCK_DOES_NOT_EXIST));
      assertThat(store.tryLock(key, "after", 60)).as("the lock held before the restart is free").isTrue();
      assertThat(store.unlock(key, "after")).isEqualTo(UnlockStatus.SUCCESS);
    } finally {
      rawConnection.close();
      rawConnection = rawClient.connect(RedisLink.CODEC);
      raw = rawConnection.sync();
    }
  }

  @Test
  @DisplayName("Redis restarting with an append-only file: the lock, its owner and its expiry survive")
  void restartWithPersistenceKeepsLocks() throws Exception {
    String key = resource("durable");
    try (RedisServer durable = RedisServer.startDurable(); RedisLockStore store = new RedisLockStore()) {
      store.init(new ComponentMetadata("lockstore", RedisLockStore.TYPE, "v1", "myapp",
          Map.of("redisHost", durable.address())));
      assertThat(store.tryLock(key, "before", 60)).isTrue();
      durable.restart();
      Poll.untilPasses("the store to reconnect", Duration.ofSeconds(10),
          () -> assertThat(store.tryLock(key, "after", 60)).as("still held after the restart").isFalse());
      RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", durable.port()));
      try (StatefulRedisConnection<String, byte[]> connection = client.connect(RedisLink.CODEC)) {
        assertThat(connection.sync().ttl(key)).as("the expiry survived too").isBetween(50L, 60L);
      } finally {
        client.shutdown();
      }
      assertThat(store.unlock(key, "after")).isEqualTo(UnlockStatus.LOCK_BELONGS_TO_OTHERS);
      assertThat(store.unlock(key, "before")).isEqualTo(UnlockStatus.SUCCESS);
    }
  }
}
