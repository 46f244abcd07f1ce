package io.jdaprd.core.invoke.identity;

/** mTLS material that cannot be used; the message is one line and names what is wrong. */
public final class IdentityException extends Exception {
  private static final long serialVersionUID = 1L;

  IdentityException(String message) {
    super(message);
  }

  IdentityException(String message, Throwable cause) {
    super(message, cause);
  }
}
