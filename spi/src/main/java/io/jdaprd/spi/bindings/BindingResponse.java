package io.jdaprd.spi.bindings;

import java.util.Map;

/**
 * The answer of an output binding call.
 *
 * @param data the answer's bytes; empty when there are none
 * @param metadata what the binding tells about the answer (for example {@code statusCode}); may be empty
 * @param contentType the content type of {@code data}, or {@code null}
 */
public record BindingResponse(byte[] data, Map<String, String> metadata, String contentType) {
  /**
   * No answer at all (daprd's {@code nil} response): the HTTP API answers {@code 204}. Compared by identity: a new
   * response with empty data is an answer, {@code 200} with an empty body.
   */
  public static final BindingResponse EMPTY = new BindingResponse(new byte[0], Map.of(), null);

  public BindingResponse {
    data = data == null ? new byte[0] : data;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
