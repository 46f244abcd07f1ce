package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import io.jdaprd.spi.testkit.configuration.ConfigurationStoreConformance;
import io.jdaprd.spi.testkit.timing.Poll;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The configuration conformance suite against a private redis-server (keyspace notifications off at start: the store
 * turns them on, as contrib's), plus contrib's {@code value||version} layout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisConfigurationStoreTest extends ConfigurationStoreConformance {
  private RedisServer server;
  private RedisClient rawClient;
  private StatefulRedisConnection<String, String> rawConnection;
  private RedisCommands<String, String> raw;

  @BeforeAll
  void startServer() throws Exception {
    server = RedisServer.start();
    rawClient = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
    rawConnection = rawClient.connect();
    raw = rawConnection.sync();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (rawConnection != null) {
      rawConnection.close();
      rawClient.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected ConfigurationStore createStore() {
    return new RedisConfigurationStore();
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of("redisHost", server.address());
  }

  @Override
  protected String componentType() {
    return RedisConfigurationStore.TYPE;
  }

  @Override
  protected void write(String key, String value, String version) {
    raw.set(key, value + "||" + version);
  }

  @Test
  @DisplayName("values are split at || as contrib splits them: no || means no version, a third part is dropped")
  void layout() throws Exception {
    ConfigurationStore store = open();
    raw.set(key("plain"), "just");
    raw.set(key("three"), "v||2||extra");
    raw.set(key("empty"), "||4");
    raw.hset(key("hash"), "f", "x");
    Map<String, ConfigurationItem> items =
        store.get(List.of(key("plain"), key("three"), key("empty"), key("hash")), Map.of());
    assertThat(items).containsOnlyKeys(key("plain"), key("three"));
    assertThat(items.get(key("plain"))).isEqualTo(ConfigurationItem.of("just", ""));
    assertThat(items.get(key("three"))).isEqualTo(ConfigurationItem.of("v", "2"));
    assertThat(RedisConfigurationStore.decode(new String("a||".getBytes(StandardCharsets.UTF_8),
        StandardCharsets.UTF_8))).isEqualTo(ConfigurationItem.of("a", ""));
  }

  @Test
  @DisplayName("the store turns keyspace notifications on, and a deleted key is reported as an empty item")
  void deleteIsReported() throws Exception {
    raw.configSet("notify-keyspace-events", "");
    ConfigurationStore store = open();
    List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
    raw.set(key("gone"), "here||1");
    store.subscribe(List.of(key("gone")), Map.of(), updates::add);
    assertThat(raw.configGet("notify-keyspace-events").get("notify-keyspace-events")).contains("g", "$", "K");
    raw.del(key("gone"));
    Poll.await("the delete's update", Duration.ofSeconds(5), () -> !updates.isEmpty());
    assertThat(updates.get(0).items()).containsExactly(Map.entry(key("gone"), ConfigurationItem.of("", "")));
  }

  @Test
  @DisplayName("unsubscribing an unknown id fails with contrib's message")
  void unknownIdMessage() throws Exception {
    ConfigurationStore store = open();
    assertThatThrownBy(() -> store.unsubscribe("abc")).isInstanceOf(ConfigurationException.class)
        .hasMessage("subscription with id abc does not exist");
  }
}
