package io.jdaprd.spi;

/**
 * A component failed: bad metadata, a backend that cannot be reached, or an operation the backend refused. The
 * message is safe to show a client: it names the problem and never contains a credential.
 */
public class ComponentException extends Exception {
  private static final long serialVersionUID = 1L;

  public ComponentException(String message) {
    super(message);
  }

  public ComponentException(String message, Throwable cause) {
    super(message, cause);
  }
}
