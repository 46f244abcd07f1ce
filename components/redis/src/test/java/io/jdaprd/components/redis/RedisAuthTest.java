package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code redisPassword} and {@code redisUsername} against a server started with {@code --requirepass}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisAuthTest {
  private static final String PASSWORD = "Right-Pa55word-4711";
  private static final String WRONG = "Wrong-Pa55word-0815";

  private RedisServer server;

  @BeforeAll
  void start() throws Exception {
    server = RedisServer.start("--requirepass", PASSWORD);
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  @DisplayName("the right password works, with and without the user name default")
  void rightPasswordWorks() throws Exception {
    for (Map<String, String> credentials : java.util.List.of(Map.of("redisPassword", PASSWORD),
        Map.of("redisUsername", "default", "redisPassword", PASSWORD))) {
      try (RedisStateStore store = open(credentials)) {
        store.set(new SetRequest("app||k", "v".getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null));
        assertThat(store.get(new GetRequest("app||k", Map.of(), null))).isPresent();
        store.check();
      }
    }
  }

  @Test
  @DisplayName("a wrong password fails init with a message that names the store and hides both passwords")
  void wrongPasswordFailsInit() {
    assertThatThrownBy(() -> open(Map.of("redisPassword", WRONG)))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("authstore")
        .hasMessageContaining(server.address())
        .hasMessageContaining("WRONGPASS")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(WRONG).doesNotContain(PASSWORD))
        .satisfies(e -> assertThat(String.valueOf(e.getCause())).doesNotContain(WRONG));
  }

  @Test
  @DisplayName("no password fails init with NOAUTH")
  void missingPasswordFailsInit() {
    assertThatThrownBy(() -> open(Map.of()))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("authstore")
        .hasMessageContaining("NOAUTH");
  }

  private RedisStateStore open(Map<String, String> credentials) throws Exception {
    Map<String, String> metadata = new HashMap<>(credentials);
    metadata.put("redisHost", server.address());
    RedisStateStore store = new RedisStateStore();
    store.init(new ComponentMetadata("authstore", RedisStateStore.TYPE, "v1", "app", metadata));
    return store;
  }
}
