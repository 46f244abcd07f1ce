package io.jdaprd.spi.pubsub;

import io.jdaprd.spi.ComponentException;

/** A broker operation failed. The message is safe to show a client: it never contains a credential. */
public class PubSubException extends ComponentException {
  private static final long serialVersionUID = 1L;

  public PubSubException(String message) {
    super(message);
  }

  public PubSubException(String message, Throwable cause) {
    super(message, cause);
  }
}
