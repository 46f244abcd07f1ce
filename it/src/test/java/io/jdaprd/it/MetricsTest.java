package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * daprd's metrics on the metrics port after a known workload on one sidecar with an app: state saves and gets over
 * HTTP, a gRPC get, a publish, an invocation of the app, errors on both transports. Each metric is checked by name,
 * labels and value, as Dapr's Grafana dashboards query them; then the OpenMetrics answer and the
 * Configuration's {@code spec.metrics.enabled: false}.
 */
class MetricsTest {
  private static final String APP_ID = "it-metrics-workload";
  /**
   * HTTP/1.1, as Prometheus scrapes: the JDK client's h2c upgrade (its default) sometimes misreads an answer
   * larger than one HTTP/2 frame that arrives with the 101 (the sidecar's bytes checked correct with curl and a raw
   * HTTP/2 reader).
   */
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static Path resources() throws IOException {
    Path dir = Locations.newDirectory("metrics-resources");
    Files.writeString(dir.resolve("components.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
          metadata: []
        ---
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
  void aKnownWorkloadShowsInDaprdsMetrics() throws Exception {
    try (InvokeApp app = new InvokeApp();
        SidecarProcess sidecar = SidecarProcess.withAppId(APP_ID).resources(resources())
            .args("--app-port", String.valueOf(app.port())).start()) {
      Http http = new Http(sidecar);
      for (int i = 0; i < 3; i++) {
        assertThat(http.post("/v1.0/state/statestore", "[{\"key\":\"k" + i + "\",\"value\":" + i + "}]")
            .statusCode()).isEqualTo(204);
      }
      for (int i = 0; i < 2; i++) {
        assertThat(http.get("/v1.0/state/statestore/k" + i).statusCode()).isEqualTo(200);
      }
      assertThat(http.get("/v1.0/state/nostore/k").statusCode()).isEqualTo(400);
      assertThat(http.post("/v1.0/publish/pubsub/orders", "{\"id\":1}", "content-type", "application/json")
          .statusCode()).isEqualTo(204);
      assertThat(http.post("/v1.0/invoke/" + APP_ID + "/method/echo", "hello").statusCode()).isEqualTo(200);
      ManagedChannel channel = GrpcFailure.channel(sidecar);
      try {
        DaprGrpc.DaprBlockingStub dapr = GrpcFailure.stub(channel);
        dapr.getState(GetStateRequest.newBuilder().setStoreName("statestore").setKey("k0").build());
        assertThatThrownBy(() -> dapr.getState(GetStateRequest.newBuilder().setStoreName("nostore").setKey("k")
            .build())).isInstanceOf(StatusRuntimeException.class);
      } finally {
        channel.shutdownNow();
      }

      String text = scrape(sidecar, null).body();
      String id = "app_id=\"" + APP_ID + "\"";
      assertThat(value(text, "dapr_http_server_request_count{" + id
          + ",method=\"POST\",path=\"/v1.0/state/statestore\",status=\"204\"}")).isEqualTo(3);
      assertThat(value(text, "dapr_http_server_request_count{" + id
          + ",method=\"GET\",path=\"/v1.0/state/statestore\",status=\"200\"}")).isEqualTo(2);
      assertThat(value(text, "dapr_http_server_request_count{" + id
          + ",method=\"GET\",path=\"/v1.0/state/nostore\",status=\"400\"}")).isEqualTo(1);
      assertThat(value(text, "dapr_http_server_latency_count{" + id
          + ",method=\"GET\",path=\"/v1.0/state/statestore\",status=\"200\"}")).isEqualTo(2);
      assertThat(value(text, "dapr_http_server_latency_bucket{" + id
          + ",method=\"GET\",path=\"/v1.0/state/statestore\",status=\"200\",le=\"+Inf\"}")).isEqualTo(2);
      assertThat(value(text, "dapr_component_state_count{" + id
          + ",component=\"statestore\",namespace=\"\",operation=\"set\",success=\"true\"}")).isEqualTo(3);
      assertThat(value(text, "dapr_component_state_count{" + id
          + ",component=\"statestore\",namespace=\"\",operation=\"get\",success=\"true\"}")).isEqualTo(3);
      assertThat(value(text, "dapr_component_pubsub_egress_count{" + id
          + ",component=\"pubsub\",namespace=\"\",success=\"true\",topic=\"orders\"}")).isEqualTo(1);
      assertThat(value(text, "dapr_http_client_completed_count{" + id
          + ",method=\"POST\",path=\"/echo\",status=\"200\"}")).isEqualTo(1);
      assertThat(value(text, "dapr_grpc_io_server_completed_rpcs{" + id
          + ",grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\",grpc_server_status=\"OK\"}")).isEqualTo(1);
      assertThat(value(text, "dapr_grpc_io_server_completed_rpcs{" + id
          + ",grpc_server_method=\"/dapr.proto.runtime.v1.Dapr/GetState\",grpc_server_status=\"InvalidArgument\"}"))
          .isEqualTo(1);
      assertThat(value(text, "dapr_runtime_component_loaded{" + id + "}")).isEqualTo(2);
      assertThat(value(text, "jdaprd_api_errors_total{" + id
          + ",errorCode=\"ERR_STATE_STORE_NOT_FOUND\",protocol=\"http\"}")).isEqualTo(1);
      assertThat(value(text, "jdaprd_api_errors_total{" + id
          + ",errorCode=\"ERR_STATE_STORE_NOT_FOUND\",protocol=\"grpc\"}")).isEqualTo(1);

      HttpResponse<String> om = scrape(sidecar, "application/openmetrics-text; version=1.0.0,text/plain;q=0.5");
      assertThat(om.headers().firstValue("content-type").orElse("")).startsWith("application/openmetrics-text");
      assertThat(om.body()).contains("# TYPE dapr_http_server_request_count unknown").endsWith("# EOF\n");
    }
  }

  @Test
  void configurationCanSwitchTheDaprMetricsOff() throws Exception {
    Path config = Locations.newDirectory("metrics-config").resolve("config.yaml");
    Files.writeString(config, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: nometrics
        spec:
          metrics:
            enabled: false
        """);
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-metrics-off").resources(resources())
        .args("--config", config.toString()).start()) {
      assertThat(new Http(sidecar).get("/v1.0/state/statestore/k").statusCode()).isEqualTo(204);
      HttpResponse<String> r = scrape(sidecar, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).doesNotContain("dapr_");
    }
  }

  private static HttpResponse<String> scrape(SidecarProcess sidecar, String accept) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sidecar.metricsPort()
        + "/metrics"));
    if (accept != null) {
      b.header("accept", accept);
    }
    HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r;
  }

  /** The value of the sample {@code series} (name and labels exactly), failing when it is absent. */
  private static long value(String text, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(text);
    assertThat(m.find()).as("%s in%n%s", series, text).isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
