package io.jdaprd.core.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.apphealth.ProbeResult;
import io.jdaprd.core.bindings.BindingEventDelivery;
import io.jdaprd.core.bindings.BindingEventReply;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.BulkTopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The delivery spans: {@code pubsub/<topic>} continues the CloudEvent's trace and the app receives the span's
 * context; {@code bindings/<name>} continues the metadata's ({@code grpc-trace-bin} first); no trace id, no span.
 */
class TracedAppChannelTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

  /** Spans as started: name, kind, parent; each gets span id 1111..., 2222..., and records its end. */
  private static final class Recorder implements Tracing {
    final List<String> started = new ArrayList<>();
    final List<String> ended = new ArrayList<>();

    @Override
    public boolean enabled() {
      return true;
    }

    @Override
    public Span start(String name, SpanKind kind, TraceContext parent) {
      started.add(name + " " + kind + " " + (parent == null ? "-" : parent.traceparent()));
      String id = String.valueOf(started.size()).repeat(16);
      TraceContext own = new TraceContext(parent == null ? TRACE : parent.traceId(), id, 1, "");
      return new Span() {
        @Override
        public TraceContext context() {
          return own;
        }

        @Override
        public boolean recording() {
          return true;
        }

        @Override
        public void name(String n) {
        }

        @Override
        public void attribute(String key, String value) {
        }

        @Override
        public void error(String description) {
        }

        @Override
        public void end() {
          ended.add(name);
        }
      };
    }

    @Override
    public void close() {
    }
  }

  /** An app that keeps what it was sent. */
  private static final class App implements AppChannel {
    TopicEventDelivery event;
    BindingEventDelivery binding;
    BulkTopicEventDelivery batch;

    @Override
    public EventReply deliver(TopicEventDelivery e) {
      event = e;
      return EventReply.SUCCESS;
    }

    @Override
    public BindingEventReply deliverBindingEvent(BindingEventDelivery e) {
      binding = e;
      return BindingEventReply.of(new byte[0]);
    }

    @Override
    public BulkEventReply deliverBulk(BulkTopicEventDelivery b) {
      batch = b;
      return new BulkEventReply(Map.of(), "");
    }

    @Override
    public boolean takesBinding(String name, String route) {
      return true;
    }

    @Override
    public InvokeResponse invoke(InvokeRequest request) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean awaitReady(Duration timeout) {
      return true;
    }

    @Override
    public List<TopicSubscription> topicSubscriptions() {
      return List.of();
    }

    @Override
    public ProbeResult probeHealth(Duration timeout) {
      return new ProbeResult(true, "");
    }

    @Override
    public void close() {
    }
  }

  @Test
  void aDeliveryContinuesTheCloudEventsTrace() {
    Recorder tracing = new Recorder();
    App app = new App();
    AppChannel traced = TracedAppChannel.wrap(app, tracing);
    traced.deliver(new TopicEventDelivery("/orders", "pubsub", "orders", new byte[0],
        Map.of("traceid", PARENT), Map.of("traceparent", "00-" + TRACE + "-aaaaaaaaaaaaaaaa-01", "k", "v")));
    assertThat(tracing.started).containsExactly("pubsub/orders CLIENT " + PARENT);
    assertThat(tracing.ended).containsExactly("pubsub/orders");
    assertThat(app.event.metadata()).containsEntry("traceparent", "00-" + TRACE + "-1111111111111111-01")
        .containsEntry("k", "v");
  }

  @Test
  void anEventWithoutTraceIdStartsNoSpan() {
    Recorder tracing = new Recorder();
    App app = new App();
    TracedAppChannel.wrap(app, tracing).deliver(new TopicEventDelivery("/orders", "pubsub", "orders", new byte[0],
        Map.of("id", "1"), Map.of()));
    assertThat(tracing.started).isEmpty();
    assertThat(app.event.metadata()).isEmpty();
  }

  @Test
  void aBindingEventContinuesTheBinaryContextFirst() throws Exception {
    Recorder tracing = new Recorder();
    App app = new App();
    TraceContext bin = new TraceContext(TRACE, "bbbbbbbbbbbbbbbb", 1, "");
    TracedAppChannel.wrap(app, tracing).deliverBindingEvent(new BindingEventDelivery("cron", "cron", new byte[0],
        Map.of("grpc-trace-bin", java.util.Base64.getEncoder().encodeToString(bin.binary()), "traceparent",
            PARENT)));
    assertThat(tracing.started).containsExactly("bindings/cron CLIENT " + bin.traceparent());
    assertThat(app.binding.metadata()).containsOnlyKeys("traceparent").containsEntry("traceparent",
        "00-" + TRACE + "-1111111111111111-01");
    assertThat(HexFormat.of().formatHex(bin.binary())).startsWith("0000" + TRACE);
  }

  @Test
  void aBulkBatchGetsASpanPerTracedEntryAndTheAppTheLastOnesContext() {
    Recorder tracing = new Recorder();
    App app = new App();
    String other = "00-" + "1".repeat(32) + "-00f067aa0ba902b7-01";
    List<BulkTopicEventDelivery.Entry> entries = List.of(
        new BulkTopicEventDelivery.Entry("a", Map.of("traceparent", PARENT), "application/cloudevents+json", Map.of()),
        new BulkTopicEventDelivery.Entry("b", Map.of("id", "untraced"), "application/cloudevents+json", Map.of()),
        new BulkTopicEventDelivery.Entry("c", Map.of("traceid", other), "application/cloudevents+json", Map.of()),
        BulkTopicEventDelivery.Entry.raw("d", new byte[0], "", Map.of()));
    TracedAppChannel.wrap(app, tracing).deliverBulk(new BulkTopicEventDelivery("id", "/orders", "pubsub", "orders",
        entries, Map.of("pubsubName", "pubsub")));
    assertThat(tracing.started).containsExactly("pubsub/orders CLIENT " + PARENT, "pubsub/orders CLIENT " + other);
    assertThat(tracing.ended).containsExactly("pubsub/orders", "pubsub/orders");
    assertThat(app.batch.trace()).containsOnly(Map.entry("traceparent", "00-" + "1".repeat(32)
        + "-2222222222222222-01"));
    assertThat(app.batch.metadata()).as("the envelope's metadata is left as it was")
        .containsOnly(Map.entry("pubsubName", "pubsub"));
    assertThat(app.batch.headerMetadata()).containsEntry("traceparent", app.batch.trace().get("traceparent"))
        .containsEntry("pubsubName", "pubsub");
  }

  @Test
  void aBulkBatchWithoutTraceContextStartsNoSpan() {
    Recorder tracing = new Recorder();
    App app = new App();
    TracedAppChannel.wrap(app, tracing).deliverBulk(new BulkTopicEventDelivery("id", "/orders", "pubsub", "orders",
        List.of(BulkTopicEventDelivery.Entry.raw("d", new byte[0], "", Map.of())), Map.of()));
    assertThat(tracing.started).isEmpty();
    assertThat(app.batch.trace()).isEmpty();
  }

  @Test
  void tracingOffLeavesTheChannelAsItIs() {
    App app = new App();
    assertThat(TracedAppChannel.wrap(app, Tracing.OFF)).isSameAs(app);
    assertThat(TracedAppChannel.wrap(null, new Recorder())).isNull();
  }
}
