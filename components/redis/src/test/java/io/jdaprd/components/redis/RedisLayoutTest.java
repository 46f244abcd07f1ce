package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StoredValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The data layout is Dapr's, byte for byte: what the store writes is what daprd would find, and what daprd wrote
 * (checked here by writing it raw) is what the store reads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisLayoutTest {
  private RedisServer server;
  private RedisClient rawClient;
  private StatefulRedisConnection<String, byte[]> rawConnection;
  private RedisCommands<String, byte[]> raw;
  private RedisStateStore store;

  @BeforeAll
  void start() throws Exception {
    server = RedisServer.start();
    rawClient = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
    rawConnection = rawClient.connect(RedisLink.CODEC);
    raw = rawConnection.sync();
  }

  @AfterAll
  void stop() throws Exception {
    if (rawConnection != null) {
      rawConnection.close();
      rawClient.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @BeforeEach
  void openStore() throws Exception {
    raw.flushall();
    store = new RedisStateStore();
    store.init(new ComponentMetadata("statestore", RedisStateStore.TYPE, "v1", "myapp",
        Map.of("redisHost", server.address())));
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  @DisplayName("a write is a hash with data and version 1, then 2; a delete removes the key")
  void writesDaprsHash() throws Exception {
    String key = "myapp||order-1";
    store.set(set(key, "{\"qty\":3}", null, null, Map.of()));
    assertThat(fields(key)).as("Dapr's layout: HGETALL shows data and version")
        .isEqualTo(Map.of("data", "{\"qty\":3}", "version", "1"));
    assertThat(raw.type(key)).isEqualTo("hash");
    assertThat(raw.ttl(key)).as("no TTL asked, none set").isEqualTo(-1L);

    store.set(set(key, "{\"qty\":4}", "1", null, Map.of("ttlInSeconds", "60")));
    assertThat(fields(key)).isEqualTo(Map.of("data", "{\"qty\":4}", "version", "2"));
    assertThat(raw.ttl(key)).as("ttlInSeconds is the key's own expiry (EXPIRE)").isBetween(55L, 60L);

    store.delete(new DeleteRequest(key, "2", Map.of(), null, null));
    assertThat(raw.exists(key)).as("a delete removes the whole hash").isZero();
  }

  @Test
  @DisplayName("binary values are stored as the exact bytes")
  void binaryValuesAreRaw() throws Exception {
    byte[] value = {(byte) 0xff, 0, (byte) 0x80, '"', '\n'};
    store.set(new SetRequest("myapp||bin", value, null, Map.of(), null, null));
    assertThat(raw.hget("myapp||bin", "data")).isEqualTo(value);
  }

  @Test
  @DisplayName("a hash written the way daprd writes it is read, with its version as ETag")
  void readsWhatDaprdWrote() throws Exception {
    String key = "myapp||from-daprd";
    Map<String, byte[]> hash = new LinkedHashMap<>();
    hash.put("data", utf8("\"hello\""));
    hash.put("version", utf8("7"));
    hash.put("first-write", utf8("0"));
    raw.hset(key, hash);
    raw.expire(key, 3600);

    StoredValue value = store.get(new GetRequest(key, Map.of(), null)).orElseThrow();
    assertThat(new String(value.data(), StandardCharsets.UTF_8)).isEqualTo("\"hello\"");
    assertThat(value.etag()).isEqualTo("7");
    assertThat(value.metadata()).containsKey("ttlExpireTime");

    store.set(set(key, "\"updated\"", "7", null, Map.of()));
    assertThat(raw.hget(key, "version")).isEqualTo(utf8("8"));
    assertThat(raw.hget(key, "data")).isEqualTo(utf8("\"updated\""));
    assertThat(raw.ttl(key)).as("a write without ttlInSeconds removes the expiry").isEqualTo(-1L);
  }

  @Test
  @DisplayName("a first-write set marks the hash with first-write 0, as daprd's script; a key daprd marked is honoured")
  void firstWriteMark() throws Exception {
    String key = "myapp||marked";
    store.set(set(key, "v", null, Concurrency.FIRST_WRITE, Map.of()));
    assertThat(fields(key)).as("daprd's layout of a key written under first-write")
        .isEqualTo(Map.of("data", "v", "version", "1", "first-write", "0"));
    store.set(set(key, "w", "1", null, Map.of()));
    assertThat(fields(key)).as("a later write keeps the mark, as daprd's HSET of data does")
        .isEqualTo(Map.of("data", "w", "version", "2", "first-write", "0"));

    String daprds = "myapp||marked-by-daprd";
    raw.hset(daprds, Map.of("data", utf8("d"), "version", utf8("3"), "first-write", utf8("0")));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.set(set(daprds, "x", null, null, Map.of())))
        .as("a key daprd wrote under first-write refuses a set without ETag")
        .isExactlyInstanceOf(io.jdaprd.spi.state.StateException.class)
        .hasMessage("failed to set key " + daprds + ": failed to set key " + daprds);
    store.set(set(daprds, "y", "3", Concurrency.FIRST_WRITE, Map.of()));
    assertThat(fields(daprds)).isEqualTo(Map.of("data", "y", "version", "4", "first-write", "0"));
  }

  @Test
  @DisplayName("an old plain string value reads without ETag, and a write turns it into a hash")
  void plainStringValue() throws Exception {
    String key = "myapp||legacy";
    raw.set(key, utf8("legacy value"));
    Optional<StoredValue> value = store.get(new GetRequest(key, Map.of(), null));
    assertThat(value).isPresent();
    assertThat(new String(value.get().data(), StandardCharsets.UTF_8)).isEqualTo("legacy value");
    assertThat(value.get().etag()).isNull();
    assertThat(store.bulkGet(java.util.List.of(new GetRequest(key, Map.of(), null))).get(0)).isPresent();

    store.set(set(key, "new", null, null, Map.of()));
    assertThat(fields(key)).isEqualTo(Map.of("data", "new", "version", "1"));
  }

  @Test
  @DisplayName("writes run one cached Lua script by its SHA-1, and load it again after SCRIPT FLUSH")
  void scriptIsCachedAndReloaded() throws Exception {
    store.set(set("myapp||s", "1", null, null, Map.of()));
    assertThat(raw.scriptExists(WriteScript.SHA)).as("the SHA-1 the store sends is the script's").containsExactly(true);
    raw.scriptFlush();
    store.set(set("myapp||s", "2", "1", null, Map.of()));
    assertThat(fields("myapp||s")).isEqualTo(Map.of("data", "2", "version", "2"));
    assertThat(raw.scriptExists(WriteScript.SHA)).containsExactly(true);
  }

  private Map<String, String> fields(String key) {
    Map<String, String> out = new TreeMap<>();
    raw.hgetall(key).forEach((field, value) -> out.put(field, new String(value, StandardCharsets.UTF_8)));
    return out;
  }

  private static SetRequest set(String key, String value, String etag, Concurrency concurrency,
      Map<String, String> metadata) {
    return new SetRequest(key, utf8(value), etag, metadata, concurrency, null);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
