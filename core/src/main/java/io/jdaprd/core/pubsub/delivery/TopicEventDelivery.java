package io.jdaprd.core.pubsub.delivery;

import java.util.Map;

/**
 * One event to deliver.
 *
 * @param path the route path chosen for it (HTTP: the request path, a leading {@code /} added when missing)
 * @param pubsubName the pub/sub component
 * @param topic the topic
 * @param cloudEventJson the CloudEvent as JSON, the HTTP request body ({@code application/cloudevents+json})
 * @param cloudEvent the same CloudEvent parsed (gRPC builds {@code TopicEventRequest} from it: {@code id},
 *     {@code source}, {@code type}, {@code specversion}, {@code datacontenttype}, {@code data} or
 *     {@code data_base64}, and the remaining fields as {@code extensions})
 * @param metadata message metadata, sent as HTTP headers / gRPC metadata (includes {@code pubsubName})
 */
public record TopicEventDelivery(String path, String pubsubName, String topic, byte[] cloudEventJson,
    Map<String, Object> cloudEvent, Map<String, String> metadata) {
  public TopicEventDelivery {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }
}
