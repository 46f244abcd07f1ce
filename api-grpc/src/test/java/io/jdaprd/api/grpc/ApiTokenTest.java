package io.jdaprd.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.ErrorInfo;
import com.google.rpc.LocalizedMessage;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.grpc.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** With {@code DAPR_API_TOKEN} set, every RPC needs the {@code dapr-api-token} metadata. */
class ApiTokenTest {
  private static final GetStateRequest GET = GetStateRequest.newBuilder().setStoreName("statestore").setKey("k")
      .build();
  private static Sidecar sidecar;

  @BeforeAll
  static void start() {
    sidecar = Sidecar.options().token("s3cret").start();
  }

  @AfterAll
  static void stop() {
    sidecar.close();
  }

  private static ErrorInfo unauthorized(String why) {
    return ErrorInfo.newBuilder().setReason("Unauthorized").setDomain("dapr.io").putMetadata("http.code", "401")
        .putMetadata("http.error_message", why).build();
  }

  @Test
  void missingTokenIsUnauthenticated() {
    GrpcErrors e = GrpcErrors.of(() -> sidecar.stub().getState(GET));

    assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.message()).isEqualTo("Unauthorized");
    assertThat(e.detailTypes()).containsExactly("ErrorInfo");
    assertThat(e.detail(ErrorInfo.class)).isEqualTo(unauthorized("missing api token in request metadata"));
  }

  @Test
  void wrongTokenIsUnauthenticated() {
    GrpcErrors e = GrpcErrors.of(() -> sidecar.stub("dapr-api-token", "s3cre").getState(GET));

    assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.message()).isEqualTo("Unauthorized");
    assertThat(e.detail(ErrorInfo.class)).isEqualTo(unauthorized("authentication error: api token mismatch"));
  }

  @Test
  void emptyTokenIsAMismatch() {
    GrpcErrors e = GrpcErrors.of(() -> sidecar.stub("dapr-api-token", "").getState(GET));

    assertThat(e.detail(ErrorInfo.class)).isEqualTo(unauthorized("authentication error: api token mismatch"));
  }

  @Test
  void rightTokenPasses() {
    assertThat(sidecar.stub("dapr-api-token", "s3cret").getState(GET).getData().isEmpty()).isTrue();
  }

  @Test
  void theTokenIsCheckedBeforeAnyBlock() {
    DaprGrpc.DaprBlockingStub noToken = sidecar.stub();

    GrpcErrors e = GrpcErrors.of(() -> noToken.publishEvent(PublishEventRequest.newBuilder().setPubsubName("p")
        .setTopic("t").build()));

    assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
    assertThat(e.message()).isEqualTo("Unauthorized");
  }

  @Test
  void refusalsAreLocalizedToo() {
    GrpcErrors e = GrpcErrors.of(() -> sidecar.stub("accept-language", "zh-CN").getState(GET));

    assertThat(e.message()).isEqualTo("Unauthorized");
    assertThat(e.detailTypes()).containsExactly("ErrorInfo", "LocalizedMessage");
    assertThat(e.detail(LocalizedMessage.class).getLocale()).isEqualTo("zh-CN");
  }
}
