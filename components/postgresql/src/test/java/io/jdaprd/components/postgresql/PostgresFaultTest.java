package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StoredValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The server goes away and comes back, on a cluster of this test's own. */
@ExtendWith(SharedPostgres.class)
class PostgresFaultTest {
  private static final String PASSWORD = "Fault-Secret-7d1e";
  private PostgresServer server;
  private PostgresStateStore store;
  private String connectionString;

  @BeforeEach
  void setUp() throws Exception {
    server = PostgresServer.start();
    server.createUser("faulty", PASSWORD);
    connectionString = "host=127.0.0.1 port=" + server.port() + " user=faulty password=" + PASSWORD
        + " database=" + server.createDatabase() + " sslmode=disable";
    store = new PostgresStateStore();
    store.init(new ComponentMetadata("faulty", PostgresStateStore.TYPE, "v2", "app",
        Map.of("connectionString", connectionString)));
  }

  @AfterEach
  void tearDown() {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("requests fail fast while the server is down and work again once it is back")
  void failsFastAndRecovers() throws Exception {
    store.set(set("app||k", "before"));
    assertThat(read("app||k")).contains("before");

    server.stopFast();
    long start = System.nanoTime();
    assertThatThrownBy(() -> store.get(new GetRequest("app||k", Map.of(), null)))
        .isInstanceOf(StateException.class)
        .hasMessageStartingWith("state store faulty: get failed: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD).doesNotContain(connectionString));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to fail").isLessThan(Duration.ofSeconds(5));
    start = System.nanoTime();
    assertThatThrownBy(() -> store.set(set("app||k", "while down")))
        .isInstanceOf(StateException.class)
        .hasMessageStartingWith("state store faulty: set failed: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    assertThatThrownBy(store::check).hasMessageStartingWith("state store faulty: health check failed: ");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time to fail twice")
        .isLessThan(Duration.ofSeconds(10));

    server.startAgain();
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Optional<String> value = Optional.empty();
    StateException last = null;
    while (value.isEmpty() && System.nanoTime() < deadline) {
      try {
        value = read("app||k");
      } catch (StateException e) {
        last = e;
        Thread.sleep(200);
      }
    }
    assertThat(value).as("the same store reads again within 15 s of the restart (last failure: %s)", last)
        .contains("before");
    store.set(set("app||k", "after"));
    assertThat(read("app||k")).contains("after");
    store.check();
  }

  private Optional<String> read(String key) throws StateException {
    return store.get(new GetRequest(key, Map.of(), null)).map(StoredValue::data)
        .map(b -> new String(b, StandardCharsets.UTF_8));
  }

  private static SetRequest set(String key, String value) {
    return new SetRequest(key, value.getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null);
  }
}
