package io.jdaprd.appchannel;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventCERequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.TopicEventEnvelope;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * Builds the gRPC {@code TopicEventRequest} (and the {@code TopicEventCERequest} of a bulk entry) from a parsed
 * CloudEvent: the fields come from core's {@link TopicEventEnvelope} (which holds daprd's rules for {@code data});
 * this class only copies them into the protobuf messages, {@code extensions} as a {@code google.protobuf.Struct}.
 */
public final class TopicEventRequests {

  private TopicEventRequests() {
  }

  /**
   * The {@code OnTopicEvent} request for a delivery ({@code topic}, {@code pubsub_name} and {@code path} from the
   * delivery).
   *
   * @throws IllegalArgumentException when the CloudEvent's data cannot be carried (see {@link TopicEventEnvelope#of})
   */
  public static TopicEventRequest of(TopicEventDelivery event) {
    TopicEventEnvelope envelope = TopicEventEnvelope.of(event.cloudEvent());
    return TopicEventRequest.newBuilder()
        .setId(envelope.id())
        .setSource(envelope.source())
        .setType(envelope.type())
        .setSpecVersion(envelope.specVersion())
        .setDataContentType(envelope.dataContentType())
        .setData(ByteString.copyFrom(envelope.data()))
        .setTopic(nullToEmpty(event.topic()))
        .setPubsubName(nullToEmpty(event.pubsubName()))
        .setPath(nullToEmpty(event.path()))
        .setExtensions(extensions(envelope.extensions()))
        .build();
  }

  /**
   * The CloudEvent of a bulk entry, as {@code TopicEventCERequest} (see {@link TopicEventEnvelope#ofBulkEntry}).
   *
   * @throws IllegalArgumentException for a non-string {@code data} with a text content type
   */
  public static TopicEventCERequest cloudEvent(Map<String, Object> cloudEvent) {
    TopicEventEnvelope envelope = TopicEventEnvelope.ofBulkEntry(cloudEvent);
    return TopicEventCERequest.newBuilder()
        .setId(envelope.id())
        .setSource(envelope.source())
        .setType(envelope.type())
        .setSpecVersion(envelope.specVersion())
        .setDataContentType(envelope.dataContentType())
        .setData(ByteString.copyFrom(envelope.data()))
        .setExtensions(extensions(envelope.extensions()))
        .build();
  }

  /** The extensions as a {@code google.protobuf.Struct}. */
  public static Struct extensions(Map<String, Object> extensions) {
    Struct.Builder struct = Struct.newBuilder();
    extensions.forEach((key, value) -> struct.putFields(key, value(value)));
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

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
