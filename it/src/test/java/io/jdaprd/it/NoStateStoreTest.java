package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A sidecar whose resources path holds no component at all: every state call is "not configured". */
class NoStateStoreTest {
  private static final String APP_ID = "it-nostore";
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() {
    sidecar = SidecarProcess.withAppId(APP_ID).resources(Locations.newDirectory("no-components")).start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
  }

  @Test
  void httpStateCallsAre500NotConfigured() {
    String expected = Golden.body("state-store-not-configured.json", "appId", APP_ID);
    HttpResponse<String> get = http.get("/v1.0/state/statestore/k");
    assertThat(get.statusCode()).isEqualTo(500);
    assertThat(get.body()).isEqualTo(expected);

    HttpResponse<String> save = http.post("/v1.0/state/statestore", "not even json");
    assertThat(save.statusCode()).as("the store is looked up before the body is read").isEqualTo(500);
    assertThat(save.body()).isEqualTo(expected);
  }

  @Test
  void grpcStateCallsAreFailedPrecondition() {
    GrpcFailure f = GrpcFailure.of(() -> dapr.getState(GetStateRequest.newBuilder().setStoreName("statestore")
        .setKey("k").build()));

    assertThat(f.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(f.message()).isEqualTo("state store statestore is not configured");
    assertThat(f.detailTypes()).containsExactly("ErrorInfo");
    assertThat(f.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("DAPR_STATE_NOT_CONFIGURED")
        .setDomain("dapr.io").build());
  }

  @Test
  void metadataListsNoComponent() {
    String version = Locations.version();
    HttpResponse<String> r = http.get("/v1.0/metadata");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"id\":\"" + APP_ID + "\",\"runtimeVersion\":\"" + version + "\","
        + "\"enabledFeatures\":[\"HotReload\",\"WorkflowsRemoteActivityReminder\"],"
        + "\"extended\":{\"daprRuntimeVersion\":\"" + version + "\"},\"appConnectionProperties\":{\"protocol\":"
        + "\"http\",\"channelAddress\":\"127.0.0.1\"},\"actorRuntime\":{\"runtimeStatus\":\"DISABLED\","
        + "\"hostReady\":false,\"placement\":\"placement: disconnected\"}}");
  }
}
