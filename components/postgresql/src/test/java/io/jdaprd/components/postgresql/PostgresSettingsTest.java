package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresSettingsTest {
  private static final String SECRET = "s3cr3t-P@ss";

  @Test
  @DisplayName("key=value form: libpq keywords, quoting and pgx's database alias")
  void keyValueForm() throws Exception {
    PostgresSettings s = settings("v1", Map.of("connectionString", "host=db.example port=6543 user=dapr"
        + " password='it\\'s spaced' database=state_db sslmode=require connect_timeout=7"
        + " application_name=myapp search_path=app timezone=UTC"));
    PostgresConnection c = s.connection();
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/state_db");
    assertThat(c.user()).isEqualTo("dapr");
    assertThat(c.password()).isEqualTo("it's spaced");
    assertThat(c.properties()).containsEntry("sslmode", "require").containsEntry("connectTimeout", "7")
        .containsEntry("ApplicationName", "myapp").containsEntry("currentSchema", "app")
        .containsEntry("options", "-c timezone=UTC");
    assertThat(c.toString()).doesNotContain("spaced");
    assertThat(s.toString()).doesNotContain("spaced");
  }

  @Test
  @DisplayName("a server that stops answering is given up one second after the store's timeout, not ten")
  void silentServerBound() throws Exception {
    PostgresConnection c = settings("v2", Map.of("connectionString", "host=db user=u", "timeout", "3s"))
        .connection();
    assertThat(c.properties()).containsEntry("socketTimeout", "4").containsEntry("cancelSignalTimeout", "3")
        .containsEntry("connectTimeout", "3");
  }

  @Test
  @DisplayName("URL form: percent-decoding, several hosts, IPv6, query parameters")
  void urlForm() throws Exception {
    PostgresConnection c = settings("v2", Map.of("connectionString",
        "postgresql://us%40er:p%40ss%3Aw%2Frd@h1:5433,[::1]:5434/my%20db?sslmode=disable&pool_max_conns=9"))
        .connection();
    assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://h1:5433,[::1]:5434/my%20db");
    assertThat(c.user()).isEqualTo("us@er");
    assertThat(c.password()).isEqualTo("p@ss:w/rd");
    assertThat(c.properties()).containsEntry("sslmode", "disable");
    assertThat(settings("v2", Map.of("connectionString", "postgres://u@h/d?pool_max_conns=9")).maxConns())
        .isEqualTo(9);
  }

  @Test
  @DisplayName("metadata fields override the connection string, and PG* variables fill what is missing")
  void overridesAndEnvironment() throws Exception {
    Map<String, String> meta = Map.of("connectionString", "host=a user=x", "host", "b", "port", "7000",
        "password", SECRET);
    PostgresSettings s = PostgresSettings.from(metadata("v1", meta), Map.of("PGDATABASE", "fromenv",
        "PGUSER", "ignored"));
    assertThat(s.connection().jdbcUrl()).isEqualTo("jdbc:postgresql://b:7000/fromenv");
    assertThat(s.connection().user()).isEqualTo("x");
    assertThat(s.connection().password()).isEqualTo(SECRET);
    assertThat(s.connection().redact("failed for " + SECRET + "!")).isEqualTo("failed for ****!");
  }

  @Test
  @DisplayName("defaults as Dapr's: table state, dapr_metadata, 20s, 1h")
  void defaults() throws Exception {
    PostgresSettings s = settings("v1", Map.of("connectionString", "host=h"));
    assertThat(s.stateTable()).isEqualTo("state");
    assertThat(s.metadataTable()).isEqualTo("dapr_metadata");
    assertThat(s.keySuffix()).isEmpty();
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(s.cleanupInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(s.maxConns()).isGreaterThanOrEqualTo(4);
    assertThat(s.malformedEtagIsMismatch()).isFalse();
    assertThat(settings("v2", Map.of("connectionString", "host=h")).malformedEtagIsMismatch()).isTrue();
  }

  @Test
  @DisplayName("tableName, tablePrefix, schema, timeouts and pool metadata")
  void tablesAndKnobs() throws Exception {
    PostgresSettings s = settings("v2", Map.of("connectionString", "host=h", "tablePrefix", "App1_",
        "schema", "Dapr", "timeoutInSeconds", "5", "cleanupInterval", "0", "maxConns", "3",
        "connectionMaxIdleTime", "2m"));
    assertThat(s.stateTable()).isEqualTo("dapr.app1_state");
    assertThat(s.metadataTable()).isEqualTo("dapr.dapr_metadata");
    assertThat(s.keySuffix()).isEqualTo("dapr.App1_");
    assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.cleanupInterval()).isZero();
    assertThat(s.maxConns()).isEqualTo(3);
    assertThat(s.maxIdleTime()).isEqualTo(Duration.ofMinutes(2));
    PostgresSettings named = settings("v1", Map.of("connectionString", "host=h", "tableName", "other.mystate",
        "metadataTableName", "meta"));
    assertThat(named.stateTable()).isEqualTo("other.mystate");
    assertThat(named.keySuffix()).isEqualTo("other.mystate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"state; DROP TABLE x", "a.b.c", "1state", "\"quoted\""})
  @DisplayName("table names that are not plain identifiers are refused")
  void badTableNames(String name) {
    assertThatThrownBy(() -> settings("v1", Map.of("connectionString", "host=h", "tableName", name)))
        .isInstanceOf(ComponentException.class).hasMessageContaining("metadata tableName");
  }

  @Test
  @DisplayName("bad metadata is named, and never quotes the connection string")
  void badMetadata() {
    assertThatThrownBy(() -> settings("v1", Map.of()))
        .hasMessageContaining("metadata connectionString is required");
    assertThatThrownBy(() -> settings("v3", Map.of("connectionString", "host=h")))
        .hasMessageContaining("version v3 is not supported");
    assertThatThrownBy(() -> settings("v1", Map.of("connectionString", "host=h", "timeout", "500ms")))
        .hasMessageContaining("metadata timeout: 500ms (expected: at least 1s)");
    assertThatThrownBy(() -> settings("v1", Map.of("connectionString", "host=h", "maxConns", "many")))
        .hasMessageContaining("metadata maxConns");
    for (String bad : new String[] {"host=h password='" + SECRET, "host=h " + SECRET,
        "postgres://u:" + SECRET + "@h:port/db", "postgres://u:" + SECRET + "%zz@h/db",
        "host=h sslmode=" + SECRET.toLowerCase().replace("@", "") + "x"}) {
      assertThatThrownBy(() -> settings("v1", Map.of("connectionString", bad)))
          .isInstanceOf(ComponentException.class)
          .hasMessageContaining("metadata connectionString is not valid")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(bad));
    }
  }

  @Test
  @DisplayName("ETags are read as Go's uuid.Parse reads them")
  void goUuidParse() throws Exception {
    String canonical = "0b9a5f7e-3c1d-4e2f-8a6b-1c2d3e4f5a6b";
    assertThat(Etags.canonical(canonical.toUpperCase())).isEqualTo(canonical);
    assertThat(Etags.canonical("{" + canonical + "}")).isEqualTo(canonical);
    assertThat(Etags.canonical("urn:uuid:" + canonical)).isEqualTo(canonical);
    assertThat(Etags.canonical(canonical.replace("-", ""))).isEqualTo(canonical);
    assertThatThrownBy(() -> Etags.canonical("12")).hasMessage("invalid UUID length: 2");
    assertThatThrownBy(() -> Etags.canonical(canonical.replace('-', '_'))).hasMessage("invalid UUID format");
    assertThatThrownBy(() -> Etags.canonical("urx:uuid:" + canonical)).hasMessage("invalid urn prefix: \"urx:uuid:\"");
  }

  private static PostgresSettings settings(String version, Map<String, String> properties) throws Exception {
    return PostgresSettings.from(metadata(version, properties), Map.of());
  }

  private static ComponentMetadata metadata(String version, Map<String, String> properties) {
    return new ComponentMetadata("pgstore", PostgresStateStore.TYPE, version, "app", new HashMap<>(properties));
  }
}
