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

/** A sidecar started with {@code DAPR_API_TOKEN}: every call but the two health routes needs the token. */
class ApiTokenTest {
  private static final String TOKEN = "s3cr3t";
  private static final GetStateRequest GET = GetStateRequest.newBuilder().setStoreName("statestore").setKey("k")
      .build();
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    sidecar = SidecarProcess.withAppId("it-token").resources(Locations.testResource("components/inmemory"))
        .env("DAPR_API_TOKEN", TOKEN).start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
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
  void httpWithoutTheTokenIs401PlainText() {
    for (String[] headers : new String[][] {{}, {"dapr-api-token", "wrong"}}) {
      for (String path : new String[] {"/v1.0/state/statestore/k", "/v1.0/metadata", "/v1.0/nothing"}) {
        HttpResponse<String> r = http.get(path, headers);
        assertThat(r.statusCode()).as(path).isEqualTo(401);
        assertThat(r.headers().firstValue("content-type")).as(path).contains("text/plain; charset=utf-8");
        assertThat(r.body()).as(path).isEqualTo("invalid api token\n");
      }
    }
  }

  @Test
  void httpWithTheTokenIsServed() {
    assertThat(http.get("/v1.0/state/statestore/k", "dapr-api-token", TOKEN).statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/metadata", "dapr-api-token", TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void healthNeedsNoToken() {
    assertThat(http.get("/v1.0/healthz").statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/healthz/outbound").statusCode()).isEqualTo(204);
  }

  @Test
  void grpcWithoutTheTokenIsUnauthenticated() {
    GrpcFailure missing = GrpcFailure.of(() -> GrpcFailure.stub(channel).getState(GET));
    assertThat(missing.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(missing.message()).isEqualTo("Unauthorized");
    assertThat(missing.detailTypes()).containsExactly("ErrorInfo");
    assertThat(missing.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("Unauthorized")
        .setDomain("dapr.io").putMetadata("http.code", "401")
        .putMetadata("http.error_message", "missing api token in request metadata").build());

    GrpcFailure wrong = GrpcFailure.of(() -> GrpcFailure.stub(channel, "dapr-api-token", "wrong").getState(GET));
    assertThat(wrong.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(wrong.message()).isEqualTo("Unauthorized");
    assertThat(wrong.detail(ErrorInfo.class).getMetadataMap()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
        "http.code", "401", "http.error_message", "authentication error: api token mismatch"));
  }

  @Test
  void grpcWithTheTokenIsServed() {
    DaprGrpc.DaprBlockingStub dapr = GrpcFailure.stub(channel, "dapr-api-token", TOKEN);

    assertThat(dapr.getState(GET).getData().isEmpty()).isTrue();
  }
}
