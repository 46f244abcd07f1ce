package io.jdaprd.core.invoke;

import io.jdaprd.errors.factories.CauseCode;

/**
 * A failed call to another sidecar (or to this sidecar's own app), with the gRPC code the failure has and its text
 * as daprd prints the Go error ({@code rpc error: code = Unavailable desc = ...} for a gRPC status).
 */
public final class RemoteCallException extends Exception {
  private static final long serialVersionUID = 1L;

  private final CauseCode code;
  private final String description;
  private final boolean byPolicy;

  /** A failure of {@code code} whose Go error text is {@code message}. */
  public RemoteCallException(CauseCode code, String message) {
    this(code, message, message, false);
  }

  private RemoteCallException(CauseCode code, String description, String message, boolean byPolicy) {
    super(message);
    this.code = code;
    this.description = description;
    this.byPolicy = byPolicy;
  }

  /**
   * The call was ended by its resiliency policy (a timeout, an open breaker), with daprd's text: over gRPC daprd
   * returns that error as it is, not wrapped in {@code ERR_DIRECT_INVOKE}.
   */
  static RemoteCallException stoppedByPolicy(CauseCode code, String text) {
    return new RemoteCallException(code, text, text, true);
  }

  /** Whether the call was ended by its resiliency policy ({@link #stoppedByPolicy}). */
  boolean byPolicy() {
    return byPolicy;
  }

  /** A gRPC status error, printed as Go's {@code status.Error} prints it. */
  public static RemoteCallException status(CauseCode code, String description) {
    return new RemoteCallException(code, description, "rpc error: code = " + goName(code) + " desc = "
        + description, false);
  }

  /** The status's description (for a status error), else the whole message: what a gRPC status would carry. */
  public String description() {
    return description;
  }

  /** The gRPC code, as a factory reads it. */
  public CauseCode code() {
    return code;
  }

  /** Go's name of a code, e.g. {@code PermissionDenied}. */
  public static String goName(CauseCode code) {
    StringBuilder out = new StringBuilder();
    for (String part : code.name().split("_")) {
      out.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return code == CauseCode.OK ? "OK" : out.toString();
  }
}
