package io.jdaprd.spi.pubsub;

import java.util.Map;

/**
 * What to subscribe to.
 *
 * @param topic the topic
 * @param metadata the subscription's metadata; its {@code consumerID}, when set, overrides the component's
 */
public record SubscribeRequest(String topic, Map<String, String> metadata) {
  public SubscribeRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
