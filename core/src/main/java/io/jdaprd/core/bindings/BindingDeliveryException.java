package io.jdaprd.core.bindings;

/** The app was not reached or did not take an input binding event; the message is daprd's wording. */
public final class BindingDeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  public BindingDeliveryException(String message) {
    super(message);
  }

  public BindingDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
