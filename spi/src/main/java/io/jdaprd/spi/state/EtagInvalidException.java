package io.jdaprd.spi.state;

/** The ETag is not of the store's form (for example not a number where the store uses numbers): 400. */
public class EtagInvalidException extends StateException {
  private static final long serialVersionUID = 1L;

  public EtagInvalidException(String message) {
    super(message);
  }
}
