package io.jdaprd.errors;

import io.grpc.Status;

/**
 * Finds the catalog entry behind an error received from a sidecar. Several entries can share a code, so the lookup
 * weighs everything the wire carries: the HTTP {@code errorCode}, the ErrorInfo reason, the status, and whether
 * the message fits the entry's template.
 */
public final class CatalogLookup {
  private static final String API_ERROR_PREFIX = "api error: code = ";

  private CatalogLookup() {
  }

  /**
   * The entry for an HTTP error.
   *
   * @param errorCode the body's {@code errorCode}
   * @param reason the reason of its ErrorInfo, or {@code null}
   * @param httpStatus the response status
   * @param message the body's {@code message}
   * @return the best entry; {@link ErrorCode#ERROR} when the code is not in the catalog
   */
  public static ErrorCode fromHttp(String errorCode, String reason, int httpStatus, String message) {
    ErrorCode best = null;
    int bestScore = -1;
    for (ErrorCode c : ErrorCode.values()) {
      boolean codeMatches = c.code().equals(errorCode);
      if (!codeMatches) {
        continue;
      }
      int score = (c.httpStatus() == httpStatus ? 2 : 0) + messageScore(c, message) + reasonScore(c, reason);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best != null ? best : ErrorCode.ERROR;
  }

  /**
   * The entry for a gRPC error.
   *
   * @param reason the reason of its ErrorInfo, or {@code null} when the status has none
   * @param code the status code
   * @param message the status description
   * @return the best entry; {@link ErrorCode#ERROR} when nothing fits
   */
  public static ErrorCode fromGrpc(String reason, Status.Code code, String message) {
    ErrorCode best = null;
    int bestScore = 0;
    for (ErrorCode c : ErrorCode.values()) {
      int reasonScore = reasonScore(c, reason);
      int messageScore = messageScore(c, message);
      if (reason != null ? reasonScore == 0 : messageScore < 4 || c.template().equals("%s")) {
        continue;
      }
      int score = reasonScore + messageScore + (c.grpcCode() == code ? 2 : 0);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    return best != null ? best : ErrorCode.ERROR;
  }

  private static int reasonScore(ErrorCode c, String reason) {
    if (reason == null) {
      return c.reason() == null ? 1 : 0;
    }
    if (reason.equals(c.reason())) {
      return 8;
    }
    // daprd's gRPC path (apierrors.Basic) and jdaprd's rich rendering use the code as the reason.
    return c.reason() == null && reason.equals(c.code()) ? 6 : 0;
  }

  private static int messageScore(ErrorCode c, String message) {
    if (message == null) {
      return 0;
    }
    if (c.matchesMessage(message)) {
      return c.template().equals("%s") ? 1 : 4;
    }
    String unwrapped = unwrapApiError(message);
    return unwrapped != null && c.matchesMessage(unwrapped) ? 3 : 0;
  }

  /** The {@code desc} of a Go {@code api error: code = X desc = ...} string, or {@code null} if it is not one. */
  public static String unwrapApiError(String message) {
    if (!message.startsWith(API_ERROR_PREFIX)) {
      return null;
    }
    int desc = message.indexOf(" desc = ", API_ERROR_PREFIX.length());
    return desc < 0 ? null : message.substring(desc + " desc = ".length());
  }
}
