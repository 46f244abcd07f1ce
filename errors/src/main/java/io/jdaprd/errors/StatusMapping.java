package io.jdaprd.errors;

import io.grpc.Status;

/**
 * Dapr's two tables between gRPC codes and HTTP statuses ({@code dapr/kit/grpccodes}, {@code invokev1}). Dapr's own
 * catalog entries do not follow them; they serve pass-through errors, service invocation and the scheduler.
 */
public final class StatusMapping {
  private StatusMapping() {
  }

  /** The HTTP status for a gRPC code ({@code HTTPStatusFromCode}); FailedPrecondition is 400, not 412. */
  public static int httpFromGrpc(Status.Code code) {
    return switch (code) {
      case OK -> 200;
      case CANCELLED -> 408;
      case INVALID_ARGUMENT, FAILED_PRECONDITION, OUT_OF_RANGE -> 400;
      case DEADLINE_EXCEEDED -> 504;
      case NOT_FOUND -> 404;
      case ALREADY_EXISTS, ABORTED -> 409;
      case PERMISSION_DENIED -> 403;
      case UNAUTHENTICATED -> 401;
      case RESOURCE_EXHAUSTED -> 429;
      case UNIMPLEMENTED -> 501;
      case UNAVAILABLE -> 503;
      default -> 500;
    };
  }

  /** The gRPC code for an HTTP status ({@code CodeFromHTTPStatus}); 400 is Internal and 500 Unknown, as in Dapr. */
  public static Status.Code grpcFromHttp(int status) {
    if (status >= 200 && status < 300) {
      return Status.Code.OK;
    }
    return switch (status) {
      case 408 -> Status.Code.CANCELLED;
      case 400 -> Status.Code.INTERNAL;
      case 504 -> Status.Code.DEADLINE_EXCEEDED;
      case 404 -> Status.Code.NOT_FOUND;
      case 409 -> Status.Code.ALREADY_EXISTS;
      case 403 -> Status.Code.PERMISSION_DENIED;
      case 401 -> Status.Code.UNAUTHENTICATED;
      case 429 -> Status.Code.RESOURCE_EXHAUSTED;
      case 501 -> Status.Code.UNIMPLEMENTED;
      case 503 -> Status.Code.UNAVAILABLE;
      default -> Status.Code.UNKNOWN;
    };
  }
}
