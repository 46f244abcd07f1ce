package io.jdaprd.errors.factories;

import io.grpc.Status;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** Errors of service invocation. */
public final class InvokeErrors {
  /** daprd's message for a call into an app its health checks find unhealthy. */
  public static final String APP_UNHEALTHY = "app is not in a healthy state";

  private InvokeErrors() {
  }

  /**
   * Invoking {@code appId} failed. The HTTP status is 403 when the callee's access policy denied the call
   * ({@code causeCode} PermissionDenied), 500 otherwise, as in daprd.
   */
  public static DaprException failed(String appId, Object cause, CauseCode causeCode) {
    DaprException.Builder b = DaprException.builder(ErrorCode.DIRECT_INVOKE, appId, cause).resource("app", appId);
    if (causeCode == CauseCode.PERMISSION_DENIED) {
      b.httpStatus(403);
    }
    if (cause instanceof Throwable t) {
      b.cause(t);
    }
    return b.build();
  }

  /**
   * A call over the gRPC API that its resiliency policy ended: daprd returns the policy's error as it is, as a plain
   * status: {@code DeadlineExceeded} {@code context deadline exceeded} for a timeout, {@code Unknown}
   * {@code circuit breaker is open} (or {@code too many requests}) for a breaker. Over HTTP the same failure is
   * {@link #failed} with that text.
   */
  public static DaprException stoppedByPolicy(String text, boolean deadlineExceeded) {
    return DaprException.builder(ErrorCode.DIRECT_INVOKE, "", text).message(text)
        .grpcCode(deadlineExceeded ? Status.Code.DEADLINE_EXCEEDED : Status.Code.UNKNOWN).build();
  }

  /**
   * The called sidecar's access control policy denied the call: gRPC PermissionDenied, daprd's text.
   *
   * @param callerId the caller's SPIFFE ID ({@code spiffe://public/ns/default/app}), empty when it has none (no
   *     mTLS)
   * @param operation the invoked method, as checked (normalised, before the ACL's own leading slash)
   * @param httpVerb the verb's name as daprd's {@code HTTPExtension} spells it, {@code NONE} when there is none
   */
  public static DaprException accessDenied(String callerId, String operation, String httpVerb) {
    return Errors.of(ErrorCode.DIRECT_INVOKE_ACCESS_DENIED, callerId, operation, httpVerb);
  }

  /**
   * The caller's certificate names a SPIFFE ID whose path is not {@code /ns/<namespace>/<app id>}: daprd denies the
   * call (PermissionDenied) whenever an access control list is in force.
   */
  public static DaprException malformedCaller(String spiffeId) {
    return Errors.of(ErrorCode.DIRECT_INVOKE_MALFORMED_CALLER, spiffeId);
  }

  /** The called sidecar refused the invoked method (InvalidArgument); {@code cause} is the normaliser's message. */
  public static DaprException invalidMethod(Object cause) {
    return Errors.of(ErrorCode.DIRECT_INVOKE_INVALID_METHOD, cause);
  }

  /**
   * Invoking this sidecar's own app while its app health checks find it unhealthy: daprd's app channel refuses the
   * call with gRPC {@code Internal} {@code app is not in a healthy state}, which the invoke API wraps as
   * {@code ERR_DIRECT_INVOKE} (HTTP 500, gRPC {@code Internal}):
   * {@code failed to invoke, id: <appId>, err: rpc error: code = Internal desc = app is not in a healthy state}.
   */
  public static DaprException appUnhealthy(String appId) {
    return failed(appId, "rpc error: code = Internal desc = " + APP_UNHEALTHY, CauseCode.INTERNAL);
  }

  /** No target app id in the path or the {@code dapr-app-id} header: every unmatched HTTP route answers this. */
  public static DaprException noAppId() {
    return Errors.of(ErrorCode.DIRECT_INVOKE_NO_APP_ID);
  }

  /** Invocation is not initialised yet. */
  public static DaprException notReady() {
    return Errors.of(ErrorCode.DIRECT_INVOKE_NOT_READY);
  }
}
