package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A bulk subscription's delivery traced as daprd traces it: one {@code pubsub/<topic>} span per event of the batch,
 * each in its own event's trace, and the app's call carrying the context of one of them (daprd's last). How many
 * events a batch holds is the broker's affair; the spans are the same either way.
 */
class BulkTracingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE_1 = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACE_2 = "5cf92f3577b34da6a3ce929d0e0e4737";

  @Test
  void eachEventOfABatchGetsItsSpanInItsOwnTrace() throws Exception {
    List<String> delivered = new CopyOnWriteArrayList<>();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    app.createContext("/dapr/subscribe", ex -> reply(ex, """
        [{"pubsubname":"pubsub","topic":"orders","route":"/orders",
          "bulkSubscribe":{"enabled":true,"maxMessagesCount":2,"maxAwaitDurationMs":5000}}]
        """));
    app.createContext("/orders", ex -> {
      JsonNode batch = JSON.readTree(ex.getRequestBody().readAllBytes());
      String traceparent = ex.getRequestHeaders().getFirst("traceparent");
      delivered.add(traceparent == null ? "" : traceparent);
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode statuses = answer.putArray("statuses");
      batch.path("entries").forEach(e -> statuses.addObject().put("entryId", e.path("entryId").asText())
          .put("status", "SUCCESS"));
      reply(ex, answer.toString());
    });
    app.start();
    Path dir = Locations.newDirectory("bulk-tracing");
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("pubsub.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: pubsub.in-memory
          version: v1
          metadata: []
        """);
    try (TraceCollector collector = new TraceCollector()) {
      Path config = dir.resolve("config.yaml");
      Files.writeString(config, """
          apiVersion: dapr.io/v1alpha1
          kind: Configuration
          metadata:
            name: tracing
          spec:
            tracing:
              samplingRate: "1"
              zipkin:
                endpointAddress: %s
          """.formatted(collector.zipkinUrl()));
      try (SidecarProcess sidecar = SidecarProcess.withAppId("it-bulk-tracing").resources(resources)
          .args("--app-port", String.valueOf(app.getAddress().getPort()), "--config", config.toString())
          .start()) {
        Http http = new Http(sidecar);
        for (String trace : List.of(TRACE_1, TRACE_2)) {
          HttpResponse<String> r = http.post("/v1.0/publish/pubsub/orders", "{\"n\":1}", "content-type",
              "application/json", "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
          assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        }
        List<TraceCollector.Received> spans = await(collector, 2);
        assertThat(spans).extracting(TraceCollector.Received::traceId).containsExactlyInAnyOrder(TRACE_1, TRACE_2);
        assertThat(spans).allSatisfy(s -> {
          assertThat(s.kind()).isEqualTo("CLIENT");
          assertThat(s.parentId()).as("the publish span of its event").isNotEmpty();
        });
        assertThat(delivered).as("each call of the app continues a span of its batch").isNotEmpty()
            .isSubsetOf(spans.stream().map(s -> "00-" + s.traceId() + "-" + s.id() + "-01").toList());
      }
    } finally {
      app.stop(0);
    }
  }

  private static List<TraceCollector.Received> await(TraceCollector collector, int count) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<TraceCollector.Received> found = List.of();
    while (System.nanoTime() < deadline) {
      found = collector.spans().stream().filter(s -> s.name().equals("pubsub/orders")).toList();
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("expected " + count + " pubsub/orders spans, got " + collector.spans());
  }

  private static void reply(HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("content-type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }
}
