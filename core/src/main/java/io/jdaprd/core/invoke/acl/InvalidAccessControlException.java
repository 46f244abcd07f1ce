package io.jdaprd.core.invoke.acl;

/**
 * The Configuration's {@code spec.accessControl} cannot be used. daprd refuses to start on it; the message is one
 * line, daprd's own where daprd has one.
 */
public final class InvalidAccessControlException extends Exception {
  private static final long serialVersionUID = 1L;

  InvalidAccessControlException(String message) {
    super(message);
  }
}
