package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.EtagInvalidException;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.testkit.StateEtagRules;
import io.jdaprd.spi.testkit.StateStoreConformance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedPostgres.class)
class PostgresStateStoreTest extends StateStoreConformance {
  private final PostgresServer server;
  private final String database;
  private final Map<String, String> extra = new HashMap<>();

  PostgresStateStoreTest(PostgresServer server) throws Exception {
    this.server = server;
    this.database = server.database("conformance");
  }

  @Override
  protected StateStore createStore(ComponentMetadata metadata) {
    return new PostgresStateStore();
  }

  @Override
  protected Map<String, String> storeMetadata() {
    Map<String, String> m = new HashMap<>(Map.of("connectionString", server.connectionString(database)));
    m.putAll(extra);
    return m;
  }

  @Override
  protected String storeType() {
    return PostgresStateStore.TYPE;
  }

  @Override
  public StateEtagRules etagRules() {
    return StateEtagRules.POSTGRES;
  }

  @Test
  @DisplayName("reports ETag, transactions, TTL and the query API")
  void reportsFeatures() {
    assertThat(store().features()).containsExactlyInAnyOrder(StateFeature.ETAG, StateFeature.TRANSACTIONAL,
        StateFeature.TTL, StateFeature.QUERY_API);
  }

  @Test
  @DisplayName("v1: an ETag that is not a 32-bit decimal is invalid (400), with strconv.ParseUint's text, as daprd v1")
  void v1MalformedEtagIsInvalid() throws Exception {
    String key = key("malformed");
    set(key, "v");
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("x"), "abc", null, Map.of())))
        .isInstanceOf(EtagInvalidException.class).hasMessage("strconv.ParseUint: parsing \"abc\": invalid syntax");
    assertThatThrownBy(() -> store().set(setRequest(key, utf8("x"), "+1", null, Map.of())))
        .isInstanceOf(EtagInvalidException.class).hasMessage("strconv.ParseUint: parsing \"+1\": invalid syntax");
    assertThatThrownBy(() -> store().delete(deleteRequest(key, "4294967296")))
        .isInstanceOf(EtagInvalidException.class)
        .hasMessage("strconv.ParseUint: parsing \"4294967296\": value out of range");
    assertThatThrownBy(() -> store().delete(deleteRequest(key, "4294967295")))
        .as("the largest transaction id is read, and is not the row's").isInstanceOf(EtagMismatchException.class);
    assertThat(text(key)).isEqualTo("v");
  }

  @Test
  @DisplayName("v2: an ETag that is not a UUID is a mismatch (409), as daprd v2 answers")
  void v2MalformedEtagIsMismatch() throws Exception {
    StateStore v2 = new PostgresStateStore();
    v2.init(new ComponentMetadata(COMPONENT_NAME, storeType(), "v2", APP_ID, v2Metadata()));
    try (v2) {
      String key = key("malformed-v2");
      v2.set(setRequest(key, utf8("v")));
      assertThatThrownBy(() -> v2.set(setRequest(key, utf8("x"), "1", null, Map.of())))
          .isInstanceOf(EtagMismatchException.class).hasMessage("invalid UUID length: 1");
      assertThatThrownBy(() -> v2.delete(deleteRequest(key, "")))
          .isInstanceOf(EtagMismatchException.class);
      assertThat(v2.get(getRequest(key)).orElseThrow().data()).isEqualTo(utf8("v"));
    }
  }

  @Test
  @DisplayName("v2: an ETag is accepted in every form Go's uuid.Parse reads")
  void etagFormsOfGoUuid() throws Exception {
    StateStore v2 = new PostgresStateStore();
    v2.init(new ComponentMetadata(COMPONENT_NAME, storeType(), "v2", APP_ID, v2Metadata()));
    try (v2) {
      String key = key("etag-forms");
      v2.set(setRequest(key, utf8("0")));
      String etag = v2.get(getRequest(key)).orElseThrow().etag();
      v2.set(setRequest(key, utf8("1"), "{" + etag.toUpperCase() + "}", null, Map.of()));
      v2.set(setRequest(key, utf8("2"), "urn:uuid:" + v2.get(getRequest(key)).orElseThrow().etag(), null, Map.of()));
      v2.set(setRequest(key, utf8("3"), v2.get(getRequest(key)).orElseThrow().etag().replace("-", ""), null,
          Map.of()));
      assertThat(v2.get(getRequest(key)).orElseThrow().data()).isEqualTo(utf8("3"));
      assertThat(v2.get(getRequest(key)).orElseThrow().etag())
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
  }

  @Test
  @DisplayName("data and ETags survive closing the store and opening another")
  void dataSurvivesReopen() throws Exception {
    byte[] binary = {(byte) 0xff, 0, 1, 2, (byte) 0x80};
    set(key("binary"), binary);
    store().set(setRequest(key("ttl"), utf8("later"), null, null, Map.of("ttlInSeconds", "3600")));
    String etag = etagOf(key("binary"));
    String expireTime = get(key("ttl")).orElseThrow().metadata().get("ttlExpireTime");
    closeStore(store());
    StateStore reopened = openStore();
    assertThat(reopened.get(getRequest(key("binary"))).orElseThrow().data()).isEqualTo(binary);
    assertThat(reopened.get(getRequest(key("binary"))).orElseThrow().etag()).isEqualTo(etag);
    assertThat(reopened.get(getRequest(key("ttl"))).orElseThrow().metadata().get("ttlExpireTime"))
        .isEqualTo(expireTime);
  }

  @Test
  @DisplayName("cleanup deletes expired rows from the table")
  void cleanupDeletesExpiredRows() throws Exception {
    extra.put("cleanupInterval", "1s");
    StateStore cleaning = openStore();
    String key = key("expiring");
    cleaning.set(setRequest(key, utf8("v"), null, null, Map.of("ttlInSeconds", "1")));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (rowExists(key) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(rowExists(key)).as("the expired row is deleted by the periodic cleanup").isFalse();
  }

  @Test
  @DisplayName("a database error names the store and the operation")
  void databaseErrorsNameTheStore() {
    assertThatThrownBy(() -> set(key("nul\u0000byte"), "v"))
        .isInstanceOf(StateException.class)
        .hasMessageStartingWith("state store " + COMPONENT_NAME + ": set failed: ERROR: ")
        .hasMessageContaining("SQLSTATE");
    assertThatCode(() -> store().check()).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("v2 refuses a table of daprd v1's layout, and v1 one of v2's, with a clear message")
  void otherVersionsLayoutIsRefused() throws Exception {
    try (Connection c = server.connect(database)) {
      c.createStatement().execute("CREATE TABLE IF NOT EXISTS legacy_state (key text NOT NULL PRIMARY KEY,"
          + " value jsonb NOT NULL, isbinary boolean NOT NULL, insertdate timestamptz NOT NULL DEFAULT now(),"
          + " updatedate timestamptz, expiredate timestamptz)");
      c.createStatement().execute("CREATE TABLE IF NOT EXISTS newer_state (key text NOT NULL PRIMARY KEY,"
          + " value bytea NOT NULL, etag uuid NOT NULL, created_at timestamptz, updated_at timestamptz,"
          + " expires_at timestamptz)");
    }
    extra.put("tableName", "legacy_state");
    StateStore v2 = new PostgresStateStore();
    assertThatThrownBy(() -> v2.init(new ComponentMetadata(COMPONENT_NAME, storeType(), "v2", APP_ID,
        storeMetadata())))
        .hasMessageContaining("state store " + COMPONENT_NAME + ": table legacy_state does not have the layout")
        .hasMessageContaining("daprd's state.postgresql v1: use version v1");
    extra.put("tableName", "newer_state");
    extra.put("metadataTableName", "newer_metadata");
    assertThatThrownBy(this::openStore)
        .hasMessageContaining("state store " + COMPONENT_NAME + ": table newer_state does not have the layout of"
            + " state.postgresql v1")
        .hasMessageContaining("daprd's state.postgresql v2: use version v2");
  }

  /** The metadata of a v2 store beside the v1 one: its own table, as the two layouts cannot share one. */
  private Map<String, String> v2Metadata() {
    Map<String, String> m = new HashMap<>(storeMetadata());
    m.put("tableName", "v2_state");
    return m;
  }

  private boolean rowExists(String key) throws Exception {
    try (Connection c = server.connect(database);
        PreparedStatement ps = c.prepareStatement("SELECT 1 FROM state WHERE key = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }
}
