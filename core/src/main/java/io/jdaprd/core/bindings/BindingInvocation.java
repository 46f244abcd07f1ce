package io.jdaprd.core.bindings;

import io.jdaprd.errors.DaprException;
import io.jdaprd.spi.bindings.BindingResponse;
import java.util.Map;

/**
 * The outcome of an output binding call as the API renders it: the answer, or the error, and in both cases the
 * metadata daprd sends back as {@code metadata.<key>} headers (an HTTP binding's {@code statusCode} even on
 * failure).
 *
 * @param response the answer; {@code null} on error, and when the binding answered nothing (daprd's {@code nil}:
 *     HTTP 204)
 * @param error the error, or {@code null}
 * @param metadata the metadata to send back as headers; may be empty
 */
public record BindingInvocation(BindingResponse response, DaprException error, Map<String, String> metadata) {
  public BindingInvocation {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** Whether the call succeeded. */
  public boolean ok() {
    return error == null;
  }
}
