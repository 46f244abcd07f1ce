package io.jdaprd.spi.lock;

import io.jdaprd.spi.ComponentException;

/**
 * The backend failed while taking or releasing a lock. The message is safe to show a client (daprd puts the store's
 * error text after {@code failed to try acquiring lock: } or {@code failed to release lock: }) and never contains a
 * credential.
 */
public class LockException extends ComponentException {
  private static final long serialVersionUID = 1L;

  public LockException(String message) {
    super(message);
  }

  public LockException(String message, Throwable cause) {
    super(message, cause);
  }
}
