package io.jdaprd.core.tracing;

import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.apphealth.ProbeResult;
import io.jdaprd.core.bindings.BindingDeliveryException;
import io.jdaprd.core.bindings.BindingEventDelivery;
import io.jdaprd.core.bindings.BindingEventReply;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.BulkTopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The app channel with daprd's internal callback spans, used only when tracing is on. A delivered event continues
 * the trace of its CloudEvent ({@code traceparent}, else {@code traceid}; none: no span, as daprd) in a client span
 * {@code pubsub/<topic>} whose context the app receives; an input binding event continues the trace of its
 * metadata ({@code grpc-trace-bin}, else {@code traceparent}) in {@code bindings/<name>}; a bulk batch gets a span
 * per traced entry ({@link #deliverBulk}). Invocations pass through:
 * the API servers' spans already set the headers the app receives.
 */
public final class TracedAppChannel implements AppChannel {
  private final AppChannel app;
  private final Tracing tracing;

  public TracedAppChannel(AppChannel app, Tracing tracing) {
    this.app = app;
    this.tracing = tracing;
  }

  /** {@code app} with spans when {@code tracing} is on, else {@code app} itself ({@code null} stays null). */
  public static AppChannel wrap(AppChannel app, Tracing tracing) {
    return app == null || !tracing.enabled() ? app : new TracedAppChannel(app, tracing);
  }

  @Override
  public EventReply deliver(TopicEventDelivery event) {
    Object traceId = event.cloudEvent().get(TraceContext.TRACEPARENT);
    if (traceId == null) {
      traceId = event.cloudEvent().get("traceid");
    }
    if (!(traceId instanceof String parent)) {
      return app.deliver(event);
    }
    Span span = tracing.start(SpanNames.pubsub(event.topic()), SpanKind.CLIENT, TraceContext.fromTraceparent(parent));
    Map<String, String> metadata = new HashMap<>(event.metadata());
    metadata.keySet().removeIf(k -> k.equalsIgnoreCase(TraceContext.TRACEPARENT));
    metadata.put(TraceContext.TRACEPARENT, span.context().traceparent());
    try {
      EventReply reply = app.deliver(new TopicEventDelivery(event.path(), event.pubsubName(), event.topic(),
          event.cloudEventJson(), event.cloudEvent(), metadata));
      span.attribute(SpanNames.MESSAGING_SYSTEM, "pubsub");
      span.attribute(SpanNames.MESSAGING_DESTINATION, event.topic());
      if (reply.status() != EventStatus.SUCCESS) {
        span.error(reply.status() + ": " + reply.reason());
      }
      return reply;
    } catch (RuntimeException e) {
      span.error("delivery failed");
      throw e;
    } finally {
      span.end();
    }
  }

  @Override
  public BindingEventReply deliverBindingEvent(BindingEventDelivery event) throws BindingDeliveryException {
    TraceContext parent = null;
    String bin = get(event.metadata(), TraceContext.GRPC_TRACE_BIN);
    if (bin != null) {
      parent = TraceContext.fromBinary(decode(bin));
    } else {
      parent = TraceContext.fromHeaders(get(event.metadata(), TraceContext.TRACEPARENT),
          get(event.metadata(), TraceContext.TRACESTATE));
    }
    Span span = tracing.start(SpanNames.bindings(event.name()), SpanKind.CLIENT, parent);
    Map<String, String> metadata = new HashMap<>(event.metadata());
    metadata.keySet().removeIf(k -> k.equalsIgnoreCase(TraceContext.TRACEPARENT)
        || k.equalsIgnoreCase(TraceContext.TRACESTATE) || k.equalsIgnoreCase(TraceContext.GRPC_TRACE_BIN));
    metadata.put(TraceContext.TRACEPARENT, span.context().traceparent());
    String state = span.context().tracestateHeader();
    if (state != null) {
      metadata.put(TraceContext.TRACESTATE, state);
    }
    try {
      BindingEventReply reply = app.deliverBindingEvent(new BindingEventDelivery(event.name(), event.route(),
          event.data(), metadata));
      span.attribute(SpanNames.DB_NAME, event.name());
      span.attribute(SpanNames.RPC_SERVICE, "Dapr");
      span.attribute(SpanNames.DB_SYSTEM, "bindings");
      span.attribute(SpanNames.DB_CONNECTION_STRING, "/" + event.route());
      return reply;
    } catch (BindingDeliveryException | RuntimeException e) {
      span.error("delivery failed");
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * A batch as daprd traces it: one span {@code pubsub/<topic>} per CloudEvent entry with a trace context
   * ({@code traceparent}, else {@code traceid}), each the child of its own event's context; the app's call carries
   * the context of the last of them. The spans end when the app has answered; they are errors when the batch failed
   * as a whole. A batch without any such entry (raw payloads, events without trace context) gets no span.
   */
  @Override
  public BulkEventReply deliverBulk(BulkTopicEventDelivery batch) {
    List<Span> spans = new ArrayList<>();
    for (BulkTopicEventDelivery.Entry entry : batch.entries()) {
      if (entry.isRaw() || entry.cloudEvent() == null) {
        continue;
      }
      Object traceId = entry.cloudEvent().get(TraceContext.TRACEPARENT);
      if (traceId == null) {
        traceId = entry.cloudEvent().get("traceid");
      }
      if (traceId instanceof String parent) {
        spans.add(tracing.start(SpanNames.pubsub(batch.topic()), SpanKind.CLIENT,
            TraceContext.fromTraceparent(parent)));
      }
    }
    if (spans.isEmpty()) {
      return app.deliverBulk(batch);
    }
    TraceContext last = spans.getLast().context();
    Map<String, String> trace = new HashMap<>();
    trace.put(TraceContext.TRACEPARENT, last.traceparent());
    if (last.tracestateHeader() != null) {
      trace.put(TraceContext.TRACESTATE, last.tracestateHeader());
    }
    try {
      BulkEventReply reply = app.deliverBulk(batch.withTrace(trace));
      for (Span span : spans) {
        span.attribute(SpanNames.MESSAGING_SYSTEM, "pubsub");
        span.attribute(SpanNames.MESSAGING_DESTINATION, batch.topic());
        if (!reply.reason().isEmpty()) {
          span.error(reply.reason());
        }
      }
      return reply;
    } catch (RuntimeException e) {
      spans.forEach(span -> span.error("delivery failed"));
      throw e;
    } finally {
      spans.forEach(Span::end);
    }
  }

  @Override
  public boolean takesBinding(String name, String route) throws BindingDeliveryException {
    return app.takesBinding(name, route);
  }

  @Override
  public InvokeResponse invoke(InvokeRequest request) throws io.jdaprd.core.invoke.AppInvoker.AppCallFailure {
    return app.invoke(request);
  }

  @Override
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return app.awaitReady(timeout);
  }

  @Override
  public List<TopicSubscription> topicSubscriptions() throws io.jdaprd.core.appchannel.AppChannelException {
    return app.topicSubscriptions();
  }

  @Override
  public ProbeResult probeHealth(Duration timeout) throws InterruptedException {
    return app.probeHealth(timeout);
  }

  @Override
  public void close() {
    app.close();
  }

  private static String get(Map<String, String> metadata, String key) {
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().equalsIgnoreCase(key)) {
        return e.getValue();
      }
    }
    return null;
  }

  private static byte[] decode(String bin) {
    try {
      return Base64.getDecoder().decode(bin.strip());
    } catch (IllegalArgumentException e) {
      return bin.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }
}
