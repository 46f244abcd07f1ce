package io.jdaprd.api.grpc.pubsub;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.TopicEventEnvelope;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;

/**
 * The {@code TopicEventRequest} a streaming subscriber receives: core's {@link TopicEventEnvelope} (daprd's rules for
 * each field) copied into the protobuf message, as the app channel copies it for {@code OnTopicEvent}.
 */
final class TopicEventMessages {
  private TopicEventMessages() {
  }

  /**
   * The event message for a delivery.
   *
   * @throws IllegalArgumentException when the CloudEvent's data cannot be carried (see {@link TopicEventEnvelope#of})
   */
  static TopicEventRequest of(TopicEventDelivery event) {
    TopicEventEnvelope envelope = TopicEventEnvelope.of(event.cloudEvent());
    return TopicEventRequest.newBuilder()
        .setId(envelope.id())
        .setSource(envelope.source())
        .setType(envelope.type())
        .setSpecVersion(envelope.specVersion())
        .setDataContentType(envelope.dataContentType())
        .setData(ByteString.copyFrom(envelope.data()))
        .setTopic(event.topic() == null ? "" : event.topic())
        .setPubsubName(event.pubsubName() == null ? "" : event.pubsubName())
        .setPath(event.path() == null ? "" : event.path())
        .setExtensions(struct(envelope))
        .build();
  }

  private static Struct struct(TopicEventEnvelope envelope) {
    Struct.Builder struct = Struct.newBuilder();
    envelope.extensions().forEach((key, value) -> struct.putFields(key, value(value)));
    return struct.build();
  }

  private static Value value(Object v) {
    Value.Builder value = Value.newBuilder();
    switch (v) {
      case null -> value.setNullValue(NullValue.NULL_VALUE);
      case String s -> value.setStringValue(s);
      case Boolean b -> value.setBoolValue(b);
      case Number n -> value.setNumberValue(n.doubleValue());
      case Map<?, ?> m -> {
        Struct.Builder struct = Struct.newBuilder();
        m.forEach((k, inner) -> struct.putFields(String.valueOf(k), value(inner)));
        value.setStructValue(struct);
      }
      case Collection<?> c -> {
        ListValue.Builder list = ListValue.newBuilder();
        c.forEach(inner -> list.addValues(value(inner)));
        value.setListValue(list);
      }
      case byte[] bytes -> value.setStringValue(Base64.getEncoder().encodeToString(bytes));
      default -> value.setStringValue(String.valueOf(v));
    }
    return value.build();
  }
}
