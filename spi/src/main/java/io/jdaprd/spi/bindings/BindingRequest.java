package io.jdaprd.spi.bindings;

import java.util.Map;

/**
 * One output binding call.
 *
 * @param operation the operation, one of {@link OutputBinding#operations()}
 * @param data the request's data bytes (JSON text as the app sent it, or raw bytes over gRPC)
 * @param metadata the request's metadata
 */
public record BindingRequest(String operation, byte[] data, Map<String, String> metadata) {
  public BindingRequest {
    data = data == null ? new byte[0] : data;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
