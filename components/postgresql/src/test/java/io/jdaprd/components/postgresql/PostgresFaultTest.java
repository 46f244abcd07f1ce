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
  /**
   * Far above what failing takes on a refused connection, so that a loaded machine does not fail the test, yet below
   * the store's 20 s default timeout, so that waiting the timeout out would; the times taken are printed.
   */
  private static final Duration FAIL_BOUND = Duration.ofSeconds(15);
  /** Far above what reconnecting takes, yet far below a store that never does. */
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(45);
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
    Duration getFailed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(getFailed).as("time to fail a get").isLessThan(FAIL_BOUND);
    start = System.nanoTime();
    assertThatThrownBy(() -> store.set(set("app||k", "while down")))
        .isInstanceOf(StateException.class)
        .hasMessageStartingWith("state store faulty: set failed: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    Duration setFailed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(setFailed).as("time to fail a set").isLessThan(FAIL_BOUND);
    start = System.nanoTime();
    assertThatThrownBy(store::check).hasMessageStartingWith("state store faulty: health check failed: ");
    Duration checkFailed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(checkFailed).as("time to fail a health check").isLessThan(FAIL_BOUND);

    server.startAgain();
    start = System.nanoTime();
    long deadline = start + RECOVERY_BOUND.toNanos();
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
    assertThat(value).as("the same store reads again within %d s of the restart (last failure: %s)",
        RECOVERY_BOUND.toSeconds(), last).contains("before");
    System.out.printf("get failed after %d ms, set after %d ms, check after %d ms; recovered after %d ms%n",
        getFailed.toMillis(), setFailed.toMillis(), checkFailed.toMillis(),
        Duration.ofNanos(System.nanoTime() - start).toMillis());
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
