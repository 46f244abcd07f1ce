package io.jdaprd.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One event a broker accepted from the sidecar's publish API.
 *
 * @param pubsub the pub/sub component
 * @param topic the topic
 * @param data the bytes the broker got: the CloudEvent envelope, or the raw payload with {@code rawPayload}
 * @param contentType their content type
 * @param metadata the publish request's metadata
 */
public record PublishedEvent(String pubsub, String topic, byte[] data, String contentType,
    Map<String, String> metadata) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The bytes as UTF-8 text. */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Whether the bytes are a CloudEvent envelope (JSON structured mode). */
  public boolean isCloudEvent() {
    return contentType != null && contentType.startsWith("application/cloudevents+json");
  }

  /** The CloudEvent envelope as JSON. */
  public JsonNode cloudEvent() {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      throw new UncheckedIOException("the event on " + topic + " is not JSON", e);
    }
  }

  /**
   * The payload the app published: a CloudEvent's {@code data} (its text when a string, else its JSON, else its
   * {@code data_base64} decoded), or the raw bytes as text otherwise.
   */
  public String payload() {
    if (!isCloudEvent()) {
      return dataAsString();
    }
    JsonNode event = cloudEvent();
    JsonNode d = event.get("data");
    if (d == null || d.isNull()) {
      JsonNode b64 = event.get("data_base64");
      return b64 == null ? "" : new String(java.util.Base64.getDecoder().decode(b64.asText()), StandardCharsets.UTF_8);
    }
    return d.isTextual() ? d.asText() : d.toString();
  }

  /** The payload's JSON read as {@code type} (the Java SDK publishes objects as JSON). */
  public <T> T payload(Class<T> type) {
    try {
      JsonNode d = isCloudEvent() ? cloudEvent().get("data") : JSON.readTree(data);
      return JSON.treeToValue(d, type);
    } catch (IOException e) {
      throw new UncheckedIOException("the payload on " + topic + " is not JSON of " + type.getSimpleName(), e);
    }
  }

  @Override
  public String toString() {
    return pubsub + "/" + topic + " " + contentType + " " + dataAsString();
  }
}
