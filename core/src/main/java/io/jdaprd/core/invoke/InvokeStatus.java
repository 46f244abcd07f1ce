package io.jdaprd.core.invoke;

import java.util.List;

/**
 * The status of an app's answer, as daprd's internal {@code Status}: an HTTP status (100 and up) or a gRPC code
 * (0 to 16) with a message and {@code google.protobuf.Any} details.
 *
 * @param code the HTTP status or gRPC code
 * @param message a gRPC app's status message, else empty
 * @param details a gRPC app's status details
 */
public record InvokeStatus(int code, String message, List<Detail> details) {

  public InvokeStatus {
    message = message == null ? "" : message;
    details = List.copyOf(details);
  }

  /** An HTTP status. */
  public static InvokeStatus http(int status) {
    return new InvokeStatus(status, "", List.of());
  }

  /** Whether {@link #code} is an HTTP status rather than a gRPC code. */
  public boolean isHttp() {
    return code >= 100;
  }

  /**
   * One {@code google.protobuf.Any} of a gRPC status, kept as it came.
   *
   * @param typeUrl the type URL, e.g. {@code type.googleapis.com/google.rpc.ErrorInfo}
   * @param value the encoded message
   */
  public record Detail(String typeUrl, byte[] value) {
  }
}
