package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.core.pubsub.CloudEvents;
import io.jdaprd.core.pubsub.DeadLetters;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.RouteMatcher;
import io.jdaprd.core.pubsub.routing.RouteRule;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.spi.pubsub.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Test fixtures for delivery: subscriptions, messages, a recording target and a recording dead-letter topic. */
final class Deliveries {
  private Deliveries() {
  }

  static TopicSubscription subscription(String deadLetterTopic, BulkSubscribeSpec bulk, Map<String, String> metadata,
      List<RouteRule> rules) {
    return new TopicSubscription("pubsub", "orders", rules, "/orders", metadata, deadLetterTopic, bulk,
        TopicSubscription.Source.DECLARATIVE);
  }

  static TopicSubscription subscription(String deadLetterTopic) {
    return subscription(deadLetterTopic, BulkSubscribeSpec.OFF, Map.of(), List.of());
  }

  static IncomingEvents incoming(TopicSubscription subscription, DeadLetters deadLetters) {
    return new IncomingEvents(subscription, RouteMatcher.of(subscription), deadLetters, CloudEvents.systemDefault());
  }

  static Message cloudEvent(String id, String extraJson) {
    String json = "{\"id\":\"" + id + "\",\"source\":\"shop\",\"type\":\"order\",\"specversion\":\"1.0\","
        + "\"datacontenttype\":\"application/json\",\"data\":{\"n\":1}" + extraJson + "}";
    return new Message("orders", json.getBytes(StandardCharsets.UTF_8), CloudEvents.CONTENT_TYPE, Map.of());
  }

  static Message cloudEvent(String id) {
    return cloudEvent(id, "");
  }

  /** A dead-letter topic that records what it is sent, or fails when told to. */
  static final class DeadLetterTopic implements DeadLetters {
    final List<String> sent = new CopyOnWriteArrayList<>();
    volatile boolean failing;

    @Override
    public void send(String pubsub, String topic, Message message) throws Exception {
      if (failing) {
        throw new IllegalStateException("dead-letter topic down");
      }
      sent.add(pubsub + "/" + topic + ": " + new String(message.data(), StandardCharsets.UTF_8));
    }
  }

  /** A target that answers single deliveries from a script (the last answer repeats) and records every call. */
  static final class ScriptedTarget implements EventTarget {
    final List<TopicEventDelivery> delivered = new CopyOnWriteArrayList<>();
    final List<Long> callTimes = new CopyOnWriteArrayList<>();
    final List<BulkTopicEventDelivery> batches = new CopyOnWriteArrayList<>();
    private final Deque<EventReply> script;
    private final Function<BulkTopicEventDelivery, BulkEventReply> bulk;

    ScriptedTarget(List<EventReply> script, Function<BulkTopicEventDelivery, BulkEventReply> bulk) {
      this.script = new ArrayDeque<>(script);
      this.bulk = bulk;
    }

    ScriptedTarget(EventReply... script) {
      this(List.of(script), batch -> new BulkEventReply(Map.of(), "no bulk here"));
    }

    @Override
    public synchronized EventReply deliver(TopicEventDelivery event) {
      delivered.add(event);
      callTimes.add(System.nanoTime());
      return script.size() > 1 ? script.removeFirst() : script.getFirst();
    }

    @Override
    public BulkEventReply deliverBulk(BulkTopicEventDelivery batch) {
      batches.add(batch);
      return bulk.apply(batch);
    }

    List<String> entryIds() {
      List<String> ids = new ArrayList<>();
      batches.forEach(b -> b.entries().forEach(e -> ids.add(String.valueOf(e.cloudEvent().get("id")))));
      return ids;
    }
  }
}
