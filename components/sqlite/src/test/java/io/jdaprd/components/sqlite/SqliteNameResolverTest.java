package io.jdaprd.components.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import io.jdaprd.spi.testkit.timing.Poll;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database file as daprd's sqlite name resolver sees it: layout, rows, renewal, clean-up, lost registrations. */
class SqliteNameResolverTest {
  @TempDir
  Path dir;

  private final List<SqliteNameResolver> resolvers = new ArrayList<>();

  @AfterEach
  void close() {
    resolvers.forEach(SqliteNameResolver::close);
  }

  private String file() {
    return dir.resolve("nr.db").toString();
  }

  private SqliteNameResolver start(String appId, int port, String... pairs) throws ComponentException {
    Map<String, String> configuration = new HashMap<>(Map.of("connectionString", file()));
    for (int i = 0; i < pairs.length; i += 2) {
      configuration.put(pairs[i], pairs[i + 1]);
    }
    SqliteNameResolver resolver = new SqliteNameResolver();
    resolvers.add(resolver);
    resolver.init(new Instance(appId, "default", "10.0.0.7", 3500, port, 0),
        new ComponentMetadata("sqlite", "nameresolution.sqlite", "v1", appId, configuration));
    return resolver;
  }

  private List<List<String>> rows(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      List<List<String>> out = new ArrayList<>();
      int columns = r.getMetaData().getColumnCount();
      while (r.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(r.getString(i));
        }
        out.add(row);
      }
      return out;
    }
  }

  private int execute(String sql) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file()); Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  @Test
  @DisplayName("the tables, indexes and migration level are daprd's")
  void layoutIsDaprds() throws Exception {
    start("app", 50001);
    assertThat(rows("SELECT name, type, \"notnull\", pk FROM pragma_table_info('hosts') ORDER BY cid"))
        .containsExactly(List.of("registration_id", "TEXT", "1", "1"), List.of("address", "TEXT", "1", "0"),
            List.of("app_id", "TEXT", "1", "0"), List.of("namespace", "TEXT", "1", "0"),
            List.of("last_update", "INTEGER", "1", "0"));
    assertThat(rows("SELECT name, \"unique\" FROM pragma_index_list('hosts') WHERE origin = 'c' ORDER BY name"))
        .containsExactly(List.of("hosts_address_idx", "1"), List.of("hosts_last_update_idx", "0"));
    assertThat(rows("SELECT value FROM metadata WHERE key = 'nr-migrations'")).containsExactly(List.of("1"));
    assertThat(rows("SELECT address, app_id, namespace, length(registration_id),"
        + " unixepoch(CURRENT_TIMESTAMP) - last_update <= 1 FROM hosts"))
        .containsExactly(List.of("10.0.0.7:50001", "app", "", "36", "1"));
  }

  @Test
  @DisplayName("configured table names are used, and a second sidecar does not migrate again")
  void configuredTableNames() throws Exception {
    start("a", 50001, "tableName", "nr_hosts", "metadataTableName", "nr_meta");
    SqliteNameResolver other = start("b", 50002, "tableName", "nr_hosts", "metadataTableName", "nr_meta");
    assertThat(rows("SELECT app_id FROM nr_hosts ORDER BY app_id")).containsExactly(List.of("a"), List.of("b"));
    assertThat(other.resolve(new ResolveRequest("a", "elsewhere", 1))).containsExactly("10.0.0.7:50001");
  }

  @Test
  @DisplayName("a row not renewed within updateInterval is not answered, and no host gives daprd's message")
  void staleRowsAreNotAnswered() throws Exception {
    SqliteNameResolver resolver = start("caller", 50001);
    execute("INSERT INTO hosts VALUES ('r1', '10.0.0.9:1', 'gone', '', unixepoch(CURRENT_TIMESTAMP) - 5)");
    execute("INSERT INTO hosts VALUES ('r2', '10.0.0.9:2', 'live', '', unixepoch(CURRENT_TIMESTAMP) - 4)");
    assertThatThrownBy(() -> resolver.resolve(new ResolveRequest("gone", "default", 1)))
        .isInstanceOf(ComponentException.class).hasMessage("no host found with the given ID");
    assertThat(resolver.resolve(new ResolveRequest("live", "default", 1))).containsExactly("10.0.0.9:2");
  }

  @Test
  @DisplayName("every live address of an id is answered, sorted")
  void everyLiveAddress() throws Exception {
    SqliteNameResolver resolver = start("caller", 50001);
    execute("INSERT INTO hosts VALUES ('r1', '10.0.0.9:2', 'app', '', unixepoch(CURRENT_TIMESTAMP))");
    execute("INSERT INTO hosts VALUES ('r2', '10.0.0.9:1', 'app', '', unixepoch(CURRENT_TIMESTAMP))");
    assertThat(resolver.resolve(new ResolveRequest("app", "default", 1))).containsExactly("10.0.0.9:1",
        "10.0.0.9:2");
  }

  @Test
  @DisplayName("the registration is renewed before it goes stale")
  void renewal() throws Exception {
    start("app", 50001, "updateInterval", "2s", "timeout", "1s");
    execute("UPDATE hosts SET last_update = last_update - 100");
    Poll.await("last_update renewed", Duration.ofSeconds(5), () -> {
      try {
        return rows("SELECT unixepoch(CURRENT_TIMESTAMP) - last_update < 2 FROM hosts").equals(List.of(List.of("1")));
      } catch (SQLException e) {
        return false;
      }
    });
  }

  @Test
  @DisplayName("clean-up deletes only stale rows, and only once per cleanupInterval among the sharing sidecars")
  void cleanUpDeletesOnlyStaleRows() throws Exception {
    SqliteNameResolver resolver = start("app", 50001);
    execute("INSERT INTO hosts VALUES ('r1', '10.0.0.9:1', 'old', '', unixepoch(CURRENT_TIMESTAMP) - 5)");
    execute("INSERT INTO hosts VALUES ('r2', '10.0.0.9:2', 'young', '', unixepoch(CURRENT_TIMESTAMP) - 3)");
    assertThat(resolver.cleanUp()).isEqualTo(1);
    assertThat(rows("SELECT app_id FROM hosts ORDER BY app_id")).containsExactly(List.of("app"), List.of("young"));
    execute("UPDATE hosts SET last_update = last_update - 100 WHERE app_id = 'young'");
    assertThat(resolver.cleanUp()).as("a second clean-up within cleanupInterval").isZero();
    execute("UPDATE metadata SET value = datetime('now', '-2 hours') WHERE key = 'nr-last-cleanup'");
    assertThat(resolver.cleanUp()).isEqualTo(1);
    assertThat(rows("SELECT app_id FROM hosts")).containsExactly(List.of("app"));
  }

  @Test
  @DisplayName("close deletes the sidecar's own row and no other")
  void closeDeletesOwnRow() throws Exception {
    SqliteNameResolver leaving = start("a", 50001);
    start("b", 50002);
    leaving.close();
    assertThat(rows("SELECT app_id FROM hosts")).containsExactly(List.of("b"));
  }

  @Test
  @DisplayName("a deleted row is registered again at the next renewal")
  void deletedRowIsRegisteredAgain() throws Exception {
    SqliteNameResolver resolver = start("app", 50001, "updateInterval", "2s");
    List<List<String>> before = rows("SELECT registration_id, address FROM hosts");
    execute("DELETE FROM hosts");
    Poll.await("the row is back", Duration.ofSeconds(5), () -> {
      try {
        return rows("SELECT registration_id, address FROM hosts").equals(before);
      } catch (SQLException e) {
        return false;
      }
    });
    assertThat(resolver.registrationLost()).isFalse();
  }

  @Test
  @DisplayName("an address taken over by another registration is given up and reported")
  void takenOverAddressIsReported() throws Exception {
    SqliteNameResolver resolver = start("app", 50001, "updateInterval", "2s");
    execute("REPLACE INTO hosts VALUES ('intruder', '10.0.0.7:50001', 'other', '', unixepoch(CURRENT_TIMESTAMP))");
    Poll.await("the loss reported", Duration.ofSeconds(5), resolver::registrationLost);
    resolver.close();
    assertThat(rows("SELECT registration_id, app_id FROM hosts")).containsExactly(List.of("intruder", "other"));
  }

  @Test
  @DisplayName("daprd's configuration checks and messages")
  void configurationChecks() {
    assertThatThrownBy(() -> start("app", 50001, "updateInterval", "1500ms"))
        .hasMessage("update interval must not contain fractions of seconds");
    assertThatThrownBy(() -> start("app", 50001, "updateInterval", "2s", "timeout", "1500ms"))
        .hasMessage("update interval must be at least 1s greater than timeout");
    assertThatThrownBy(() -> start("app", 50001, "tableName", "x;y"))
        .hasMessage("invalid identifier for table name: x;y");
    assertThatThrownBy(() -> start("app", 0)).hasMessage("port is missing or invalid");
    SqliteNameResolver noConnection = new SqliteNameResolver();
    assertThatThrownBy(() -> noConnection.init(new Instance("app", "default", "10.0.0.7", 3500, 1, 0),
        new ComponentMetadata("sqlite", "nameresolution.sqlite", "v1", "app", Map.of())))
        .isInstanceOf(ComponentException.class).hasMessage("missing connection string");
    assertThatThrownBy(() -> start("app", 50001, "timeout", "500ms"))
        .hasMessage("invalid value for 'timeout': must be greater than 1s");
  }
}
