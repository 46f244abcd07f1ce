package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Losing Redis: requests fail fast with a clear error, and the same store works again once Redis is back. */
class RedisFaultTest {
  private static final String PASSWORD = "Fault-Pa55word-0123";
  private static final String STORE = "faulty-store";
  /**
   * Far above what failing takes (a refused command, or at worst the 2 s command timeout), so that a loaded machine
   * does not fail the test, yet far below a hang; the time taken is printed.
   */
  private static final Duration FAIL_BOUND = Duration.ofSeconds(10);
  /** Far above what reconnecting takes (the reconnect delay grows to 1 s), yet far below a store that never does. */
  private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

  private RedisServer server;
  private RedisStateStore store;

  @AfterEach
  void cleanUp() throws Exception {
    if (store != null) {
      store.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("a stopped server fails requests at once, not after a hang; a server back on the same port serves them")
  void failsFastAndRecovers() throws Exception {
    server = RedisServer.start("--requirepass", PASSWORD);
    store = new RedisStateStore();
    store.init(new ComponentMetadata(STORE, RedisStateStore.TYPE, "v1", "app",
        Map.of("redisHost", server.address(), "redisPassword", PASSWORD)));
    GetRequest get = new GetRequest("app||k", Map.of(), null);
    store.set(new SetRequest("app||k", "before".getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null));
    assertThat(store.get(get)).isPresent();

    server.stop();
    long started = System.nanoTime();
    assertThatThrownBy(() -> store.get(get))
        .isInstanceOf(StateException.class)
        .hasMessageContaining(STORE)
        .hasMessageContaining(server.address())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    Duration failedAfter = Duration.ofNanos(System.nanoTime() - started);
    assertThat(failedAfter).as("a dead server is noticed (measured; the bound only rules out a hang)")
        .isLessThan(FAIL_BOUND);
    assertThatThrownBy(() -> store.check()).hasMessageContaining(STORE);

    server.restart();
    started = System.nanoTime();
    Duration recoveredAfter = null;
    while (recoveredAfter == null) {
      try {
        store.set(new SetRequest("app||k", "after".getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null));
        recoveredAfter = Duration.ofNanos(System.nanoTime() - started);
      } catch (StateException e) {
        assertThat(e.getMessage()).doesNotContain(PASSWORD);
        if (Duration.ofNanos(System.nanoTime() - started).compareTo(RECOVERY_BOUND) > 0) {
          fail("the store did not recover within " + RECOVERY_BOUND.toSeconds() + " s of the server's return: "
              + e.getMessage(), e);
        }
        Thread.sleep(100);
      }
    }
    assertThat(new String(store.get(get).orElseThrow().data(), StandardCharsets.UTF_8)).isEqualTo("after");
    store.check();
    System.out.printf("failed after %d ms, recovered after %d ms%n", failedAfter.toMillis(),
        recoveredAfter.toMillis());
  }
}
