package io.jdaprd.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.dapr.client.DaprClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The embedded sidecar driven by the official Java SDK, several in one JVM. */
class JdaprdSidecarTest {
  @Test
  void stateSavedThroughTheSdkIsReadBackThroughTheView() throws Exception {
    try (JdaprdSidecar sidecar = JdaprdSidecar.builder().appId("orders").start();
        DaprClient client = sidecar.newClient()) {
      client.saveState("statestore", "order-1", new java.util.TreeMap<>(Map.of("item", "book", "qty", 2))).block();
      assertThat(sidecar.state("statestore").get("order-1")).hasValue("{\"item\":\"book\",\"qty\":2}");
      assertThat(sidecar.state("statestore").get("order-1", Map.class).orElseThrow()).containsEntry("qty", 2);
      assertThat(sidecar.state("statestore").contains("order-2")).isFalse();
      assertThat(client.getState("statestore", "order-1", Map.class).block().getValue())
          .containsEntry("item", "book");
    }
  }

  @Test
  void publishedEventsAreSeenWithoutAnySubscriber() throws Exception {
    try (JdaprdSidecar sidecar = JdaprdSidecar.builder().appId("pub").start();
        DaprClient client = sidecar.newClient()) {
      client.publishEvent("pubsub", "orders", Map.of("id", 7)).block();
      client.publishEvent("pubsub", "orders", "second").block();
      client.publishEvent("pubsub", "other", "elsewhere").block();
      List<PublishedEvent> events = sidecar.published("pubsub", "orders").await(2, Duration.ofSeconds(2));
      assertThat(events.get(0).payload(Map.class)).containsEntry("id", 7);
      assertThat(events.get(0).cloudEvent().get("source").asText()).isEqualTo("pub");
      assertThat(events.get(1).payload()).isEqualTo("second");
      assertThat(sidecar.published("pubsub", "other").all()).hasSize(1);
      assertThatThrownBy(() -> sidecar.published("pubsub", "orders").await(3, Duration.ofMillis(50)))
          .isInstanceOf(AssertionError.class).hasMessageContaining("got 2");
    }
  }

  @Test
  void severalSidecarsInOneJvmKeepTheirOwnPortsAndState() throws Exception {
    try (JdaprdSidecar a = JdaprdSidecar.builder().appId("a").start();
        JdaprdSidecar b = JdaprdSidecar.builder().appId("b").start();
        DaprClient ca = a.newClient(); DaprClient cb = b.newClient()) {
      assertThat(a.getHttpPort()).isNotEqualTo(b.getHttpPort());
      assertThat(a.getGrpcPort()).isNotEqualTo(b.getGrpcPort());
      ca.saveState("statestore", "k", "from-a").block();
      cb.saveState("statestore", "k", "from-b").block();
      assertThat(a.state("statestore").get("k", String.class)).hasValue("from-a");
      assertThat(b.state("statestore").get("k", String.class)).hasValue("from-b");
    }
  }

  @Test
  void tenSidecarsStartedTogetherInOneJvmEachServeTheirOwnApp() throws Exception {
    List<JdaprdSidecar> sidecars = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    try {
      List<java.util.concurrent.Future<?>> starts = new java.util.ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(10)) {
        for (int i = 0; i < 10; i++) {
          String id = "ten-" + i;
          starts.add(pool.submit(() -> sidecars.add(JdaprdSidecar.builder().appId(id).start())));
        }
        for (var f : starts) {
          f.get();
        }
      }
      assertThat(sidecars.stream().map(JdaprdSidecar::getHttpPort).distinct()).hasSize(10);
      for (JdaprdSidecar s : sidecars) {
        try (DaprClient client = s.newClient()) {
          client.saveState("statestore", "who", s.getAppName()).block();
        }
      }
      for (JdaprdSidecar s : sidecars) {
        assertThat(s.state("statestore").get("who", String.class)).hasValue(s.getAppName());
      }
    } finally {
      sidecars.forEach(JdaprdSidecar::close);
    }
  }

  @Test
  void aSubscriptionDeliversToTheAppOnItsPort() throws Exception {
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/orders", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      respond(exchange, 200, "{\"status\":\"SUCCESS\"}");
    });
    app.createContext("/", exchange -> respond(exchange, 404, ""));
    app.start();
    try (JdaprdSidecar sidecar = JdaprdSidecar.builder().withAppName("sub")
        .withAppPort(app.getAddress().getPort())
        .withComponent("pubsub", "pubsub.in-memory", Map.of())
        .withSubscription("orders-sub", "pubsub", "orders", "/orders").start();
        DaprClient client = sidecar.newClient()) {
      client.publishEvent("pubsub", "orders", "hello").block();
      assertThat(received.poll(5, TimeUnit.SECONDS)).contains("\"data\":\"hello\"");
      assertThatThrownBy(() -> sidecar.state("statestore").get("k")).hasMessageContaining("statestore");
    } finally {
      app.stop(0);
    }
  }

  @Test
  void oneEmbeddedSidecarInvokesTheAppOfAnother() throws Exception {
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.createContext("/hello", exchange -> respond(exchange, 200, "\"hi from callee\""));
    app.createContext("/", exchange -> respond(exchange, 404, ""));
    app.start();
    try (JdaprdSidecar callee = JdaprdSidecar.builder().appId("callee").appPort(app.getAddress().getPort()).start();
        JdaprdSidecar caller = JdaprdSidecar.builder().appId("caller").start();
        DaprClient client = caller.newClient()) {
      String answer = client.invokeMethod("callee", "hello", null, io.dapr.client.domain.HttpExtension.GET,
          String.class).block();
      assertThat(answer).isEqualTo("hi from callee");
    } finally {
      app.stop(0);
    }
  }

  @Test
  void aBadSettingNamesTheFlag() {
    assertThatThrownBy(() -> JdaprdSidecar.builder().appId("has.dot").start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--app-id");
  }

  private static void respond(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      exchange.getResponseBody().write(bytes);
    }
    exchange.close();
  }
}
