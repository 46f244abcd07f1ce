package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * A whole sidecar with both of the Configuration's pipelines: {@code spec.httpPipeline} (routerchecker, then
 * uppercase on the request) around the API, {@code spec.appHttpPipeline} (ratelimit, then uppercase on the
 * response) around the calls into the app, and a middleware of a type daprd does not know, reported with daprd's
 * load error.
 */
class MiddlewarePipelineTest {

  @Test
  void bothPipelinesRunAroundAnInvocation() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    app.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    app.createContext("/orders", ex -> {
      bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      byte[] answer = "order taken".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    app.start();
    Path dir = Locations.newDirectory("middleware");
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("middleware.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: routes
        spec:
          type: middleware.http.routerchecker
          version: v1
          metadata:
          - name: rule
            value: "^/v1\\\\.0/(healthz|invoke|metadata|shutdown)"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: upper-request
        spec:
          type: middleware.http.uppercase
          version: v1
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: upper-response
        spec:
          type: middleware.http.uppercase
          version: v1
          metadata:
          - name: direction
            value: response
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: limit
        spec:
          type: middleware.http.ratelimit
          version: v1
          metadata:
          - name: maxRequestsPerSecond
            value: "0.1"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: unknown
        spec:
          type: middleware.http.nosuch
          version: v1
          ignoreErrors: true
        """);
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: pipelines
        spec:
          nameResolution:
            component: sqlite
            configuration:
              connectionString: "%s"
          httpPipeline:
            handlers:
            - name: routes
              type: middleware.http.routerchecker
            - name: upper-request
              type: middleware.http.uppercase
          appHttpPipeline:
            handlers:
            - name: limit
              type: middleware.http.ratelimit
            - name: upper-response
              type: middleware.http.uppercase
            - name: unknown
              type: middleware.http.nosuch
        """.formatted(dir.resolve("names.db")));
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-middleware").resources(resources)
        .args("--config", config.toString(), "--app-port", String.valueOf(app.getAddress().getPort())).start()) {
      Http http = new Http(sidecar);
      HttpResponse<String> first = http.post("/v1.0/invoke/it-middleware/method/orders", "two apples");
      assertThat(first.statusCode()).isEqualTo(200);
      assertThat(first.body()).as("the app pipeline upper-cases the answer").isEqualTo("ORDER TAKEN");
      assertThat(bodies).as("the API pipeline upper-cases the request").containsExactly("TWO APPLES");

      HttpResponse<String> second = http.post("/v1.0/invoke/it-middleware/method/orders", "one pear");
      assertThat(second.statusCode()).as("the app pipeline's rate limit answers in the app's place")
          .isEqualTo(429);
      assertThat(second.body()).isEqualTo("You have reached maximum request limit.");
      assertThat(bodies).hasSize(1);

      HttpResponse<String> refused = http.get("/v1.0/state/statestore/k");
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body()).isEqualTo("invalid router");
      assertThat(http.get("/v1.0/metadata").statusCode()).isEqualTo(200);

      assertThat(sidecar.logText()).contains("[CREATE_COMPONENT_FAILURE]: initialization error occurred for "
          + "unknown (middleware.http.nosuch/v1): process component unknown error: HTTP middleware "
          + "middleware.http.nosuch/v1 has not been registered");
    } finally {
      app.stop(0);
    }
  }

  @Test
  void aRewritingApiPipelineLetsAUrlInvocationThrough() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpServer target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    target.createContext("/", ex -> {
      seen.add(ex.getRequestURI().getRawPath() + " " + new String(ex.getRequestBody().readAllBytes(),
          StandardCharsets.UTF_8));
      byte[] answer = "taken".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    target.start();
    Path dir = Locations.newDirectory("middleware-url");
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("middleware.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: upper-request
        spec:
          type: middleware.http.uppercase
          version: v1
        """);
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: rewriting
        spec:
          httpPipeline:
            handlers:
            - name: upper-request
              type: middleware.http.uppercase
        """);
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-middleware-url").resources(resources)
        .args("--config", config.toString()).start()) {
      HttpResponse<String> r = new Http(sidecar).post("/v1.0/invoke/http://127.0.0.1:"
          + target.getAddress().getPort() + "/method/orders/today", "two apples");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("taken");
      assertThat(seen).containsExactly("/orders/today TWO APPLES");
    } finally {
      target.stop(0);
    }
  }
}
