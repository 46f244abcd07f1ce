package io.jdaprd.spi.secrets;

import io.jdaprd.spi.ComponentException;

/** A secret could not be read. The message is safe to show a client: it names secrets, never their values. */
public class SecretStoreException extends ComponentException {
  private static final long serialVersionUID = 1L;

  public SecretStoreException(String message) {
    super(message);
  }

  public SecretStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
