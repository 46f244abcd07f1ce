package io.jdaprd.errors.factories;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.jdaprd.errors.DaprException;
import org.junit.jupiter.api.Test;

/** Service invocation errors as daprd's HTTP and gRPC callers see them. */
class InvokeErrorsTest {

  @Test
  void anUnhealthyAppIsDaprdsDirectInvokeErrorWrappingTheChannelsStatus() {
    DaprException e = InvokeErrors.appUnhealthy("myapp");
    assertThat(e.errorCode()).isEqualTo("ERR_DIRECT_INVOKE");
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(e.grpcCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.getMessage()).isEqualTo("failed to invoke, id: myapp, err: rpc error: code = Internal desc = app "
        + "is not in a healthy state");
  }

  @Test
  void aCallEndedByItsResiliencyPolicyIsAPlainStatusOverGrpc() {
    DaprException open = InvokeErrors.stoppedByPolicy("circuit breaker is open", false);
    assertThat(open.grpcCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(open.getMessage()).isEqualTo("circuit breaker is open");
    DaprException timeout = InvokeErrors.stoppedByPolicy("context deadline exceeded", true);
    assertThat(timeout.grpcCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(timeout.getMessage()).isEqualTo("context deadline exceeded");
  }
}
