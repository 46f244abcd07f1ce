package io.jdaprd.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.jdaprd.golang.GoFmt;
import org.junit.jupiter.api.Test;

/** How Dapr errors print in Go: code names, api error strings, embedded errors, templates filled by fmt's rules. */
class GrpcCodeNamesTest {

  @Test
  void goCodeNamesAreGos() {
    assertThat(GrpcCodeNames.name(Status.Code.INVALID_ARGUMENT)).isEqualTo("InvalidArgument");
    assertThat(GrpcCodeNames.name(Status.Code.CANCELLED)).isEqualTo("Canceled");
    assertThat(GrpcCodeNames.name(Status.Code.UNAUTHENTICATED)).isEqualTo("Unauthenticated");
    assertThat(GrpcCodeNames.fromName("DataLoss")).isEqualTo(Status.Code.DATA_LOSS);
    assertThat(GrpcCodeNames.fromName("NoSuchCode")).isNull();
    assertThat(GrpcCodeNames.apiError(Status.Code.CANCELLED, "bulkset-error"))
        .isEqualTo("api error: code = Canceled desc = bulkset-error");
    assertThat(GrpcCodeNames.rpcError(Status.Code.PERMISSION_DENIED, "denied"))
        .isEqualTo("rpc error: code = PermissionDenied desc = denied");
  }

  @Test
  void embeddedDaprErrorsPrintAsGoErrorStrings() {
    DaprException inner = DaprException.of(ErrorCode.STATE_STORE_NOT_FOUND, "testName");
    assertThat(GoFmt.text(inner)).isEqualTo("api error: code = InvalidArgument desc = state store testName is not found");
    assertThat(GoFmt.text(new RuntimeException("boom"))).isEqualTo("boom");
  }

  @Test
  void templatesAreFilledAsGoFillsThem() {
    assertThat(GoFmt.sprintf(ErrorCode.SECRET_PERMISSION_DENIED.template(), "k", "s"))
        .isEqualTo("access denied by policy to get \"k\" from \"s\"");
  }

  @Test
  void templatesMatchTheirOwnMessagesOnly() {
    ErrorCode c = ErrorCode.PUBSUB_FORBIDDEN;
    assertThat(c.matchesMessage(GoFmt.sprintf(c.template(), "t", "a"))).isTrue();
    assertThat(c.matchesMessage("topic is empty in pubsub p")).isFalse();
    assertThat(ErrorCode.TOPIC_NAME_EMPTY.matchesMessage("topic is empty in pubsub p")).isTrue();
  }
}
