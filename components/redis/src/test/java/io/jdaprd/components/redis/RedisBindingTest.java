package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code bindings.redis} against a private redis-server: each operation, TTLs, and the failures Dapr's tells. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisBindingTest {
  private RedisServer server;
  private RedisBinding binding;

  @BeforeAll
  void start() throws Exception {
    server = RedisServer.start();
    binding = new RedisBinding();
    binding.init(metadata(server.address()));
  }

  @AfterAll
  void stop() {
    if (binding != null) {
      binding.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void listsDaprsOperations() {
    assertThat(binding.operations()).containsExactly("create", "delete", "get", "increment");
  }

  @Test
  void createThenGetThenDelete() throws Exception {
    assertThat(invoke("create", "{\"a\":1}", Map.of("key", "k1")).data()).isEmpty();
    assertThat(text(invoke("get", "", Map.of("key", "k1")))).isEqualTo("{\"a\":1}");
    invoke("delete", "", Map.of("key", "k1"));
    BindingResponse gone = invoke("get", "", Map.of("key", "k1"));
    assertThat(gone.data()).isEmpty();
    assertThat(gone.metadata()).isEmpty();
  }

  @Test
  void getWithDeleteReadsAndRemoves() throws Exception {
    invoke("create", "once", Map.of("key", "k2"));
    assertThat(text(invoke("get", "", Map.of("key", "k2", "delete", "true")))).isEqualTo("once");
    assertThat(invoke("get", "", Map.of("key", "k2")).data()).isEmpty();
  }

  @Test
  void incrementCountsAndAnswersNothing() throws Exception {
    invoke("increment", "", Map.of("key", "counter"));
    assertThat(invoke("increment", "", Map.of("key", "counter")).data()).isEmpty();
    assertThat(text(invoke("get", "", Map.of("key", "counter")))).isEqualTo("2");
  }

  @Test
  void incrementOfANonNumberFailsInRedissWords() throws Exception {
    invoke("create", "abc", Map.of("key", "word"));
    assertThatThrownBy(() -> invoke("increment", "", Map.of("key", "word")))
        .isInstanceOf(BindingException.class)
        .hasMessage("ERR value is not an integer or out of range");
  }

  @Test
  void ttlExpiresTheKey() throws Exception {
    invoke("create", "short", Map.of("key", "t1", "ttlInSeconds", "1"));
    invoke("create", "long", Map.of("key", "t2", "TTL", "1h"));
    assertThat(text(invoke("get", "", Map.of("key", "t1")))).isEqualTo("short");
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (invoke("get", "", Map.of("key", "t1")).data().length > 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(invoke("get", "", Map.of("key", "t1")).data()).isEmpty();
    assertThat(text(invoke("get", "", Map.of("key", "t2")))).isEqualTo("long");
  }

  @Test
  void ttlIsReadAsDaprReadsIt() throws Exception {
    assertThat(RedisBinding.ttl(Map.of("ttlInSeconds", "30"))).contains(Duration.ofSeconds(30));
    assertThat(RedisBinding.ttl(Map.of("ttl", "1m30s"))).contains(Duration.ofSeconds(90));
    assertThat(RedisBinding.ttl(Map.of("ttl", "-5s"))).contains(Duration.ZERO);
    assertThat(RedisBinding.ttl(Map.of())).isEqualTo(Optional.empty());
    assertThatThrownBy(() -> RedisBinding.ttl(Map.of("ttl", "soon")))
        .hasMessage("ttl value must be a valid integer: actual is 'soon'");
    assertThatThrownBy(() -> RedisBinding.ttl(Map.of("ttlInSeconds", "-3")))
        .hasMessage("ttl value must be higher than zero: actual is '-3'");
    assertThatThrownBy(() -> invoke("create", "x", Map.of("key", "t3", "ttl", "soon")))
        .hasMessage("ttl value must be a valid integer: actual is 'soon'");
    assertThat(invoke("get", "", Map.of("key", "t3")).data()).as("nothing written").isEmpty();
  }

  @Test
  void everyOperationNeedsAKey() {
    for (String operation : binding.operations()) {
      assertThatThrownBy(() -> invoke(operation, "x", Map.of()))
          .isInstanceOf(BindingException.class)
          .hasMessage("redis binding: missing key in request metadata");
    }
  }

  @Test
  void anUnreachableServerFailsInitWithoutThePassword() throws Exception {
    int port = RedisServer.freePort();
    RedisBinding other = new RedisBinding();
    Map<String, String> properties = Map.of("redisHost", "127.0.0.1:" + port, "redisPassword", "s3cr3t-pw",
        "dialTimeout", "300ms");
    assertThatThrownBy(() -> other.init(new ComponentMetadata("cache", RedisBinding.TYPE, "v1", "app",
        properties)))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("redis binding cache")
        .hasMessageContaining("127.0.0.1:" + port)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cr3t-pw"));
  }

  private BindingResponse invoke(String operation, String data, Map<String, String> metadata)
      throws BindingException {
    return binding.invoke(new BindingRequest(operation, data.getBytes(StandardCharsets.UTF_8), metadata));
  }

  private static String text(BindingResponse response) {
    return new String(response.data(), StandardCharsets.UTF_8);
  }

  private static ComponentMetadata metadata(String host) {
    return new ComponentMetadata("cache", RedisBinding.TYPE, "v1", "app", Map.of("redisHost", host));
  }
}
