package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.Query;
import io.jdaprd.spi.state.QueryResult;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation.Delete;
import io.jdaprd.spi.state.TransactionOperation.Upsert;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code version: v1} keeps daprd v1's table: what the store writes is what daprd v1 reads (JSON in the {@code jsonb}
 * column, anything else as base64 with {@code isbinary}), what daprd v1 wrote (checked here by writing rows raw) is
 * what the store reads, and the ETag is the row's {@code xmin}.
 */
@ExtendWith(SharedPostgres.class)
class PostgresV1LayoutTest {
  private PostgresServer server;
  private String database;
  private PostgresStateStore store;
  private String prefix;

  @BeforeEach
  void open(PostgresServer shared) throws Exception {
    server = shared;
    database = server.database("v1_layout");
    store = new PostgresStateStore();
    store.init(new ComponentMetadata("v1store", PostgresStateStore.TYPE, "v1", "app",
        Map.of("connectionString", server.connectionString(database))));
    prefix = "app-" + UUID.randomUUID().toString().substring(0, 8) + "||";
  }

  @AfterEach
  void close() {
    store.close();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"a\": 1, \"bb\": [true, null]}", "\"text\"", "42", "-1.50", "null", "[]",
      "\"caf\u00e9 \u2603 \ud83d\ude00\""})
  @DisplayName("JSON that PostgreSQL prints back the same is stored as jsonb, isbinary false, and read back exactly")
  void canonicalJsonIsJsonb(String json) throws Exception {
    String key = prefix + "json";
    store.set(set(key, utf8(json), null, null, Map.of()));
    assertThat(row(key)).isEqualTo(new Row(json, false));
    assertThat(read(key).data()).isEqualTo(utf8(json));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(strings = {"{\"qty\":3}", "{\"b\": 1, \"a\": 2}", "1e2", "\"\\u00e9\"", "[1,2]", "plain text",
      "{\"a\": \"\\u0000\"}", " 1", "\"\\ud800\"", ""})
  @DisplayName("any other text is stored as daprd stores bytes, base64 in a JSON string, and read back exactly")
  void otherTextIsBinary(String text) throws Exception {
    String key = prefix + "text";
    store.set(set(key, utf8(text), null, null, Map.of()));
    String base64 = java.util.Base64.getEncoder().encodeToString(utf8(text));
    assertThat(row(key)).isEqualTo(new Row("\"" + base64 + "\"", true));
    assertThat(read(key).data()).isEqualTo(utf8(text));
  }

  @Test
  @DisplayName("bytes that are not UTF-8 are stored as base64 and read back exactly")
  void binaryBytes() throws Exception {
    byte[] bytes = {(byte) 0xff, 0, (byte) 0x80, '"', '\n', (byte) 0xc3};
    store.set(set(prefix + "bin", bytes, null, null, Map.of()));
    assertThat(row(prefix + "bin")).isEqualTo(new Row("\"/wCAIgrD\"", true));
    assertThat(read(prefix + "bin").data()).isEqualTo(bytes);
  }

  @Test
  @DisplayName("rows daprd v1 wrote are read as daprd reads them: jsonb as PostgreSQL prints it, binary decoded")
  void readsWhatDaprdWrote() throws Exception {
    try (Connection c = server.connect(database);
        PreparedStatement ps = c.prepareStatement("INSERT INTO state (key, value, isbinary, expiredate) VALUES"
            + " (?, '{\"qty\":3,\"note\":\"x\"}', false, NULL), (?, '\"AAH/\"', true, now() + interval '1 hour')")) {
      ps.setString(1, prefix + "json");
      ps.setString(2, prefix + "bytes");
      ps.executeUpdate();
    }
    StoredValue json = read(prefix + "json");
    assertThat(new String(json.data(), StandardCharsets.UTF_8)).isEqualTo("{\"qty\": 3, \"note\": \"x\"}");
    assertThat(json.etag()).isEqualTo(xmin(prefix + "json"));
    StoredValue bytes = read(prefix + "bytes");
    assertThat(bytes.data()).isEqualTo(new byte[] {0, 1, (byte) 0xff});
    assertThat(OffsetDateTime.parse(bytes.metadata().get("ttlExpireTime")).toInstant())
        .isBetween(Instant.now().plusSeconds(3590), Instant.now().plusSeconds(3601));
    assertThat(store.bulkGet(List.of(new GetRequest(prefix + "bytes", Map.of(), null),
        new GetRequest(prefix + "json", Map.of(), null)))).extracting(v -> v.orElseThrow().etag())
        .containsExactly(xmin(prefix + "bytes"), xmin(prefix + "json"));
  }

  @Test
  @DisplayName("the ETag is the row's xmin: new on every write, compared on conditional writes and deletes")
  void etagIsXmin() throws Exception {
    String key = prefix + "etag";
    store.set(set(key, utf8("1"), null, null, Map.of()));
    String first = read(key).etag();
    assertThat(first).isEqualTo(xmin(key)).matches("[0-9]+");
    store.set(set(key, utf8("2"), first, Concurrency.FIRST_WRITE, Map.of()));
    String second = read(key).etag();
    assertThat(second).isEqualTo(xmin(key)).isNotEqualTo(first);
    assertThatThrownBy(() -> store.set(set(key, utf8("3"), first, Concurrency.LAST_WRITE, Map.of())))
        .as("daprd v1 compares the ETag under last-write too").isInstanceOf(EtagMismatchException.class);
    assertThatThrownBy(() -> store.delete(new DeleteRequest(key, first, Map.of(), null, null)))
        .isInstanceOf(EtagMismatchException.class);
    assertThatThrownBy(() -> store.set(set(key, utf8("3"), null, Concurrency.FIRST_WRITE, Map.of())))
        .isExactlyInstanceOf(StateException.class).hasMessage("no item was updated");
    store.set(set(key, utf8("3"), "00" + second, null, Map.of()));
    store.delete(new DeleteRequest(key, read(key).etag(), Map.of(), null, null));
    assertThat(store.get(new GetRequest(key, Map.of(), null))).isEmpty();
  }

  @Test
  @DisplayName("ttlInSeconds sets expiredate; an expired row reads as absent and is replaced by a first-write")
  void ttlIsExpiredate() throws Exception {
    String key = prefix + "ttl";
    store.set(set(key, utf8("\"soon\""), null, null, Map.of("ttlInSeconds", "1")));
    try (Connection c = server.connect(database);
        PreparedStatement ps = c.prepareStatement("SELECT expiredate > now() AND expiredate <= now() + interval"
            + " '2 seconds' FROM state WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBoolean(1)).isTrue();
      }
    }
    Thread.sleep(1100);
    assertThat(store.get(new GetRequest(key, Map.of(), null))).isEmpty();
    store.set(set(key, utf8("\"again\""), null, Concurrency.FIRST_WRITE, Map.of()));
    assertThat(read(key).data()).isEqualTo(utf8("\"again\""));
    assertThat(read(key).metadata()).doesNotContainKey("ttlExpireTime");
  }

  @Test
  @DisplayName("a transaction writes both kinds of value in one database transaction, or nothing")
  void transactions() throws Exception {
    store.set(set(prefix + "gone", utf8("1"), null, null, Map.of()));
    store.multi(List.of(new Upsert(set(prefix + "tx-json", utf8("{\"a\": 1}"), null, null, Map.of())),
        new Upsert(set(prefix + "tx-bin", new byte[] {1, 2}, null, null, Map.of())),
        new Delete(new DeleteRequest(prefix + "gone", null, Map.of(), null, null))), Map.of());
    assertThat(row(prefix + "tx-json")).isEqualTo(new Row("{\"a\": 1}", false));
    assertThat(row(prefix + "tx-bin")).isEqualTo(new Row("\"AQI=\"", true));
    assertThat(store.get(new GetRequest(prefix + "gone", Map.of(), null))).isEmpty();
    assertThatThrownBy(() -> store.multi(List.of(new Upsert(set(prefix + "tx-new", utf8("1"), null, null,
        Map.of())), new Upsert(set(prefix + "tx-json", utf8("2"), "1", null, Map.of()))), Map.of()))
        .isInstanceOf(EtagMismatchException.class);
    assertThat(store.get(new GetRequest(prefix + "tx-new", Map.of(), null))).isEmpty();
  }

  @Test
  @DisplayName("queries read JSON from both kinds of row, the ones daprd wrote included")
  void queriesReadBothKinds() throws Exception {
    store.set(set(prefix + "compact", utf8("{\"city\":\"Seattle\",\"n\":2}"), null, null, Map.of()));
    store.set(set(prefix + "canonical", utf8("{\"n\": 1, \"city\": \"Seattle\"}"), null, null, Map.of()));
    store.set(set(prefix + "other", utf8("{\"city\":\"Portland\",\"n\":3}"), null, null, Map.of()));
    store.set(set(prefix + "bytes", new byte[] {(byte) 0xff}, null, null, Map.of()));
    try (Connection c = server.connect(database);
        PreparedStatement ps = c.prepareStatement("INSERT INTO state (key, value, isbinary) VALUES"
            + " (?, '{\"city\": \"Seattle\", \"n\": 0}', false)")) {
      ps.setString(1, prefix + "daprd");
      ps.executeUpdate();
    }
    QueryResult result = store.query(new Query(prefix, new Query.Filter.Eq("city", "Seattle"),
        List.of(new Query.Sort("n", false)), 0, null, Map.of()));
    assertThat(result.items()).extracting(QueryResult.Item::key)
        .containsExactly(prefix + "daprd", prefix + "canonical", prefix + "compact");
    assertThat(result.items().get(2).data()).isEqualTo(utf8("{\"city\":\"Seattle\",\"n\":2}"));
    assertThat(result.items().get(2).etag()).isEqualTo(xmin(prefix + "compact"));
  }

  @Test
  @DisplayName("cleanup records its time under daprd v1's key, last-cleanup")
  void cleanupKey() throws Exception {
    PostgresStateStore cleaning = new PostgresStateStore();
    cleaning.init(new ComponentMetadata("v1store", PostgresStateStore.TYPE, "v1", "app",
        Map.of("connectionString", server.connectionString(database), "cleanupInterval", "1s")));
    try {
      cleaning.set(set(prefix + "expiring", utf8("1"), null, null, Map.of("ttlInSeconds", "1")));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (count("SELECT count(*) FROM state WHERE key = '" + prefix + "expiring'") > 0
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(count("SELECT count(*) FROM state WHERE key = '" + prefix + "expiring'")).isZero();
      assertThat(count("SELECT count(*) FROM dapr_metadata WHERE key = 'last-cleanup'")).isEqualTo(1);
    } finally {
      cleaning.close();
    }
  }

  private record Row(String value, boolean binary) {
  }

  private Row row(String key) throws Exception {
    try (Connection c = server.connect(database);
        PreparedStatement ps = c.prepareStatement("SELECT value::text, isbinary FROM state WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("row %s", key).isTrue();
        return new Row(rs.getString(1), rs.getBoolean(2));
      }
    }
  }

  private String xmin(String key) throws Exception {
    try (Connection c = server.connect(database);
        PreparedStatement ps = c.prepareStatement("SELECT xmin::text FROM state WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).isTrue();
        return rs.getString(1);
      }
    }
  }

  private long count(String sql) throws Exception {
    try (Connection c = server.connect(database); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private StoredValue read(String key) throws StateException {
    return store.get(new GetRequest(key, Map.of(), null)).orElseThrow();
  }

  private static SetRequest set(String key, byte[] value, String etag, Concurrency concurrency,
      Map<String, String> metadata) {
    return new SetRequest(key, value, etag, metadata, concurrency, null);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
