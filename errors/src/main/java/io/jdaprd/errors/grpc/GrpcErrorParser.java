package io.jdaprd.errors.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.jdaprd.errors.CatalogLookup;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.details.ErrorDetail;
import io.jdaprd.errors.details.ErrorInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a gRPC failure from a Dapr sidecar ({@code StatusRuntimeException}, {@code StatusException}, or anything
 * whose cause chain holds one) back into a {@link DaprException} with typed details read from the
 * {@code grpc-status-details-bin} trailer.
 */
public final class GrpcErrorParser {
  private GrpcErrorParser() {
  }

  /** Parses {@code t}; a throwable with no gRPC status becomes {@link ErrorCode#ERROR} with code Unknown. */
  public static DaprException parse(Throwable t) {
    Status status = Status.fromThrowable(t);
    com.google.rpc.Status proto = StatusProto.fromThrowable(t);
    String message = status.getDescription() == null ? "" : status.getDescription();
    List<ErrorDetail> details = new ArrayList<>();
    if (proto != null) {
      for (Any any : proto.getDetailsList()) {
        try {
          ErrorDetail d = DetailProtos.unpack(any);
          if (d != null) {
            details.add(d);
          }
        } catch (InvalidProtocolBufferException e) {
          // A detail that does not decode is dropped, as grpc-go drops one that does not convert.
        }
      }
    }
    String reason = null;
    for (ErrorDetail d : details) {
      if (d instanceof ErrorInfo info) {
        reason = info.reason();
        break;
      }
    }
    ErrorCode code = CatalogLookup.fromGrpc(reason, status.getCode(), message);
    String errorCode = code == ErrorCode.ERROR && reason != null ? reason : code.code();
    DaprException.Builder b = DaprException.builder(code).message(message).grpcCode(status.getCode())
        .errorCode(errorCode).parsed().cause(t);
    details.forEach(b::detail);
    return b.build();
  }
}
