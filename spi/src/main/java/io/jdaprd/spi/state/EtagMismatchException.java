package io.jdaprd.spi.state;

/**
 * A conditional write or delete found another ETag, no value (with an ETag given), or, for first-write without an
 * ETag, an existing value. Dapr answers 409 / Aborted.
 */
public class EtagMismatchException extends StateException {
  private static final long serialVersionUID = 1L;

  public EtagMismatchException(String message) {
    super(message);
  }
}
