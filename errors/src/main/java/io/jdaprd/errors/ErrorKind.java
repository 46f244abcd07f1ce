package io.jdaprd.errors;

/**
 * How daprd builds an error, which decides its shape on each transport. The names follow the families of
 * {@code dapr-errors.md} §1.
 */
public enum ErrorKind {
  /** A legacy {@code APIError}: the same object on both transports, two-key HTTP body, no gRPC details. */
  LEGACY,
  /** An HTTP-only legacy error: two-key HTTP body; daprd never sends it on gRPC. */
  HTTP_ONLY,
  /**
   * A legacy code that daprd's gRPC path rebuilds with {@code apierrors.Basic}: two-key HTTP body, and on gRPC one
   * ErrorInfo whose reason is the code itself.
   */
  BASIC,
  /** A tagged rich error: HTTP {@code errorCode} is the code; details on both transports, ErrorInfo always last. */
  RICH,
  /** An untagged rich error: HTTP {@code errorCode} is the ErrorInfo reason, which equals the code. */
  RICH_UNTAGGED,
  /** daprd's fallback for an error that is neither legacy nor rich: {@code ERROR}, 500, gRPC Unknown. */
  FALLBACK,
  /** A code of Dapr's published error table that today's daprd no longer raises; rendered like {@link #LEGACY}. */
  RETIRED,
  /**
   * A plain gRPC status (family E) of daprd's sidecar-to-sidecar API ({@code CallLocal}, {@code CallLocalStream}, the
   * gRPC proxy's callee side): code and message, no details. A caller's app never receives it as such: the calling
   * sidecar wraps its Go text ({@code rpc error: code = ... desc = ...}) in {@code ERR_DIRECT_INVOKE}. The entry's
   * code and HTTP status are that wrapper's, as the calling app sees them; rendered like {@link #LEGACY}.
   */
  SIDECAR
}
