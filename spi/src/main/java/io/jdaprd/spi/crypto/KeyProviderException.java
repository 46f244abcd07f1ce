package io.jdaprd.spi.crypto;

import io.jdaprd.spi.ComponentException;

/** A key operation failed. The message is safe to show a client: it names keys, never their material. */
public class KeyProviderException extends ComponentException {
  private static final long serialVersionUID = 1L;

  public KeyProviderException(String message) {
    super(message);
  }

  public KeyProviderException(String message, Throwable cause) {
    super(message, cause);
  }
}
