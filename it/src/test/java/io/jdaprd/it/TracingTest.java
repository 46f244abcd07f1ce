package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * W3C trace context end to end across two sidecars, exported to collector-like endpoints started here
 * ({@link TraceCollector}): a publish on sidecar A is delivered to app A, which invokes app B through its sidecar;
 * app B saves state through sidecar B. The whole path arrives as one trace with daprd's span names, kinds and
 * parent links, on Zipkin (both sidecars), OTLP/gRPC (sidecar A) and OTLP/HTTP (sidecar B); the CloudEvent carries
 * the publish span's context and each app receives the context of the span that called it.
 */
class TracingTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String ROOT = "00f067aa0ba902b7";

  private static Path resources(String state) throws IOException {
    Path dir = Locations.newDirectory("tracing-resources");
    Files.writeString(dir.resolve("components.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: %s
          version: v1
          metadata: []
        """.formatted(state == null ? "pubsub" : "statestore", state == null ? "pubsub.in-memory" : state));
    return dir;
  }

  /** Tracing at rate 1 to {@code exporters}, and the sqlite name resolution on {@code names} both sidecars share. */
  private static Path config(Path names, String exporters) throws IOException {
    Path file = Locations.newDirectory("tracing-config").resolve("tracing.yaml");
    Files.writeString(file, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: tracing
        spec:
          nameResolution:
            component: sqlite
            configuration:
              connectionString: "%s"
          tracing:
            samplingRate: "1"
        %s
        """.formatted(names.toString().replace("\\", "/"), exporters.indent(4)));
    return file;
  }

  @Test
  void publishDeliveryInvocationAndStateAreOneTrace() throws Exception {
    Map<String, String> seen = new ConcurrentHashMap<>();
    AtomicReference<String> sidecarA = new AtomicReference<>();
    AtomicReference<String> sidecarB = new AtomicReference<>();
    String idA = "it-tracing-a";
    String idB = "it-tracing-b";
    HttpServer appA = app(exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/dapr/subscribe")) {
        return "[{\"pubsubname\":\"pubsub\",\"topic\":\"orders\",\"route\":\"/orders\"}]";
      }
      if (path.equals("/orders")) {
        seen.put("delivery", header(exchange, "traceparent"));
        seen.put("event", JSON.readTree(exchange.getRequestBody()).path("traceparent").asText());
        int status = post(sidecarA.get() + "/v1.0/invoke/" + idB + "/method/store", "{\"n\":1}",
            header(exchange, "traceparent"));
        seen.put("invokeStatus", Integer.toString(status));
        return "{}";
      }
      return "[]";
    });
    HttpServer appB = app(exchange -> {
      if (exchange.getRequestURI().getPath().equals("/store")) {
        seen.put("invoked", header(exchange, "traceparent"));
        int status = post(sidecarB.get() + "/v1.0/state/statestore", "[{\"key\":\"k\",\"value\":1}]",
            header(exchange, "traceparent"));
        seen.put("stateStatus", Integer.toString(status));
        return "{}";
      }
      return "[]";
    });
    Path names = Locations.newDirectory("tracing-names").resolve("names.db");
    try (TraceCollector collector = new TraceCollector();
        SidecarProcess b = SidecarProcess.withAppId(idB).names(names).resources(resources("state.in-memory"))
            .args("--app-port", String.valueOf(appB.getAddress().getPort()), "--config", config(names, """
                zipkin:
                  endpointAddress: %s
                otel:
                  endpointAddress: %s
                  protocol: http
                  isSecure: false""".formatted(collector.zipkinUrl(), collector.otlpHttpAddress())).toString())
            .start();
        SidecarProcess a = SidecarProcess.withAppId(idA).names(names).resources(resources(null))
            .args("--app-port", String.valueOf(appA.getAddress().getPort()), "--config", config(names, """
                zipkin:
                  endpointAddress: %s
                otel:
                  endpointAddress: %s
                  protocol: grpc
                  isSecure: false""".formatted(collector.zipkinUrl(), collector.otlpGrpcAddress())).toString())
            .start()) {
      sidecarA.set(a.httpBase());
      sidecarB.set(b.httpBase());
      HttpResponse<String> published = HTTP.send(HttpRequest.newBuilder(URI.create(a.httpBase()
          + "/v1.0/publish/pubsub/orders")).header("traceparent", "00-" + TRACE + "-" + ROOT + "-01")
          .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"id\":1}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(published.statusCode()).isEqualTo(204);
      // the answer carries the publish span's context
      String publishParent = published.headers().firstValue("traceparent").orElseThrow();
      assertThat(publishParent).startsWith("00-" + TRACE + "-").endsWith("-01");

      List<TraceCollector.Received> zipkin = await(collector, s -> s.protocol().equals("zipkin"), 5);
      TraceCollector.Received publish = one(zipkin, "/v1.0/publish/pubsub/orders", idA);
      TraceCollector.Received delivery = one(zipkin, "pubsub/orders", idA);
      TraceCollector.Received caller = one(zipkin, "CallLocal/" + idB + "/store", idA);
      TraceCollector.Received callee = one(zipkin, "CallLocal/" + idB + "/store", idB);
      TraceCollector.Received state = one(zipkin, "/v1.0/state/statestore", idB);

      assertThat(publish.parentId()).isEqualTo(ROOT);
      assertThat(delivery.parentId()).isEqualTo(publish.id());
      assertThat(caller.parentId()).isEqualTo(delivery.id());
      assertThat(callee.parentId()).isEqualTo(caller.id());
      assertThat(state.parentId()).isEqualTo(callee.id());
      assertThat(List.of(publish.kind(), delivery.kind(), caller.kind(), callee.kind(), state.kind()))
          .containsExactly("CLIENT", "CLIENT", "CLIENT", "SERVER", "CLIENT");
      assertThat(publishParent).isEqualTo("00-" + TRACE + "-" + publish.id() + "-01");

      // what the apps and the CloudEvent carried: the context of the span that called them
      assertThat(seen).containsEntry("event", "00-" + TRACE + "-" + publish.id() + "-01")
          .containsEntry("delivery", "00-" + TRACE + "-" + delivery.id() + "-01")
          .containsEntry("invoked", "00-" + TRACE + "-" + callee.id() + "-01")
          .containsEntry("invokeStatus", "200").containsEntry("stateStatus", "204");

      // daprd's attributes
      assertThat(publish.tags().path("messaging.destination.name").asText()).isEqualTo("orders");
      assertThat(publish.tags().path("dapr.protocol").asText()).isEqualTo("http");
      assertThat(delivery.tags().path("messaging.system").asText()).isEqualTo("pubsub");
      assertThat(caller.tags().path("net.peer.name").asText()).isEqualTo(idB);
      assertThat(callee.tags().path("dapr.invoke_method").asText()).isEqualTo("store");
      assertThat(state.tags().path("db.system").asText()).isEqualTo("state");
      assertThat(state.tags().path("db.name").asText()).isEqualTo("statestore");
      assertThat(state.tags().path("dapr.status_code").asText()).isEqualTo("204");

      // the same spans over OTLP: gRPC from sidecar A, HTTP from sidecar B
      List<TraceCollector.Received> grpc = await(collector, s -> s.protocol().equals("otlp-grpc"), 3);
      assertThat(grpc).extracting(TraceCollector.Received::id).containsExactlyInAnyOrder(publish.id(),
          delivery.id(), caller.id());
      assertThat(grpc).allSatisfy(s -> assertThat(s.service()).isEqualTo(idA));
      List<TraceCollector.Received> otlpHttp = await(collector, s -> s.protocol().equals("otlp-http"), 2);
      assertThat(otlpHttp).extracting(TraceCollector.Received::name).containsExactlyInAnyOrder(
          "CallLocal/" + idB + "/store", "/v1.0/state/statestore");
      assertThat(otlpHttp).filteredOn(s -> s.name().startsWith("CallLocal")).singleElement()
          .satisfies(s -> assertThat(s.parentId()).isEqualTo(caller.id()));
    } finally {
      appA.stop(0);
      appB.stop(0);
    }
  }

  /** The spans of {@link #TRACE} that match, once there are {@code count} of them (within 20 s). */
  private static List<TraceCollector.Received> await(TraceCollector collector,
      Predicate<TraceCollector.Received> which, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<TraceCollector.Received> found = List.of();
    while (System.nanoTime() < deadline) {
      found = collector.spans().stream().filter(which).filter(s -> s.traceId().equals(TRACE)).toList();
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("expected " + count + " spans of trace " + TRACE + ", got " + found
        + "; all: " + collector.spans());
  }

  private static TraceCollector.Received one(List<TraceCollector.Received> spans, String name, String service) {
    List<TraceCollector.Received> matching = spans.stream().filter(s -> s.name().equals(name)
        && s.service().equals(service)).toList();
    assertThat(matching).as("span %s of %s in %s", name, service, spans).hasSize(1);
    return matching.get(0);
  }

  private static String header(HttpExchange exchange, String name) {
    String v = exchange.getRequestHeaders().getFirst(name);
    return v == null ? "" : v;
  }

  private static int post(String url, String body, String traceparent) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body));
      if (!traceparent.isEmpty()) {
        b.header("traceparent", traceparent);
      }
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private interface Handler {
    String handle(HttpExchange exchange) throws IOException;
  }

  private static HttpServer app(Handler handler) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      try (exchange) {
        byte[] out = handler.handle(exchange).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, out.length);
        exchange.getResponseBody().write(out);
      }
    });
    server.start();
    return server;
  }

}
