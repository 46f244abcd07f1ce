package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** Errors shared by every API: bad requests, bodies that do not read or decode, unexpected failures. */
public final class CommonErrors {
  private CommonErrors() {
  }

  /** {@code invalid request: {detail}}. */
  public static DaprException badRequest(Object detail) {
    return Errors.of(ErrorCode.BAD_REQUEST, detail);
  }

  /** An API this build does not implement. */
  public static DaprException apiUnimplemented() {
    return Errors.of(ErrorCode.API_UNIMPLEMENTED);
  }

  /** The body could not be read, for example because it is larger than the maximum body size. */
  public static DaprException bodyRead(Object cause) {
    return Errors.of(ErrorCode.BODY_READ, cause);
  }

  /** The body did not decode. */
  public static DaprException malformedRequest(Object cause) {
    return Errors.of(ErrorCode.MALFORMED_REQUEST, cause);
  }

  /** A successful response could not be encoded. */
  public static DaprException encodeResponse(Object cause) {
    return Errors.of(ErrorCode.INTERNAL_ENCODE, cause);
  }

  /** The app answered a gRPC error that cannot be rendered as JSON. */
  public static DaprException malformedResponse(Object cause) {
    return Errors.of(ErrorCode.MALFORMED_RESPONSE, cause);
  }

  /** Configuration subscription without an app channel. */
  public static DaprException appChannelNil() {
    return Errors.of(ErrorCode.APP_CHANNEL_NIL);
  }

  /**
   * The answer to a failure nobody anticipated: {@code ERROR}, 500 / Unknown, with a message that reveals nothing.
   * The throwable is kept as the cause, for the log only.
   */
  public static DaprException unexpected(Throwable cause) {
    return DaprException.from(cause);
  }
}
