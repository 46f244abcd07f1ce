package io.jdaprd.components.postgresql;

import io.jdaprd.golang.GoJson;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.testkit.bindings.OutputBindingConformance;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The output binding conformance suite for {@code bindings.postgres}: {@code exec} inserts a row with the data as a
 * text parameter, read back over JDBC; a statement on a missing table is the failing request.
 */
@ExtendWith(SharedPostgres.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresBindingConformanceTest extends OutputBindingConformance {
  private PostgresServer server;
  private String database;

  @BeforeAll
  void createTable(PostgresServer server) throws Exception {
    this.server = server;
    database = server.createDatabase();
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      s.execute("create table delivered (k text primary key, v text not null)");
    }
  }

  @Override
  protected OutputBinding createBinding(ComponentMetadata metadata) {
    return new PostgresBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    return Map.of("connectionString", server.connectionString(database));
  }

  @Override
  protected String bindingType() {
    return PostgresBinding.TYPE;
  }

  @Override
  protected List<String> expectedOperations() {
    return List.of("exec", "query", "close");
  }

  @Override
  protected BindingRequest deliveryRequest(String key, byte[] data) {
    return new BindingRequest("exec", null, Map.of("sql", "insert into delivered (k, v) values ($1, $2)",
        "params", GoJson.marshal(List.of(key, new String(data, StandardCharsets.UTF_8)))));
  }

  @Override
  protected byte[] awaitDelivered(String key, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Connection c = server.connect(database);
        PreparedStatement select = c.prepareStatement("select v from delivered where k = ?")) {
      select.setString(1, key);
      while (true) {
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) {
            return rows.getString(1).getBytes(StandardCharsets.UTF_8);
          }
        }
        if (System.nanoTime() > deadline) {
          return null;
        }
        Thread.sleep(20);
      }
    }
  }

  @Override
  protected BindingRequest failingRequest() {
    return new BindingRequest("exec", null, Map.of("sql", "insert into no_such_table values (1)"));
  }
}
