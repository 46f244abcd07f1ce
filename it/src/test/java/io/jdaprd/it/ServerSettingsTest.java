package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The server's flags and environment, each on a sidecar of its own, as a user sets them: {@code --error-details},
 * {@code --config}, {@code --log-as-json}, {@code --enable-metrics}/{@code --metrics-port},
 * {@code --dapr-listen-addresses}, {@code NAMESPACE} and {@code APP_API_TOKEN}.
 */
class ServerSettingsTest {
  private static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MISSING_STORE = "/v1.0/state/nostore/k";
  private static final String HELP = "type.googleapis.com/google.rpc.Help";

  @Test
  void errorDetailsRichAddsHelpToErrors() {
    try (SidecarProcess sidecar = inMemory("it-rich").args("--error-details", "rich").start()) {
      HttpResponse<String> r = new Http(sidecar).get(MISSING_STORE);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("\"errorCode\":\"ERR_STATE_STORE_NOT_FOUND\"").contains(HELP);
    }
  }

  @Test
  void errorsAreDaprdsBytesByDefault() {
    try (SidecarProcess sidecar = inMemory("it-plain").start()) {
      HttpResponse<String> r = new Http(sidecar).get(MISSING_STORE);

      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(r.body()).contains("\"errorCode\":\"ERR_STATE_STORE_NOT_FOUND\"").doesNotContain(HELP);
    }
  }

  @Test
  void configurationFileSwitchesRichErrorsOn() throws IOException {
    Path config = Locations.newDirectory("config").resolve("config.yaml");
    Files.writeString(config, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: rich
        spec:
          errorDetails: rich
          nameResolution:
            component: sqlite
            configuration:
              connectionString: "%s"
        """.formatted(config.resolveSibling("names.db")));
    try (SidecarProcess sidecar = inMemory("it-config").args("--config", config.toString()).start()) {
      assertThat(new Http(sidecar).get(MISSING_STORE).body()).contains(HELP);
    }
  }

  @Test
  void logAsJsonWritesOneJsonObjectPerLine() throws IOException {
    try (SidecarProcess sidecar = inMemory("it-json-log").args("--log-as-json").start()) {
      List<String> lines = sidecar.logText().lines().filter(l -> !l.isBlank()).toList();

      assertThat(lines).isNotEmpty();
      for (String line : lines) {
        JsonNode record = JSON.readTree(line);
        assertThat(record.path("app_id").asText()).isEqualTo("it-json-log");
        assertThat(record.path("type").asText()).isEqualTo("log");
        assertThat(record.has("level") && record.has("msg") && record.has("time")).isTrue();
      }
      assertThat(lines).anyMatch(l -> l.contains("dapr initialized. Status: Running"));
    }
  }

  @Test
  void metricsCountApiRequests() {
    try (SidecarProcess sidecar = inMemory("it-metrics").start()) {
      new Http(sidecar).get("/v1.0/metadata");

      HttpResponse<String> metrics = get("http://127.0.0.1:" + sidecar.metricsPort() + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("dapr_http_server_request_count{app_id=\"it-metrics\",method=\"GET\","
          + "path=\"/v1.0/metadata\",status=\"200\"} 1");
    }
  }

  @Test
  void metricsCanBeSwitchedOff() {
    try (SidecarProcess sidecar = inMemory("it-no-metrics").args("--enable-metrics=false").start()) {
      assertThat(new Http(sidecar).get("/v1.0/metadata").statusCode()).isEqualTo(200);
      assertThat(listens("127.0.0.1", sidecar.metricsPort())).isFalse();
    }
  }

  @Test
  void listenAddressesLimitWhereTheApisListen() {
    try (SidecarProcess sidecar = inMemory("it-listen").args("--dapr-listen-addresses", "127.0.0.1").start()) {
      assertThat(listens("127.0.0.1", sidecar.httpPort())).isTrue();
      assertThat(listens("127.0.0.1", sidecar.grpcPort())).isTrue();
      assertThat(listens("127.0.0.2", sidecar.httpPort())).isFalse();
      assertThat(listens("127.0.0.2", sidecar.grpcPort())).isFalse();
    }
    try (SidecarProcess sidecar = inMemory("it-listen-all").start()) {
      assertThat(listens("127.0.0.2", sidecar.httpPort())).as("all interfaces by default").isTrue();
    }
  }

  @Test
  void namespacePrefixesKeysAndFiltersComponents() throws IOException {
    Path dir = Locations.newDirectory("namespace");
    Files.writeString(dir.resolve("components.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: shared
        spec:
          type: state.sqlite
          version: v1
          metadata:
          - name: connectionString
            value: "%s"
          - name: keyPrefix
            value: namespace
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: elsewhere
          namespace: staging
        spec:
          type: state.in-memory
          version: v1
          metadata: []
        """.formatted(dir.resolve("state.db")));
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-ns").resources(dir).env("NAMESPACE", "prod")
        .start()) {
      Http http = new Http(sidecar);
      assertThat(http.post("/v1.0/state/shared", "[{\"key\":\"k\",\"value\":\"v\"}]").statusCode())
          .isEqualTo(204);
      assertThat(http.get("/v1.0/state/elsewhere/k").body()).contains("state store elsewhere is not found");
    }
    // The same file read from other namespaces: the key is prod.it-ns||k, so only the prod sidecar finds it.
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-ns").resources(dir).env("NAMESPACE", "staging")
        .start()) {
      Http http = new Http(sidecar);
      assertThat(http.get("/v1.0/state/shared/k").statusCode()).isEqualTo(204);
      assertThat(http.get("/v1.0/state/elsewhere/k").statusCode()).as("loaded in its namespace").isEqualTo(204);
    }
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-ns").resources(dir).env("NAMESPACE", "prod")
        .start()) {
      assertThat(new Http(sidecar).get("/v1.0/state/shared/k").body()).isEqualTo("\"v\"");
    }
  }

  @Test
  void appApiTokenIsSentToTheApp() throws IOException {
    try (TestApp app = new TestApp("[]");
        SidecarProcess sidecar = inMemory("it-app-token").args("--app-port", String.valueOf(app.port()))
            .env("APP_API_TOKEN", "s3cret").start()) {
      List<TestApp.Received> discovery = app.await("/dapr/subscribe", 1, Duration.ofSeconds(30));

      assertThat(discovery.getFirst().header("dapr-api-token")).isEqualTo("s3cret");
      assertThat(sidecar.isAlive()).isTrue();
    }
  }

  private static SidecarProcess.Options inMemory(String appId) {
    return SidecarProcess.withAppId(appId).resources(Locations.testResource("components/inmemory"));
  }

  private static boolean listens(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 2000);
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      throw new AssertionError("connecting to " + host + ":" + port + " neither succeeded nor was refused", e);
    }
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HTTP1.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
          .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("GET " + url + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
