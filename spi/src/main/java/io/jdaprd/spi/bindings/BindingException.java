package io.jdaprd.spi.bindings;

import io.jdaprd.spi.ComponentException;
import java.util.Map;

/**
 * A binding operation failed. The message is safe to show a client: it never contains a credential. The metadata
 * is what daprd returns with the error (an HTTP binding's {@code statusCode}, for example).
 */
public class BindingException extends ComponentException {
  private static final long serialVersionUID = 1L;

  private final transient Map<String, String> metadata;

  public BindingException(String message) {
    this(message, Map.of(), null);
  }

  public BindingException(String message, Throwable cause) {
    this(message, Map.of(), cause);
  }

  public BindingException(String message, Map<String, String> metadata, Throwable cause) {
    super(message, cause);
    this.metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** The metadata that goes back to the client with the error; may be empty. */
  public Map<String, String> metadata() {
    return metadata;
  }
}
