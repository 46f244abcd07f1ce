package io.jdaprd.core.crypto.enc;

/**
 * The scheme refused to start: bad options, a key that did not wrap, a header that does not verify. The message is
 * the text dapr/kit's scheme returns for the same case, which daprd hands to the client.
 */
public final class SchemeException extends Exception {
  private static final long serialVersionUID = 1L;

  public SchemeException(String message) {
    super(message);
  }
}
