package io.jdaprd.appchannel;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jdaprd.core.pubsub.delivery.BulkTopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** CloudEvents and deliveries for the tests. */
final class Events {
  static final String TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

  private Events() {
  }

  /** A CloudEvent as daprd builds one, with the given JSON {@code data}. */
  static String cloudEventJson(String id, String dataJson) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"publisher\",\"type\":\"com.dapr.event.sent\","
        + "\"datacontenttype\":\"application/json\",\"data\":" + dataJson + ",\"topic\":\"orders\","
        + "\"pubsubname\":\"pubsub\",\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"k=v\","
        + "\"traceid\":\"" + TRACEPARENT + "\"}";
  }

  static Map<String, Object> parse(String json) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TopicEventDelivery delivery(String path, String json) {
    return new TopicEventDelivery(path, "pubsub", "orders", json.getBytes(StandardCharsets.UTF_8), parse(json),
        Map.of("pubsubName", "pubsub"));
  }

  static TopicEventDelivery delivery(String path) {
    return delivery(path, cloudEventJson("e1", "{\"orderId\":1}"));
  }

  static BulkTopicEventDelivery batch(String path, String... entryIds) {
    List<BulkTopicEventDelivery.Entry> entries = java.util.Arrays.stream(entryIds)
        .map(id -> new BulkTopicEventDelivery.Entry(id, parse(cloudEventJson("ce-" + id, "{\"n\":\"" + id + "\"}")),
            "application/cloudevents+json", Map.of("k", "v-" + id)))
        .toList();
    return new BulkTopicEventDelivery("batch-1", path, "pubsub", "orders", entries, Map.of("pubsubName", "pubsub"));
  }
}
