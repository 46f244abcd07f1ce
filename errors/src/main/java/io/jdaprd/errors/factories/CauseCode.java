package io.jdaprd.errors.factories;

import io.grpc.Status;

/**
 * The status code of a failure a building block reports to a factory (a scheduler's refusal, a callee's denial),
 * named as gRPC names it, so that callers need no gRPC types; only the factories read it.
 */
public enum CauseCode {
  OK, CANCELLED, UNKNOWN, INVALID_ARGUMENT, DEADLINE_EXCEEDED, NOT_FOUND, ALREADY_EXISTS, PERMISSION_DENIED,
  RESOURCE_EXHAUSTED, FAILED_PRECONDITION, ABORTED, OUT_OF_RANGE, UNIMPLEMENTED, INTERNAL, UNAVAILABLE, DATA_LOSS,
  UNAUTHENTICATED;

  /** The gRPC code {@code error} answers on gRPC, as a cause code (for callers that hold no gRPC types). */
  public static CauseCode of(io.jdaprd.errors.DaprException error) {
    return valueOf(error.grpcCode().name());
  }

  /** The gRPC code of the same name. */
  Status.Code grpc() {
    return Status.Code.valueOf(name());
  }
}
