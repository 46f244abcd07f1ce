package io.jdaprd.components.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database file as daprd sees it, the journal modes, cleanup, and failures. */
class SqliteFileTest {
  @TempDir
  Path dir;

  private final List<SqliteStateStore> stores = new ArrayList<>();

  @AfterEach
  void closeStores() {
    stores.forEach(SqliteStateStore::close);
  }

  private SqliteStateStore open(String... pairs) throws ComponentException {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.put(pairs[i], pairs[i + 1]);
    }
    SqliteStateStore store = new SqliteStateStore();
    stores.add(store);
    store.init(new ComponentMetadata("statestore", SqliteStateStore.TYPE, "v1", "app", properties));
    return store;
  }

  private static Connection raw(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file);
  }

  private static String query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  private static void set(SqliteStateStore store, String key, byte[] value, Map<String, String> metadata)
      throws StateException {
    store.set(new SetRequest(key, value, null, metadata, null, null));
  }

  private static StoredValue get(SqliteStateStore store, String key) throws StateException {
    return store.get(new GetRequest(key, Map.of(), null)).orElse(null);
  }

  @Test
  @DisplayName("the schema is Dapr's: same columns, migration level 1, WAL")
  void schemaIsDaprs() throws Exception {
    Path file = dir.resolve("state.db");
    open("connectionString", file.toString());
    try (Connection c = raw(file); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA table_info(state)")) {
      List<String> columns = new ArrayList<>();
      while (rs.next()) {
        columns.add(rs.getString("name") + " " + rs.getString("type") + (rs.getBoolean("notnull") ? " NOT NULL" : "")
            + (rs.getInt("pk") > 0 ? " PK" : ""));
      }
      assertThat(columns).containsExactly("key TEXT NOT NULL PK", "value TEXT NOT NULL",
          "is_binary BOOLEAN NOT NULL", "etag TEXT NOT NULL", "expiration_time TIMESTAMP",
          "update_time TIMESTAMP NOT NULL");
      assertThat(query(c, "SELECT value FROM metadata WHERE key = 'migrations'")).isEqualTo("1");
      assertThat(query(c, "PRAGMA journal_mode")).isEqualTo("wal");
    }
  }

  @Test
  @DisplayName("values are stored as daprd stores them: text as text, other bytes as base64")
  void valuesAreStoredAsDaprdStoresThem() throws Exception {
    Path file = dir.resolve("state.db");
    SqliteStateStore store = open("connectionString", file.toString());
    byte[] binary = {(byte) 0xff, 0, 7};
    set(store, "app||text", "{\"a\":\"ключ\"}".getBytes(StandardCharsets.UTF_8), Map.of());
    set(store, "app||binary", binary, Map.of("ttlInSeconds", "100"));
    try (Connection c = raw(file)) {
      assertThat(query(c, "SELECT value || '|' || is_binary FROM state WHERE key = 'app||text'"))
          .isEqualTo("{\"a\":\"ключ\"}|0");
      assertThat(query(c, "SELECT value || '|' || is_binary FROM state WHERE key = 'app||binary'"))
          .isEqualTo(Base64.getEncoder().encodeToString(binary) + "|1");
      assertThat(query(c, "SELECT expiration_time > CURRENT_TIMESTAMP"
          + " AND expiration_time < DATETIME(CURRENT_TIMESTAMP, '+101 seconds') FROM state WHERE key = 'app||binary'"))
          .as("daprd compares expiration_time with CURRENT_TIMESTAMP as text").isEqualTo("1");
    }
  }

  @Test
  @DisplayName("rows daprd wrote are read, expired ones as absent, and can be updated with their ETags")
  void readsRowsDaprdWrote() throws Exception {
    Path file = dir.resolve("state.db");
    SqliteStateStore store = open("connectionString", file.toString());
    try (Connection c = raw(file); Statement s = c.createStatement()) {
      s.execute("INSERT INTO state (key, value, is_binary, etag, expiration_time, update_time) VALUES"
          + " ('app||json', '{\"n\":1}', 0, 'etag-1', NULL, CURRENT_TIMESTAMP),"
          + " ('app||bytes', '" + Base64.getEncoder().encodeToString(new byte[] {1, 2, (byte) 0xfe}) + "', 1,"
          + " 'etag-2', DATETIME(CURRENT_TIMESTAMP, '+100 seconds'), CURRENT_TIMESTAMP),"
          + " ('app||expired', '\"x\"', 0, 'etag-3', DATETIME(CURRENT_TIMESTAMP, '-1 seconds'), CURRENT_TIMESTAMP)");
    }
    StoredValue json = get(store, "app||json");
    assertThat(new String(json.data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    assertThat(json.etag()).isEqualTo("etag-1");
    StoredValue bytes = get(store, "app||bytes");
    assertThat(bytes.data()).containsExactly(1, 2, 0xfe);
    Instant expires = Instant.parse(bytes.metadata().get("ttlExpireTime"));
    assertThat(expires).isBetween(Instant.now().plusSeconds(95), Instant.now().plusSeconds(101));
    assertThat(get(store, "app||expired")).as("a row daprd wrote that expired reads as absent").isNull();
    store.set(new SetRequest("app||json", "2".getBytes(StandardCharsets.UTF_8), "etag-1", Map.of(), null, null));
    assertThat(get(store, "app||json").data()).isEqualTo("2".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("disableWAL keeps the rollback journal, and the store still works")
  void disableWal() throws Exception {
    Path file = dir.resolve("nowal.db");
    SqliteStateStore store = open("connectionString", file.toString(), "disableWAL", "true");
    set(store, "k", "v".getBytes(StandardCharsets.UTF_8), Map.of());
    store.multi(List.of(new TransactionOperation.Delete(new DeleteRequest("k", null, Map.of(), null, null))),
        Map.of());
    assertThat(get(store, "k")).isNull();
    try (Connection c = raw(file)) {
      assertThat(query(c, "PRAGMA journal_mode")).isEqualTo("delete");
    }
  }

  @Test
  @DisplayName(":memory: databases work, transactions included")
  void inMemoryDatabase() throws Exception {
    SqliteStateStore store = open("connectionString", ":memory:");
    set(store, "k", "v".getBytes(StandardCharsets.UTF_8), Map.of());
    store.multi(List.of(new TransactionOperation.Upsert(
        new SetRequest("k2", "w".getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null))), Map.of());
    assertThat(get(store, "k").data()).isEqualTo("v".getBytes(StandardCharsets.UTF_8));
    assertThat(get(store, "k2").data()).isEqualTo("w".getBytes(StandardCharsets.UTF_8));
    store.check();
  }

  @Test
  @DisplayName("a file: URI works, and missing directories are created")
  void fileUriAndMissingDirectories() throws Exception {
    Path file = dir.resolve("a/b/c/state.db");
    SqliteStateStore store = open("connectionString", "file:" + file + "?cache=private");
    set(store, "k", "v".getBytes(StandardCharsets.UTF_8), Map.of());
    assertThat(Files.isRegularFile(file)).isTrue();
    assertThat(get(store, "k")).isNotNull();
  }

  @Test
  @DisplayName("cleanupInterval deletes expired rows; without it they stay until overwritten")
  void cleanupDeletesExpiredRows() throws Exception {
    Path cleaned = dir.resolve("cleaned.db");
    Path kept = dir.resolve("kept.db");
    SqliteStateStore withCleanup = open("connectionString", cleaned.toString(), "cleanupInterval", "1s");
    SqliteStateStore without = open("connectionString", kept.toString());
    set(withCleanup, "k", "v".getBytes(StandardCharsets.UTF_8), Map.of("ttlInSeconds", "1"));
    set(without, "k", "v".getBytes(StandardCharsets.UTF_8), Map.of("ttlInSeconds", "1"));
    long deadline = System.nanoTime() + Duration.ofSeconds(6).toNanos();
    try (Connection c = raw(cleaned); Connection k = raw(kept)) {
      while (!"0".equals(query(c, "SELECT count(*) FROM state")) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(query(c, "SELECT count(*) FROM state")).as("the cleanup deleted the expired row").isEqualTo("0");
      assertThat(query(c, "SELECT count(*) FROM metadata WHERE key = 'last-cleanup'")).isEqualTo("1");
      assertThat(query(k, "SELECT count(*) FROM state")).as("without cleanup the expired row stays").isEqualTo("1");
    }
    assertThat(get(without, "k")).as("an expired row that stays reads as absent").isNull();
  }

  @Test
  @DisplayName("a database locked by another process fails after busyTimeout, without naming the file")
  void lockedDatabaseFailsAfterBusyTimeout() throws Exception {
    Path file = dir.resolve("locked.db");
    SqliteStateStore store = open("connectionString", file.toString(), "busyTimeout", "200ms");
    try (Connection other = raw(file); Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      long start = System.nanoTime();
      assertThatThrownBy(() -> set(store, "k", new byte[] {1}, Map.of()))
          .isInstanceOf(StateException.class)
          .hasMessage("state store statestore: set failed: the database is locked by another connection")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(dir.toString()));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("below the 20 s statement timeout")
          .isLessThan(Duration.ofSeconds(15));
      assertThat(get(store, "k")).as("WAL readers are not blocked by a writer").isNull();
      s.execute("COMMIT");
    }
    set(store, "k", new byte[] {1}, Map.of());
    assertThat(get(store, "k")).isNotNull();
  }

  @Test
  @DisplayName("an operation that outlives timeout is interrupted")
  void timeoutInterruptsOperations() throws Exception {
    Path file = dir.resolve("slow.db");
    SqliteStateStore store = open("connectionString", file.toString(), "busyTimeout", "30s", "timeout", "1s");
    try (Connection other = raw(file); Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      long start = System.nanoTime();
      assertThatThrownBy(() -> set(store, "k", new byte[] {1}, Map.of()))
          .isInstanceOf(StateException.class).hasMessage("state store statestore: set failed: timed out after 1s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("below the 30 s busy timeout")
          .isLessThan(Duration.ofSeconds(20));
      s.execute("COMMIT");
    }
    set(store, "k", new byte[] {1}, Map.of());
    assertThat(get(store, "k")).isNotNull();
  }

  @Test
  @DisplayName("a file that is not a database fails init with a short message, without its path")
  void notADatabase() throws Exception {
    Path file = dir.resolve("garbage.db");
    Files.write(file, new byte[4096]);
    Files.writeString(file, "this is not a database, just some text that is long enough to be a header");
    assertThatThrownBy(() -> open("connectionString", file.toString()))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("state store statestore")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(dir.toString()));
    Path blocker = dir.resolve("blocker");
    Files.writeString(blocker, "a file where a directory should be");
    assertThatThrownBy(() -> open("connectionString", blocker.resolve("state.db").toString()))
        .isInstanceOf(ComponentException.class)
        .hasMessage("state store statestore: cannot open the database: its directory cannot be created");
  }
}
