package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.postgresql.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Configuration over HTTP against a sidecar whose {@code cfg} is {@code configuration.postgres} (daprd's alias) on a
 * private PostgreSQL with the table and the {@code pg_notify} trigger of Dapr's documentation: a get, and an HTTP
 * subscription whose channel comes from the request's {@code metadata.pgNotifyChannel}, pushing to an HTTP app.
 */
class PostgresConfigurationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static PostgresServer postgres;
  private static String jdbcUrl;
  private static TestApp app;
  private static SidecarProcess sidecar;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    String database = postgres.createDatabase();
    jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.port() + "/" + database;
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE settings (KEY VARCHAR NOT NULL, VALUE VARCHAR NOT NULL, VERSION VARCHAR NOT NULL, "
          + "METADATA JSON)");
      s.execute("""
          CREATE OR REPLACE FUNCTION settings_event() RETURNS TRIGGER AS $$
              BEGIN
                  PERFORM pg_notify('settings_changed', json_build_object('table', TG_TABLE_NAME, 'action', TG_OP,
                      'data', row_to_json(NEW))::text);
                  RETURN NULL;
              END;
          $$ LANGUAGE plpgsql""");
      s.execute("CREATE TRIGGER settings_trigger AFTER INSERT OR UPDATE ON settings FOR EACH ROW EXECUTE PROCEDURE "
          + "settings_event()");
    }
    Path resources = Files.createTempDirectory(Locations.targetDir(), "pg-config-resources");
    Files.writeString(resources.resolve("cfg.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: cfg
        spec:
          type: configuration.postgres
          version: v1
          metadata:
          - name: connectionString
            value: "%s"
          - name: table
            value: settings
        """.formatted(postgres.connectionString(database)));
    app = new TestApp(null);
    sidecar = SidecarProcess.withAppId("it-pg-config").resources(resources)
        .args("--app-port", String.valueOf(app.port())).start();
    http = new Http(sidecar);
  }

  @AfterAll
  static void stop() throws Exception {
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static void insert(String key, String value, String version, String metadata) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
        PreparedStatement s = c.prepareStatement("INSERT INTO settings VALUES (?, ?, ?, ?::json)")) {
      s.setString(1, key);
      s.setString(2, value);
      s.setString(3, version);
      s.setString(4, metadata);
      s.executeUpdate();
    }
  }

  @Test
  void getAndSubscribeWithTheRequestsChannel() throws Exception {
    insert("color", "blue", "1", "{\"team\":\"ui\"}");
    HttpResponse<String> got = http.get("/v1.0/configuration/cfg?key=color");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body())
        .isEqualTo("{\"color\":{\"value\":\"blue\",\"version\":\"1\",\"metadata\":{\"team\":\"ui\"}}}\n");

    HttpResponse<String> refused = http.get("/v1.0/configuration/cfg/subscribe?key=color");
    assertThat(refused.statusCode()).isEqualTo(500);
    assertThat(refused.body()).isEqualTo("{\"errorCode\":\"ERR_CONFIGURATION_SUBSCRIBE\",\"message\":\"failed to "
        + "subscribe [color] from Configuration store cfg: unable to subscribe to \\\"settings\\\". notifyChannel "
        + "must be set in component metadata or request metadata\"}");

    HttpResponse<String> subscribed =
        http.get("/v1.0/configuration/cfg/subscribe?key=color&metadata.pgNotifyChannel=settings_changed");
    assertThat(subscribed.statusCode()).isEqualTo(200);
    String id = subscribed.body().substring(7, 43);
    insert("color", "green", "2", null);
    TestApp.Received pushed = app.await("/configuration/cfg/color", 1, WAIT).getFirst();
    assertThat(pushed.body()).isEqualTo("{\"id\":\"" + id + "\",\"items\":{\"color\":{\"value\":\"green\","
        + "\"version\":\"2\"}}}\n");
    assertThat(http.get("/v1.0/configuration/cfg?key=color").body()).as("the highest version wins")
        .contains("\"green\"");
    assertThat(http.get("/v1.0/configuration/cfg/" + id + "/unsubscribe").body()).isEqualTo("{\"ok\":true}\n");
  }
}
