package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequestEntry;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Bulk pub/sub in daprd 1.18's metrics, after a known workload: a bulk publish over HTTP and one over gRPC, a bulk
 * subscription whose app takes two entries and drops one. Checked by name, labels and value, with daprd's quirks:
 * the bulk publish event count has empty {@code success} and {@code topic} labels, and bulk subscribe metrics name
 * their component {@code pubsubName}.
 */
class BulkPubSubMetricsTest {
  private static final String APP_ID = "it-bulk-metrics";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Duration WAIT = Duration.ofSeconds(20);
  /** The batches the app received (the broker decides how many messages it hands over at once). */
  private static final java.util.concurrent.atomic.AtomicInteger BATCHES = new java.util.concurrent.atomic.AtomicInteger();

  private static Path resources() throws IOException {
    Path dir = Locations.newDirectory("bulk-metrics-resources");
    Files.writeString(dir.resolve("components.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: pubsub.in-memory
          version: v1
          metadata: []
        """);
    return dir;
  }

  @Test
  void bulkPublishAndBulkSubscribeShowInDaprdsMetrics() throws Exception {
    com.sun.net.httpserver.HttpServer app = bulkApp();
    try (SidecarProcess sidecar = SidecarProcess.withAppId(APP_ID).resources(resources())
        .args("--app-port", String.valueOf(app.getAddress().getPort())).start()) {
      Http http = new Http(sidecar);
      HttpResponse<String> r = http.post("/v1.0-alpha1/publish/bulk/pubsub/orders",
          "[{\"entryId\":\"1\",\"event\":\"keep\",\"contentType\":\"text/plain\"},"
              + "{\"entryId\":\"2\",\"event\":\"keep\",\"contentType\":\"text/plain\"},"
              + "{\"entryId\":\"3\",\"event\":\"drop\",\"contentType\":\"text/plain\"}]");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
      ManagedChannel channel = GrpcFailure.channel(sidecar);
      try {
        var response = GrpcFailure.stub(channel).bulkPublishEventAlpha1(BulkPublishRequest.newBuilder()
            .setPubsubName("pubsub").setTopic("audit")
            .addEntries(BulkPublishRequestEntry.newBuilder().setEntryId("a").setContentType("text/plain")
                .setEvent(ByteString.copyFromUtf8("one")))
            .addEntries(BulkPublishRequestEntry.newBuilder().setEntryId("b").setContentType("text/plain")
                .setEvent(ByteString.copyFromUtf8("two")))
            .build());
        assertThat(response.getFailedEntriesList()).isEmpty();
      } finally {
        channel.shutdownNow();
      }

      String id = "app_id=\"" + APP_ID + "\",component=\"pubsub\",namespace=\"\",";
      String sub = "app_id=\"" + APP_ID + "\",component=\"pubsubName\",namespace=\"\",";
      String text = awaitSeries(sidecar, "dapr_component_pubsub_ingress_bulk_event_count{" + sub
          + "process_status=\"drop\",topic=\"orders\"}");
      assertThat(value(text, "dapr_component_pubsub_egress_bulk_count{" + id + "success=\"true\",topic=\"orders\"}"))
          .isEqualTo(1);
      assertThat(value(text, "dapr_component_pubsub_egress_bulk_count{" + id + "success=\"true\",topic=\"audit\"}"))
          .isEqualTo(1);
      assertThat(value(text, "dapr_component_pubsub_egress_bulk_event_count{" + id + "success=\"\",topic=\"\"}"))
          .as("3 + 2 entries published").isEqualTo(5);
      assertThat(value(text, "dapr_component_pubsub_ingress_bulk_event_count{" + sub
          + "process_status=\"success\",topic=\"orders\"}")).isEqualTo(2);
      assertThat(value(text, "dapr_component_pubsub_ingress_bulk_event_count{" + sub
          + "process_status=\"drop\",topic=\"orders\"}")).isEqualTo(1);
      assertThat(value(text, "dapr_component_pubsub_ingress_bulk_count{" + sub
          + "process_status=\"\",topic=\"orders\"}")).as("one per batch the app got").isEqualTo(BATCHES.get());
      assertThat(text).doesNotContain("process_status=\"retry\"")
          .doesNotContain("dapr_component_pubsub_egress_count{")
          .doesNotContain("dapr_component_pubsub_ingress_count{");
    } finally {
      app.stop(0);
    }
  }

  /** An app with one bulk subscription on {@code orders}: it drops the entries whose data is "drop". */
  private static com.sun.net.httpserver.HttpServer bulkApp() throws IOException {
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/dapr/subscribe", ex -> reply(ex, """
        [{"pubsubname":"pubsub","topic":"orders","route":"/orders",
          "bulkSubscribe":{"enabled":true,"maxMessagesCount":3,"maxAwaitDurationMs":5000}}]
        """));
    server.createContext("/orders", ex -> {
      BATCHES.incrementAndGet();
      JsonNode batch = JSON.readTree(ex.getRequestBody().readAllBytes());
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode statuses = answer.putArray("statuses");
      for (JsonNode e : batch.path("entries")) {
        boolean drop = e.path("event").path("data").asText().equals("drop");
        statuses.addObject().put("entryId", e.path("entryId").asText()).put("status", drop ? "DROP" : "SUCCESS");
      }
      reply(ex, answer.toString());
    });
    server.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.sendResponseHeaders(404, -1);
      ex.close();
    });
    server.start();
    return server;
  }

  private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("content-type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    ex.getResponseBody().write(bytes);
    ex.close();
  }

  private static String awaitSeries(SidecarProcess sidecar, String series) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String text = "";
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + sidecar.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
      text = r.body();
      if (text.contains(series + " ")) {
        return text;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(series + " never appeared in\n" + text);
  }

  /** The value of the sample {@code series} (name and labels exactly), failing when it is absent. */
  private static long value(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("%s in%n%s", series, text).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
