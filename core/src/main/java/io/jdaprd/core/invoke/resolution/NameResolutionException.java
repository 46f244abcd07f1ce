package io.jdaprd.core.invoke.resolution;

/**
 * No address for an app id: the resolver failed or knows none. The message is daprd's (the resolver's own, such as
 * {@code no host found with the given ID}, or {@code resolver returned empty address for app id <ns>/<id>}); the
 * caller wraps it as daprd does, {@code failed to invoke, id: <id>, err: <message>}.
 */
public final class NameResolutionException extends Exception {
  private static final long serialVersionUID = 1L;

  public NameResolutionException(String message) {
    super(message);
  }

  public NameResolutionException(String message, Throwable cause) {
    super(message, cause);
  }
}
