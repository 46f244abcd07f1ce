package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jdaprd.components.rabbitmq.RabbitMqServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bindings.rabbitmq} through the whole sidecar: messages written with {@code POST /v1.0/bindings/events}
 * reach the app at {@code POST /events}; while the app answers 500 they keep coming back (the binding rejects them
 * with requeue), and once it answers 200 each is taken and, acknowledged, never delivered again.
 */
class RabbitMqBindingAppTest {
  private static RabbitMqServer rabbit;
  private static HttpServer app;
  private static SidecarProcess sidecar;
  private static final AtomicBoolean failing = new AtomicBoolean(true);
  private static final AtomicInteger attempts = new AtomicInteger();
  private static final Map<String, AtomicInteger> taken = new ConcurrentHashMap<>();

  @BeforeAll
  static void start() throws Exception {
    rabbit = RabbitMqServer.start();
    app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    app.createContext("/events", RabbitMqBindingAppTest::handle);
    app.start();
    sidecar = SidecarProcess.withAppId("it-rabbitmq-binding")
        .resources(PubSubComponent.write("events", "bindings.rabbitmq", Map.of("host", rabbit.connectionString(),
            "queueName", "it-binding-events", "durable", "true", "deleteWhenUnused", "false")))
        .args("--app-port", String.valueOf(app.getAddress().getPort())).start();
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.stop(0);
    }
    if (rabbit != null) {
      rabbit.close();
    }
  }

  private static void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int status = 200;
    if ("POST".equals(exchange.getRequestMethod())) {
      attempts.incrementAndGet();
      if (failing.get()) {
        status = 500;
      } else {
        taken.computeIfAbsent(body, k -> new AtomicInteger()).incrementAndGet();
      }
    }
    exchange.sendResponseHeaders(status, -1);
    try (OutputStream out = exchange.getResponseBody()) {
      out.flush();
    }
  }

  @Test
  void refusedMessagesComeBackAndTakenOnesDoNot() throws Exception {
    Http http = new Http(sidecar);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String data = "\"message-" + i + "\"";
      sent.add(data);
      HttpResponse<String> answer = http.post("/v1.0/bindings/events", "{\"operation\":\"create\",\"data\":" + data
          + ",\"metadata\":{\"ttlInSeconds\":\"60\"}}");
      assertThat(answer.statusCode() / 100).as("create answered %s %s", answer.statusCode(), answer.body())
          .isEqualTo(2);
    }
    assertThat(CountingApp.waitFor(() -> attempts.get() >= 30, Duration.ofSeconds(30)))
        .as("refused messages are delivered again; attempts so far: %s", attempts.get()).isTrue();
    assertThat(taken).isEmpty();
    failing.set(false);
    assertThat(CountingApp.waitFor(() -> taken.keySet().containsAll(sent), Duration.ofSeconds(30)))
        .as("every message reaches the app once it takes them; taken: %s", taken.keySet()).isTrue();
    Thread.sleep(1000);
    Set<String> twice = new HashSet<>();
    taken.forEach((body, count) -> {
      if (count.get() > 1) {
        twice.add(body);
      }
    });
    assertThat(twice).as("a message the app took is acknowledged and not delivered again").isEmpty();
  }
}
