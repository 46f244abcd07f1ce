package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.Query;
import io.jdaprd.spi.state.QueryResult;
import io.jdaprd.spi.state.SetRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Connection strings against a server that checks passwords (SCRAM). */
@ExtendWith(SharedPostgres.class)
class PostgresConnectionTest {
  private static final String PASSWORD = "p@ss:w/rd %ü'x";

  @Test
  @DisplayName("a URL-form connection string with a percent-encoded password connects")
  void urlForm(PostgresServer server) throws Exception {
    String user = "url_" + UUID.randomUUID().toString().substring(0, 8);
    server.createUser(user, PASSWORD);
    String database = server.createDatabase();
    String url = "postgres://" + user + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
        .replace("+", "%20") + "@127.0.0.1:" + server.port() + "/" + database + "?sslmode=disable";
    try (PostgresStateStore store = open(url)) {
      store.check();
      store.set(new SetRequest("app||k", "{\"via\":\"url\"}".getBytes(StandardCharsets.UTF_8), null, Map.of(),
          null, null));
      assertThat(store.get(new GetRequest("app||k", Map.of(), null)).orElseThrow().data())
          .asString(StandardCharsets.UTF_8).isEqualTo("{\"via\":\"url\"}");
    }
  }

  @Test
  @DisplayName("a wrong password fails init quickly, naming the store, without the password")
  void wrongPassword(PostgresServer server) throws Exception {
    String user = "bad_" + UUID.randomUUID().toString().substring(0, 8);
    server.createUser(user, PASSWORD);
    String wrong = "Wr0ng-Secret-" + UUID.randomUUID();
    String connection = "host=127.0.0.1 port=" + server.port() + " user=" + user + " password=" + wrong
        + " database=postgres sslmode=disable";
    long start = System.nanoTime();
    assertThatThrownBy(() -> open(connection))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("state store pgconn: schema migration failed")
        .hasMessageContaining("password authentication failed")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(connection));
    assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds to fail").isLessThan(5000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple_protocol", "exec", "cache_statement"})
  @DisplayName("every queryExecMode reads and writes bytes, arrays and queries")
  void queryExecModes(String mode, PostgresServer server) throws Exception {
    byte[] binary = {0, (byte) 0xff, '\'', '\\', 1};
    try (PostgresStateStore store = open(server.connectionString(server.database("modes")),
        Map.of("queryExecMode", mode))) {
      store.set(new SetRequest(mode + "||bin", binary, null, Map.of("ttlInSeconds", "60"), null, null));
      store.set(new SetRequest(mode + "||doc", "{\"n\":1}".getBytes(StandardCharsets.UTF_8), null, Map.of(),
          null, null));
      assertThat(store.bulkGet(List.of(new GetRequest(mode + "||bin", Map.of(), null),
          new GetRequest(mode + "||doc", Map.of(), null))).get(0).orElseThrow().data()).isEqualTo(binary);
      QueryResult result = store.query(new Query(mode + "||", new Query.Filter.Eq("n", 1), List.of(), 0, null,
          Map.of()));
      assertThat(result.items()).extracting(QueryResult.Item::key).containsExactly(mode + "||doc");
    }
  }

  private static PostgresStateStore open(String connectionString) throws ComponentException {
    return open(connectionString, Map.of());
  }

  private static PostgresStateStore open(String connectionString, Map<String, String> extra)
      throws ComponentException {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("connectionString", connectionString);
    PostgresStateStore store = new PostgresStateStore();
    store.init(new ComponentMetadata("pgconn", PostgresStateStore.TYPE, "v2", "app", properties));
    return store;
  }
}
