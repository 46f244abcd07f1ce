package io.jdaprd.components.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqliteSettingsTest {

  private static SqliteSettings settings(String... pairs) throws ComponentException {
    Map<String, String> properties = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.put(pairs[i], pairs[i + 1]);
    }
    return SqliteSettings.from(new ComponentMetadata("statestore", "state.sqlite", "v1", "app", properties));
  }

  @Test
  @DisplayName("Dapr's defaults: tables state and metadata, 20s timeout, 2s busy timeout, no cleanup, WAL")
  void defaults() throws Exception {
    SqliteSettings s = settings("connectionString", "data.db");
    assertThat(s.tableName()).isEqualTo("state");
    assertThat(s.metadataTableName()).isEqualTo("metadata");
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.busyTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(s.cleanupInterval()).as("Dapr: cleanupInterval defaults to 0, periodic cleanup off")
        .isEqualTo(Duration.ZERO);
    assertThat(s.wal()).isTrue();
    assertThat(s.inMemory()).isFalse();
    assertThat(s.databaseFile()).isEqualTo(Path.of("data.db").toAbsolutePath());
    assertThat(s.jdbcUrl()).isEqualTo("jdbc:sqlite:" + Path.of("data.db").toAbsolutePath());
  }

  @Test
  @DisplayName("every setting, by its Dapr name")
  void everySetting() throws Exception {
    SqliteSettings s = settings("connectionString", "/tmp/x/data.db", "tableName", "my_state",
        "metadataTableName", "my_meta", "timeout", "1m", "busyTimeout", "250ms", "cleanupInterval", "30m",
        "disableWAL", "true");
    assertThat(s.tableName()).isEqualTo("my_state");
    assertThat(s.metadataTableName()).isEqualTo("my_meta");
    assertThat(s.timeout()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.busyTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.cleanupInterval()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.wal()).isFalse();
  }

  @Test
  @DisplayName("Dapr's aliases: url, timeoutInSeconds, cleanupIntervalInSeconds; plain numbers are seconds")
  void aliases() throws Exception {
    SqliteSettings s = settings("url", "data.db", "timeoutInSeconds", "30", "cleanupIntervalInSeconds", "60",
        "busyTimeout", "3");
    assertThat(s.databaseFile()).isEqualTo(Path.of("data.db").toAbsolutePath());
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.cleanupInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(s.busyTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "-1h", "0s"})
  @DisplayName("a cleanupInterval of 0 or less turns periodic cleanup off")
  void nonPositiveCleanupIntervalIsOff(String interval) throws Exception {
    assertThat(settings("connectionString", "data.db", "cleanupInterval", interval).cleanupInterval())
        .isEqualTo(Duration.ZERO);
  }

  @ParameterizedTest
  @CsvSource({":memory:, true", "file::memory:?cache=shared, true", ":MEMORY:, true", "data.db, false"})
  @DisplayName("in-memory databases are recognized, and use no WAL")
  void inMemory(String connectionString, boolean inMemory) throws Exception {
    SqliteSettings s = settings("connectionString", connectionString);
    assertThat(s.inMemory()).isEqualTo(inMemory);
    assertThat(s.wal()).isEqualTo(!inMemory);
    assertThat(s.databaseFile() == null).isEqualTo(inMemory);
  }

  @Test
  @DisplayName("file: URIs and query parameters reach SQLite; read-only databases use no WAL")
  void fileUris() throws Exception {
    SqliteSettings uri = settings("connectionString", "file:/var/lib/app/data.db?mode=ro");
    assertThat(uri.jdbcUrl()).isEqualTo("jdbc:sqlite:file:/var/lib/app/data.db?mode=ro");
    assertThat(uri.databaseFile()).isEqualTo(Path.of("/var/lib/app/data.db"));
    assertThat(uri.wal()).isFalse();
    assertThat(settings("connectionString", "file:///var/lib/app/data.db").databaseFile())
        .isEqualTo(Path.of("/var/lib/app/data.db"));
    SqliteSettings path = settings("connectionString", "/var/lib/app/data.db?cache=private");
    assertThat(path.jdbcUrl()).isEqualTo("jdbc:sqlite:file:/var/lib/app/data.db?cache=private");
  }

  @Test
  @DisplayName("a missing connectionString is refused, naming the field")
  void connectionStringIsRequired() {
    assertThatThrownBy(() -> settings("tableName", "state")).isInstanceOf(ComponentException.class)
        .hasMessageContaining("connectionString").hasMessageContaining("statestore");
  }

  @ParameterizedTest
  @CsvSource({"tableName, state; DROP TABLE x", "metadataTableName, meta-data", "timeout, 500ms",
      "timeout, soon", "busyTimeout, 2 seconds", "cleanupInterval, hourly", "disableWAL, maybe"})
  @DisplayName("bad values are refused as name: value (expected: ...)")
  void badValuesAreRefused(String key, String value) {
    assertThatThrownBy(() -> settings("connectionString", "data.db", key, value))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("metadata " + key + ": " + value + " (expected: ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"data.db?_pragma=busy_timeout(100)", "data.db?_pragma=journal_mode(WAL)",
      "data.db?cache=shared&_pragma=foreign_keys(1)"})
  @DisplayName("as in Dapr, pragmas the metadata controls cannot be set in the connection string")
  void forbiddenPragmas(String connectionString) {
    assertThatThrownBy(() -> settings("connectionString", connectionString))
        .isInstanceOf(ComponentException.class).hasMessageContaining("busyTimeout and disableWAL");
  }
}
