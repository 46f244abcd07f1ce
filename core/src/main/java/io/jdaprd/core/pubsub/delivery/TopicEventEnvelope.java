package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.core.pubsub.CloudEvents;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A CloudEvent as a gRPC receiver gets it ({@code TopicEventRequest}, the {@code TopicEventCERequest} of a bulk
 * entry), without the protobuf types: each gRPC adapter copies these fields into its message. Built as daprd builds
 * it: {@code id}, {@code source}, {@code type}, {@code specVersion} and {@code dataContentType} from the string fields
 * of the same names ({@code specversion}, {@code datacontenttype}); {@code data} from {@code data_base64} when present
 * (decoded, single events only), else from {@code data} according to the content type: for {@code text/*} and
 * {@code application/xml} the string itself (UTF-8), for {@code application/json} and
 * {@code application/cloudevents+json} the JSON text of the value (a JSON string keeps its quotes), for any other
 * content type nothing; {@code extensions} holds every other CloudEvent field.
 *
 * @param extensions every field but the envelope's own, values as parsed (maps, lists, strings, numbers, booleans,
 *     {@code null}, {@code byte[]})
 */
public record TopicEventEnvelope(String id, String source, String type, String specVersion,
    String dataContentType, byte[] data, Map<String, Object> extensions) {
  private static final Set<String> ENVELOPE_FIELDS = Set.of("id", "source", "datacontenttype", "type",
      "specversion", "data", "data_base64");

  /**
   * The envelope of one event ({@code OnTopicEvent}, a streaming subscriber's event message).
   *
   * @throws IllegalArgumentException when the data cannot be carried: {@code data_base64} that is not a base64
   *     string, or a non-string {@code data} with a text content type (daprd retries such an event)
   */
  public static TopicEventEnvelope of(Map<String, Object> cloudEvent) {
    return build(cloudEvent, true);
  }

  /**
   * The envelope of a bulk entry: as {@link #of}, but {@code data_base64} is not read, as daprd does not read it
   * for bulk entries.
   *
   * @throws IllegalArgumentException for a non-string {@code data} with a text content type
   */
  public static TopicEventEnvelope ofBulkEntry(Map<String, Object> cloudEvent) {
    return build(cloudEvent, false);
  }

  private static TopicEventEnvelope build(Map<String, Object> cloudEvent, boolean readBase64) {
    Map<String, Object> ce = cloudEvent == null ? Map.of() : cloudEvent;
    String contentType = text(ce, "datacontenttype");
    byte[] data = readBase64 && ce.get("data_base64") != null ? base64(ce.get("data_base64"))
        : dataField(ce, contentType);
    Map<String, Object> extensions = new LinkedHashMap<>();
    ce.forEach((key, value) -> {
      if (!ENVELOPE_FIELDS.contains(key)) {
        extensions.put(key, value);
      }
    });
    return new TopicEventEnvelope(text(ce, "id"), text(ce, "source"), text(ce, "type"), text(ce, "specversion"),
        contentType, data, java.util.Collections.unmodifiableMap(extensions));
  }

  private static byte[] base64(Object value) {
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException("data_base64: " + value + " (expected: a base64 string)");
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data_base64: " + abbreviate(s) + " (expected: base64): "
          + e.getMessage(), e);
    }
  }

  private static byte[] dataField(Map<String, Object> ce, String contentType) {
    Object data = ce.get("data");
    if (data == null) {
      return new byte[0];
    }
    if (isStringContentType(contentType)) {
      if (data instanceof String s) {
        return s.getBytes(StandardCharsets.UTF_8);
      }
      if (data instanceof byte[] bytes) {
        return bytes;
      }
      throw new IllegalArgumentException("data: " + abbreviate(String.valueOf(data))
          + " (expected: a string for datacontenttype " + contentType + ")");
    }
    if (CloudEvents.isContentType(contentType, "application/json")
        || CloudEvents.isContentType(contentType, "application/cloudevents+json")) {
      return CloudEvents.toGoJson(data);
    }
    return new byte[0];
  }

  /** daprd's text content types: {@code text/*} and {@code application/xml}. */
  private static boolean isStringContentType(String contentType) {
    return contentType.toLowerCase(Locale.ROOT).startsWith("text/")
        || CloudEvents.isContentType(contentType, "application/xml");
  }

  private static String text(Map<String, Object> ce, String field) {
    return ce.get(field) instanceof String s ? s : "";
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
