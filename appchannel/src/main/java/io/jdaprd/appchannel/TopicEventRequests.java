package io.jdaprd.appchannel;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventCERequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.jdaprd.core.appchannel.TopicEventDelivery;
import io.jdaprd.golang.GoJson;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the gRPC {@code TopicEventRequest} (and the {@code TopicEventCERequest} of a bulk entry) from a parsed
 * CloudEvent, as daprd builds it: {@code id}, {@code source}, {@code type}, {@code spec_version} and
 * {@code data_content_type} from the string fields of the same names ({@code specversion},
 * {@code datacontenttype}); {@code data} from {@code data_base64} when present (decoded), else from {@code data}
 * according to the content type: for {@code text/*} and {@code application/xml} the string itself (UTF-8), for
 * {@code application/json} and {@code application/cloudevents+json} the JSON text of the value (a JSON string keeps
 * its quotes), for any other content type nothing; {@code extensions} holds every other CloudEvent field.
 */
public final class TopicEventRequests {
  private static final Set<String> ENVELOPE_FIELDS = Set.of("id", "source", "datacontenttype", "type",
      "specversion", "data", "data_base64");

  private TopicEventRequests() {
  }

  /**
   * The {@code OnTopicEvent} request for a delivery ({@code topic}, {@code pubsub_name} and {@code path} from the
   * delivery).
   *
   * @throws IllegalArgumentException when the CloudEvent's data cannot be carried: {@code data_base64} that is not a
   *     base64 string, or a non-string {@code data} with a text content type (daprd retries such an event)
   */
  public static TopicEventRequest of(TopicEventDelivery event) {
    Map<String, Object> ce = event.cloudEvent() == null ? Map.of() : event.cloudEvent();
    String contentType = text(ce, "datacontenttype");
    return TopicEventRequest.newBuilder()
        .setId(text(ce, "id"))
        .setSource(text(ce, "source"))
        .setType(text(ce, "type"))
        .setSpecVersion(text(ce, "specversion"))
        .setDataContentType(contentType)
        .setData(data(ce, contentType))
        .setTopic(nullToEmpty(event.topic()))
        .setPubsubName(nullToEmpty(event.pubsubName()))
        .setPath(nullToEmpty(event.path()))
        .setExtensions(extensions(ce))
        .build();
  }

  /**
   * The CloudEvent of a bulk entry, as {@code TopicEventCERequest}: the same fields as {@link #of}, without the
   * topic, pub/sub and path; {@code data_base64} is not read, as daprd does not read it for bulk entries.
   *
   * @throws IllegalArgumentException for a non-string {@code data} with a text content type
   */
  public static TopicEventCERequest cloudEvent(Map<String, Object> cloudEvent) {
    Map<String, Object> ce = cloudEvent == null ? Map.of() : cloudEvent;
    String contentType = text(ce, "datacontenttype");
    return TopicEventCERequest.newBuilder()
        .setId(text(ce, "id"))
        .setSource(text(ce, "source"))
        .setType(text(ce, "type"))
        .setSpecVersion(text(ce, "specversion"))
        .setDataContentType(contentType)
        .setData(dataField(ce, contentType))
        .setExtensions(extensions(ce))
        .build();
  }

  private static ByteString data(Map<String, Object> ce, String contentType) {
    Object base64 = ce.get("data_base64");
    if (base64 != null) {
      if (!(base64 instanceof String s)) {
        throw new IllegalArgumentException("data_base64: " + base64 + " (expected: a base64 string)");
      }
      try {
        return ByteString.copyFrom(Base64.getDecoder().decode(s));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("data_base64: " + abbreviate(s) + " (expected: base64): "
            + e.getMessage(), e);
      }
    }
    return dataField(ce, contentType);
  }

  private static ByteString dataField(Map<String, Object> ce, String contentType) {
    Object data = ce.get("data");
    if (data == null) {
      return ByteString.EMPTY;
    }
    if (isStringContentType(contentType)) {
      if (data instanceof String s) {
        return ByteString.copyFromUtf8(s);
      }
      if (data instanceof byte[] bytes) {
        return ByteString.copyFrom(bytes);
      }
      throw new IllegalArgumentException("data: " + abbreviate(String.valueOf(data))
          + " (expected: a string for datacontenttype " + contentType + ")");
    }
    if (isContentType(contentType, "application/json") || isContentType(contentType, "application/cloudevents+json")) {
      return ByteString.copyFrom(goJson(data));
    }
    return ByteString.EMPTY;
  }

  /** JSON as Go's {@code json.Marshal} writes it ({@link GoJson#marshal}). */
  static byte[] goJson(Object value) {
    try {
      return GoJson.marshal(value).getBytes(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data: cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** Every CloudEvent field but the envelope's own, as a {@code google.protobuf.Struct}. */
  static Struct extensions(Map<String, Object> ce) {
    Struct.Builder struct = Struct.newBuilder();
    ce.forEach((key, value) -> {
      if (!ENVELOPE_FIELDS.contains(key)) {
        struct.putFields(key, value(value));
      }
    });
    return struct.build();
  }

  private static Value value(Object v) {
    if (v == null) {
      return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    }
    if (v instanceof String s) {
      return Value.newBuilder().setStringValue(s).build();
    }
    if (v instanceof Boolean b) {
      return Value.newBuilder().setBoolValue(b).build();
    }
    if (v instanceof Number n) {
      return Value.newBuilder().setNumberValue(n.doubleValue()).build();
    }
    if (v instanceof Map<?, ?> m) {
      Struct.Builder struct = Struct.newBuilder();
      m.forEach((k, inner) -> struct.putFields(String.valueOf(k), value(inner)));
      return Value.newBuilder().setStructValue(struct).build();
    }
    if (v instanceof Collection<?> c) {
      ListValue.Builder list = ListValue.newBuilder();
      c.forEach(inner -> list.addValues(value(inner)));
      return Value.newBuilder().setListValue(list).build();
    }
    if (v instanceof byte[] bytes) {
      return Value.newBuilder().setStringValue(Base64.getEncoder().encodeToString(bytes)).build();
    }
    return Value.newBuilder().setStringValue(String.valueOf(v)).build();
  }

  /** daprd's text content types: {@code text/*} and {@code application/xml}. */
  static boolean isStringContentType(String contentType) {
    return contentType.toLowerCase(Locale.ROOT).startsWith("text/") || isContentType(contentType, "application/xml");
  }

  /** Whether the media type is {@code expected}, parameters ignored, as daprd compares (case-insensitive). */
  static boolean isContentType(String contentType, String expected) {
    String lower = contentType.toLowerCase(Locale.ROOT);
    int semicolon = lower.indexOf(';');
    return lower.equals(expected) || semicolon >= 0 && lower.substring(0, semicolon).equals(expected);
  }

  private static String text(Map<String, Object> ce, String field) {
    return ce.get(field) instanceof String s ? s : "";
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }
}
