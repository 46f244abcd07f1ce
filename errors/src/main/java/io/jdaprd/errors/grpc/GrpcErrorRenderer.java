package io.jdaprd.errors.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorRendering;
import io.jdaprd.errors.details.ErrorDetail;
import java.util.List;

/**
 * Renders a {@link DaprException} as daprd's gRPC status: the code and message, and, when the error has details, a
 * {@code google.rpc.Status} with the same code and message in the {@code grpc-status-details-bin} trailer. An error
 * without details sends no trailer, as daprd's legacy errors do. Code and message always agree between the status
 * and the trailer: a mismatch makes the Java SDK hang.
 */
public final class GrpcErrorRenderer {
  private GrpcErrorRenderer() {
  }

  /** The exception to close a call with. */
  public static StatusRuntimeException toStatusRuntimeException(DaprException error, ErrorRendering rendering) {
    DaprException e = rendering.select(error);
    List<ErrorDetail> details = rendering.details(e);
    if (details.isEmpty()) {
      return Status.fromCode(e.grpcCode()).withDescription(e.getMessage()).asRuntimeException();
    }
    return StatusProto.toStatusRuntimeException(toStatusProto(e, details));
  }

  /** The {@code google.rpc.Status} daprd would put in the trailer. */
  public static com.google.rpc.Status toStatusProto(DaprException error, ErrorRendering rendering) {
    DaprException e = rendering.select(error);
    return toStatusProto(e, rendering.details(e));
  }

  private static com.google.rpc.Status toStatusProto(DaprException e, List<ErrorDetail> details) {
    com.google.rpc.Status.Builder b = com.google.rpc.Status.newBuilder().setCode(e.grpcCode().value())
        .setMessage(e.getMessage());
    for (ErrorDetail d : details) {
      b.addDetails(DetailProtos.pack(d));
    }
    return b.build();
  }
}
