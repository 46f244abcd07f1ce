package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.jdaprd.spi.state.Consistency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.TransactionOperation.Delete;
import io.jdaprd.spi.state.TransactionOperation.Upsert;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import io.jdaprd.spi.testkit.timing.Poll;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.sentinel.api.StatefulRedisSentinelConnection;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * state.redis and pubsub.redis through a sentinel ({@code failover: true}): a private master, one replica and one sentinel that fails
 * over half a second after the master stops answering. The failover test runs last, as it leaves the replica master.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelTest {
  private static final Duration SETTLING = Duration.ofSeconds(30);
  private static final Duration FAILOVER = Duration.ofSeconds(30);

  private RedisServer master;
  private RedisServer replica;
  private RedisSentinel sentinel;
  private RedisStateStore store;

  @BeforeAll
  void startServers() throws Exception {
    master = RedisServer.start();
    replica = RedisServer.start("--replicaof", "127.0.0.1", String.valueOf(master.port()));
    Poll.await("the replica in sync with the master", SETTLING,
        () -> onNode(replica, c -> c.sync().info("replication")).contains("master_link_status:up"));
    sentinel = RedisSentinel.start(master.port(), Duration.ofMillis(500), Duration.ofSeconds(2));
    Poll.await("the sentinel knowing the replica", SETTLING,
        () -> onSentinel(c -> c.sync().replicas(RedisSentinel.MASTER_NAME)).stream()
            .anyMatch(r -> String.valueOf(replica.port()).equals(r.get("port"))
                && !r.getOrDefault("flags", "").contains("disconnected")));
  }

  @AfterAll
  void stopServers() {
    for (AutoCloseable server : new AutoCloseable[] {sentinel, replica, master}) {
      if (server != null) {
        try {
          server.close();
        } catch (Exception e) {
          System.err.println("could not close " + server + ": " + e);
        }
      }
    }
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
      store = null;
    }
  }

  @Test
  @Order(1)
  @DisplayName("through the sentinel the store writes to the master, whose replica gets every write")
  void worksThroughTheSentinel() throws Exception {
    store = openStore();
    store.set(set("greeting", "hello", Consistency.STRONG));
    assertThat(read("greeting")).isEqualTo("hello");
    store.multi(List.of(new Upsert(set("tx-a", "a", null)), new Upsert(set("tx-b", "b", null)),
        new Delete(new DeleteRequest("greeting", null, Map.of(), null, null))), Map.of());
    assertThat(read("tx-a")).isEqualTo("a");
    assertThat(store.get(new GetRequest("greeting", Map.of(), null))).isEmpty();
    assertThat(dataOn(master, "tx-b")).as("the sentinel's master holds the data")
        .isEqualTo("b");
    Poll.await("the replica holding the transaction's writes", SETTLING,
        () -> "a".equals(dataOn(replica, "tx-a")));
  }

  @Test
  @Order(2)
  @DisplayName("pubsub.redis through the sentinel delivers what it publishes")
  void pubSubThroughTheSentinel() throws Exception {
    try (RedisPubSub pubSub = new RedisPubSub()) {
      pubSub.init(new ComponentMetadata("sentinel-pubsub", RedisPubSub.TYPE, "v1", "app",
          Map.of("redisHost", sentinel.address(), "failover", "true", "sentinelMasterName",
              RedisSentinel.MASTER_NAME)));
      Inbox inbox = new Inbox();
      try (Subscription ignored = pubSub.subscribe(new SubscribeRequest("sentinel-topic", Map.of()), inbox)) {
        pubSub.publish(new PublishRequest("sentinel-topic", "via sentinel".getBytes(StandardCharsets.UTF_8),
            "text/plain", Map.of()));
        assertThat(inbox.awaitTexts(Set.of("via sentinel"), Duration.ofSeconds(15))).isTrue();
      }
    }
  }

  @Test
  @Order(3)
  @DisplayName("after the master stops and the sentinel promotes the replica, writes succeed again")
  void writesSurviveFailover() throws Exception {
    store = openStore();
    store.set(set("before-failover", "kept", Consistency.STRONG));
    master.stop();
    Poll.await("the sentinel naming the replica as master", FAILOVER,
        () -> onSentinel(c -> c.sync().getMasterAddrByName(RedisSentinel.MASTER_NAME)) instanceof InetSocketAddress a
            && a.getPort() == replica.port());
    Poll.untilPasses("a write through the store after the failover", FAILOVER,
        () -> store.set(set("after-failover", "written", null)));
    assertThat(read("after-failover")).isEqualTo("written");
    assertThat(read("before-failover")).as("what the replica had before it was promoted").isEqualTo("kept");
    assertThat(dataOn(replica, "after-failover")).as("the promoted replica has it")
        .isEqualTo("written");
  }

  private RedisStateStore openStore() throws Exception {
    RedisStateStore opened = new RedisStateStore();
    opened.init(new ComponentMetadata("sentinel-store", RedisStateStore.TYPE, "v1", "app",
        Map.of("redisHost", sentinel.address(), "failover", "true", "sentinelMasterName",
            RedisSentinel.MASTER_NAME)));
    return opened;
  }

  private String read(String key) throws Exception {
    return new String(store.get(new GetRequest(key, Map.of(), null)).orElseThrow().data(), StandardCharsets.UTF_8);
  }

  private static SetRequest set(String key, String value, Consistency consistency) {
    return new SetRequest(key, value.getBytes(StandardCharsets.UTF_8), null, Map.of(), null, consistency);
  }

  /** The {@code data} field of {@code key}'s hash on {@code node}, or {@code null}. */
  private static String dataOn(RedisServer node, String key) {
    return onNode(node, c -> c.sync().hget(key, "data"));
  }

  private static <T> T onNode(RedisServer node, Function<StatefulRedisConnection<String, String>, T> use) {
    RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", node.port()));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return use.apply(connection);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private <T> T onSentinel(Function<StatefulRedisSentinelConnection<String, String>, T> use) {
    RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", sentinel.port()));
    try (StatefulRedisSentinelConnection<String, String> connection = client.connectSentinel()) {
      return use.apply(connection);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
