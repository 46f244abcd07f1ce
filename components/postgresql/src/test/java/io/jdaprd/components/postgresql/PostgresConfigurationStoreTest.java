package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.testkit.configuration.ConfigurationStoreConformance;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The configuration conformance suite against a private PostgreSQL, on a table with daprd's columns and the trigger
 * Dapr's documentation tells operators to create (notifications on channel {@code config}), plus what is particular
 * to configuration.postgresql.
 */
@ExtendWith(SharedPostgres.class)
class PostgresConfigurationStoreTest extends ConfigurationStoreConformance {
  private static final String TABLE = "configtable";
  private final PostgresServer server;
  private final String database;

  PostgresConfigurationStoreTest(PostgresServer server) throws Exception {
    this.server = server;
    this.database = server.createDatabase();
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE " + TABLE + " (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL, VERSION VARCHAR NOT NULL, "
          + "METADATA JSON)");
      s.execute("""
          CREATE OR REPLACE FUNCTION configuration_event() RETURNS TRIGGER AS $$
              DECLARE
                  data json;
                  notification json;
              BEGIN
                  IF (TG_OP = 'DELETE') THEN
                      data = row_to_json(OLD);
                  ELSE
                      data = row_to_json(NEW);
                  END IF;
                  notification = json_build_object('table', TG_TABLE_NAME, 'action', TG_OP, 'data', data);
                  PERFORM pg_notify('config', notification::text);
                  RETURN NULL;
              END;
          $$ LANGUAGE plpgsql""");
      s.execute("CREATE TRIGGER config AFTER INSERT OR UPDATE OR DELETE ON " + TABLE
          + " FOR EACH ROW EXECUTE PROCEDURE configuration_event()");
    }
  }

  @Override
  protected ConfigurationStore createStore() {
    return new PostgresConfigurationStore();
  }

  @Override
  protected Map<String, String> metadata() {
    return Map.of("connectionString", server.connectionString(database), "table", TABLE);
  }

  @Override
  protected String componentType() {
    return PostgresConfigurationStore.TYPE;
  }

  @Override
  protected Map<String, String> subscribeMetadata() {
    return Map.of("pgNotifyChannel", "config");
  }

  @Override
  protected void write(String key, String value, String version) throws SQLException {
    write(key, value, version, null);
  }

  private void write(String key, String value, String version, String metadataJson) throws SQLException {
    try (Connection c = server.connect(database);
        PreparedStatement update = c.prepareStatement("UPDATE " + TABLE
            + " SET VALUE = ?, VERSION = ?, METADATA = ?::json WHERE KEY = ?")) {
      update.setString(1, value);
      update.setString(2, version);
      update.setString(3, metadataJson);
      update.setString(4, key);
      if (update.executeUpdate() == 0) {
        insert(c, key, value, version, metadataJson);
      }
    }
  }

  private static void insert(Connection c, String key, String value, String version, String metadataJson)
      throws SQLException {
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + TABLE + " VALUES (?, ?, ?, ?::json)")) {
      insert.setString(1, key);
      insert.setString(2, value);
      insert.setString(3, version);
      insert.setString(4, metadataJson);
      insert.executeUpdate();
    }
  }

  @Test
  @DisplayName("the row with the highest numeric version wins, and the metadata object is read")
  void highestVersionWinsWithMetadata() throws Exception {
    ConfigurationStore store = open();
    try (Connection c = server.connect(database)) {
      insert(c, key("v"), "old", "2", null);
      insert(c, key("v"), "new", "10", "{\"owner\":\"ops\",\"tier\":\"gold\"}");
      insert(c, key("v"), "odd", "x", null);
    }
    assertThat(store.get(List.of(key("v")), Map.of())).containsExactly(Map.entry(key("v"),
        new ConfigurationItem("new", "10", Map.of("owner", "ops", "tier", "gold"))));
    assertThat(store.get(List.of(key("v")), Map.of("a", "b"))).as("contrib compares the pair's name and value")
        .isEmpty();
  }

  @Test
  @DisplayName("contrib's messages: bad key, missing channel, unknown subscription, missing table")
  void messages() throws Exception {
    ConfigurationStore store = open();
    assertThatThrownBy(() -> store.get(List.of("bad key"), Map.of())).isInstanceOf(ConfigurationException.class)
        .hasMessage("invalid key : 'bad key'");
    assertThatThrownBy(() -> store.subscribe(List.of(), Map.of(), u -> { }))
        .hasMessage("unable to subscribe to \"configtable\". notifyChannel must be set in component metadata or "
            + "request metadata");
    assertThatThrownBy(() -> store.subscribe(List.of(), Map.of("pgnotifychannel", "Bad"), u -> { }))
        .hasMessage("invalid notifyChannel name \"Bad\". non-alphanumerics or upper cased names are not supported");
    assertThatThrownBy(() -> store.unsubscribe("x")).hasMessage("unable to find subscription with ID : x");
    PostgresConfigurationStore missing = new PostgresConfigurationStore();
    assertThatThrownBy(() -> missing.init(new ComponentMetadata("c", PostgresConfigurationStore.TYPE, "v1", "app",
        Map.of("connectionString", server.connectionString(database), "table", "nosuch"))))
        .isInstanceOf(ComponentException.class).hasMessage("postgreSQL configuration table 'nosuch' does not exist");
  }
}
