package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.StatusMapping;
import io.jdaprd.errors.details.ErrorInfo;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

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

  /** The body did not decode; Dapr's published table names this {@code ERR_DESERIALIZE_HTTP_BODY}. */
  public static DaprException malformedRequest(Object cause) {
    return DaprException.builder(ErrorCode.MALFORMED_REQUEST, cause)
        .published(DaprException.of(ErrorCode.DESERIALIZE_HTTP_BODY, cause)).build();
  }

  /** {@code ERR_MALFORMED_REQUEST} with {@code message} as it is, for a request refused before any route reads it. */
  public static DaprException malformedRequestRaw(String message) {
    return DaprException.of(ErrorCode.MALFORMED_REQUEST_RAW, message);
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

  /**
   * daprd's status synthesised from an HTTP code ({@code ErrorFromHTTPResponseCode}), used on gRPC for a missing or
   * wrong API token, an API denied by configuration, and an HTTP app's non-2xx answer to {@code InvokeService}: the
   * code from Dapr's HTTP-to-gRPC table, the HTTP reason phrase as message, and one ErrorInfo whose reason is that
   * phrase, with metadata {@code http.code} and {@code http.error_message} (the detail cut to 63 bytes).
   */
  public static DaprException fromHttpStatus(int httpStatus, String detail) {
    String phrase = reasonPhrase(httpStatus);
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("http.code", Integer.toString(httpStatus));
    metadata.put("http.error_message", firstBytes(detail == null ? "" : detail, 63));
    return DaprException.builder(ErrorCode.ERROR, phrase).errorCode(phrase).httpStatus(httpStatus)
        .grpcCode(StatusMapping.grpcFromHttp(httpStatus)).detail(ErrorInfo.dapr(phrase, metadata)).build();
  }

  /** gRPC call without the {@code dapr-api-token} metadata while a token is required. */
  public static DaprException apiTokenMissing() {
    return fromHttpStatus(401, "missing api token in request metadata");
  }

  /**
   * gRPC call of an API the Configuration's {@code spec.api} allow or deny list leaves out: daprd's
   * {@code Unimplemented} {@code Not Implemented} (HTTP code 501 in its ErrorInfo).
   */
  public static DaprException apiNotAvailable() {
    return fromHttpStatus(501, "requested endpoint is not available");
  }

  /** gRPC call with a wrong {@code dapr-api-token}. */
  public static DaprException apiTokenMismatch() {
    return fromHttpStatus(401, "authentication error: api token mismatch");
  }

  /** Go's {@code http.StatusText} for the statuses daprd synthesises. */
  static String reasonPhrase(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 408 -> "Request Timeout";
      case 409 -> "Conflict";
      case 413 -> "Request Entity Too Large";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "";
    };
  }

  private static String firstBytes(String s, int max) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    return bytes.length <= max ? s : new String(bytes, 0, max, StandardCharsets.UTF_8);
  }
}
