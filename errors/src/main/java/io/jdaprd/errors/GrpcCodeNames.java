package io.jdaprd.errors;

import io.grpc.Status;
import java.util.EnumMap;
import java.util.Map;

/**
 * The names Go gives gRPC codes ({@code codes.Code.String()}: {@code InvalidArgument}, {@code Canceled}, ...) and
 * the Go error string of a Dapr error that daprd embeds in other messages,
 * {@code api error: code = {GoName} desc = {message}}.
 */
public final class GrpcCodeNames {
  private static final Map<Status.Code, String> GO_CODE_NAMES = new EnumMap<>(Status.Code.class);

  static {
    String[] names = {"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound",
        "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
        "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"};
    for (Status.Code code : Status.Code.values()) {
      GO_CODE_NAMES.put(code, names[code.value()]);
    }
  }

  private GrpcCodeNames() {
  }

  /** Go's name of a gRPC code, for example {@code InvalidArgument} for {@code INVALID_ARGUMENT}. */
  public static String name(Status.Code code) {
    return GO_CODE_NAMES.get(code);
  }

  /** The gRPC code with Go's name {@code name}, or {@code null} when there is none. */
  public static Status.Code fromName(String name) {
    for (Map.Entry<Status.Code, String> e : GO_CODE_NAMES.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    return null;
  }

  /**
   * The Go error string of a gRPC status that a call to another sidecar returned, as daprd embeds it in
   * {@code ERR_DIRECT_INVOKE}: {@code rpc error: code = {GoName} desc = {message}}.
   */
  public static String rpcError(Status.Code code, String message) {
    return "rpc error: code = " + name(code) + " desc = " + message;
  }

  /** The Go error string of a Dapr error: {@code api error: code = {GoName} desc = {message}}. */
  public static String apiError(Status.Code code, String message) {
    return "api error: code = " + name(code) + " desc = " + message;
  }
}
