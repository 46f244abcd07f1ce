package io.jdaprd.core.bindings;

import java.util.Map;

/**
 * One input binding event on its way to the app.
 *
 * @param name the binding's name
 * @param route where an HTTP app gets it: the {@code route} metadata, or the name
 * @param data the event's bytes, sent as they are
 * @param metadata the event's metadata (HTTP headers, gRPC {@code metadata} field)
 */
public record BindingEventDelivery(String name, String route, byte[] data, Map<String, String> metadata) {
  public BindingEventDelivery {
    data = data == null ? new byte[0] : data;
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
