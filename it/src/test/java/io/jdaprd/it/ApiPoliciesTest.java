package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.rpc.ErrorInfo;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the Configuration and {@code --enable-api-logging} put around the APIs of a whole sidecar: API logging on both
 * transports in daprd's JSON fields, {@code spec.logging.apiLogging}, the {@code spec.api} allow and deny lists with
 * daprd's answers, and {@code spec.components.deny}.
 */
class ApiPoliciesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Path config(String name, String spec) throws IOException {
    Path dir = Locations.newDirectory("policies");
    Path config = dir.resolve(name + ".yaml");
    Files.writeString(config, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: %s
        spec:
          nameResolution:
            component: sqlite
            configuration:
              connectionString: "%s"
        %s""".formatted(name, dir.resolve("names.db"), spec.indent(2)));
    return config;
  }

  private static Path inMemoryStore(String name) throws IOException {
    Path dir = Locations.newDirectory("policies-resources");
    Files.writeString(dir.resolve("store.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: state.in-memory
          version: v1
          metadata: []
        """.formatted(name));
    return dir;
  }

  /** The JSON log lines of {@code msg}. */
  private static List<JsonNode> lines(SidecarProcess sidecar, String msg) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : sidecar.logText().lines().filter(l -> l.startsWith("{")).toList()) {
      JsonNode node = JSON.readTree(line);
      if (msg.equals(node.path("msg").asText())) {
        out.add(node);
      }
    }
    return out;
  }

  private static List<JsonNode> awaitLines(SidecarProcess sidecar, String msg, int count) throws Exception {
    for (int i = 0; i < 100; i++) {
      List<JsonNode> found = lines(sidecar, msg);
      if (found.size() >= count) {
        return found;
      }
      Thread.sleep(50);
    }
    return lines(sidecar, msg);
  }

  @Test
  void apiLoggingWritesDaprdsLinesForHttpAndGrpcCalls() throws Exception {
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-apilog").args("--enable-api-logging",
        "--log-as-json").start()) {
      new Http(sidecar).get("/v1.0/metadata", "User-Agent", "it-agent/1.0");
      ManagedChannel channel = GrpcFailure.channel(sidecar);
      try {
        GrpcFailure.stub(channel).getMetadata(GetMetadataRequest.getDefaultInstance());
      } finally {
        channel.shutdownNow();
      }

      JsonNode http = awaitLines(sidecar, "HTTP API Called", 1).stream()
          .filter(n -> n.path("method").asText().equals("GET /v1.0/metadata")).findFirst().orElseThrow();
      assertThat(http.path("scope").asText()).isEqualTo("dapr.runtime.http-info");
      assertThat(http.path("code").asInt()).isEqualTo(200);
      assertThat(http.path("size").asLong()).isPositive();
      assertThat(http.path("duration").isNumber()).isTrue();
      assertThat(http.path("useragent").asText()).isEqualTo("it-agent/1.0");
      assertThat(http.path("level").asText()).isEqualTo("info");
      assertThat(http.path("app_id").asText()).isEqualTo("it-apilog");
      JsonNode grpc = awaitLines(sidecar, "gRPC API Called", 1).getFirst();
      assertThat(grpc.path("method").asText()).isEqualTo("/dapr.proto.runtime.v1.Dapr/GetMetadata");
      assertThat(grpc.path("code").asInt()).isZero();
      assertThat(grpc.path("scope").asText()).isEqualTo("dapr.runtime.grpc.api-info");
      assertThat(grpc.path("useragent").asText()).contains("grpc-java");
    }
  }

  @Test
  void configurationObfuscatesUrlsAndOmitsHealthChecks() throws Exception {
    Path config = config("apilog", """
        logging:
          apiLogging:
            enabled: true
            obfuscateURLs: true
            omitHealthChecks: true
        """);
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-apilog-config").args("--config", config.toString(),
        "--log-as-json").start()) {
      Http http = new Http(sidecar);
      http.get("/v1.0/healthz");
      http.get("/v1.0/state/nostore/key-1");

      List<JsonNode> calls = awaitLines(sidecar, "HTTP API Called", 1);
      assertThat(calls).extracting(n -> n.path("method").asText()).contains("GetState")
          .doesNotContain("Healthz").noneMatch(m -> m.contains("key-1"));
    }
  }

  @Test
  void deniedApisGetDaprdsAnswersOnBothTransports() throws Exception {
    Path config = config("denied", """
        api:
          denied:
          - {name: state, version: v1, protocol: http}
          - {name: state, version: v1, protocol: grpc}
        """);
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-denied").resources(inMemoryStore("store"))
        .args("--config", config.toString()).start()) {
      Http http = new Http(sidecar);
      HttpResponse<String> denied = http.get("/v1.0/state/store/k");
      assertThat(denied.statusCode()).as("handed to the invocation fallback, as daprd").isEqualTo(404);
      assertThat(denied.body()).contains("\"errorCode\":\"ERR_DIRECT_INVOKE\"");
      assertThat(http.get("/v1.0/metadata").statusCode()).isEqualTo(200);
      assertThat(http.post("/v1.0-alpha1/state/store/query", "{}").body())
          .as("the alpha version is another API").doesNotContain("ERR_DIRECT_INVOKE");

      ManagedChannel channel = GrpcFailure.channel(sidecar);
      try {
        assertThatThrownBy(() -> GrpcFailure.stub(channel).getState(GetStateRequest.newBuilder()
            .setStoreName("store").setKey("k").build())).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
              assertThat(e.getStatus().getDescription()).isEqualTo("Not Implemented");
              ErrorInfo info = unpack(e);
              assertThat(info.getMetadataMap()).isEqualTo(Map.of("http.code", "501",
                  "http.error_message", "requested endpoint is not available"));
            });
        assertThat(GrpcFailure.stub(channel).getMetadata(GetMetadataRequest.getDefaultInstance()).getId())
            .isEqualTo("it-denied");
      } finally {
        channel.shutdownNow();
      }
    }
  }

  @Test
  void anAllowListWithoutInvocationAnswersGosNotFound() throws Exception {
    Path config = config("allowed", """
        api:
          allowed:
          - {name: metadata, version: v1, protocol: http}
          - {name: shutdown, version: v1, protocol: http}
        """);
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-allowed").resources(inMemoryStore("store"))
        .args("--config", config.toString()).start()) {
      Http http = new Http(sidecar);
      HttpResponse<String> r = http.get("/v1.0/state/store/k");
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).isEqualTo("404 page not found\n");
      assertThat(http.get("/v1.0/metadata").statusCode()).isEqualTo(200);
      assertThat(http.get("/v1.0/healthz").statusCode()).as("health is always served").isEqualTo(204);
    }
  }

  @Test
  void deniedComponentTypesAreNotLoaded() throws Exception {
    Path config = config("deny-components", """
        components:
          deny: [state.in-memory]
        """);
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-deny-components")
        .resources(inMemoryStore("forbidden")).args("--config", config.toString()).start()) {
      String metadata = new Http(sidecar).get("/v1.0/metadata").body();
      assertThat(metadata).doesNotContain("\"forbidden\"");
      assertThat(sidecar.logText()).contains("component 'forbidden' cannot be loaded because components of type "
          + "'forbidden (state.in-memory/v1)' are not allowed");
    }
  }

  private static ErrorInfo unpack(StatusRuntimeException e) {
    try {
      return StatusProto.fromThrowable(e).getDetails(0).unpack(ErrorInfo.class);
    } catch (com.google.protobuf.InvalidProtocolBufferException x) {
      throw new AssertionError(x);
    }
  }
}
