package io.jdaprd.spi.state;

import io.jdaprd.spi.ComponentException;

/** A state operation failed in the store. The message is safe to show a client. */
public class StateException extends ComponentException {
  private static final long serialVersionUID = 1L;

  public StateException(String message) {
    super(message);
  }

  public StateException(String message, Throwable cause) {
    super(message, cause);
  }
}
