package io.jdaprd.core.metrics;

import static io.jdaprd.core.metrics.Families.bool;
import static io.jdaprd.core.metrics.Families.exactMillis;

/**
 * The component families ({@code dapr_component_*}): calls of state, configuration, secret and crypto components and
 * output bindings, input binding events, and pub/sub messages out and in. Latencies are milliseconds with their
 * fraction, as daprd 1.18's {@code ElapsedSince} gives them, and recorded only when above zero. Recorded through
 * {@link Metrics}.
 */
final class ComponentMetrics {
  /**
   * The {@code component} label of daprd 1.18's bulk subscribe metrics: daprd passes the metadata key
   * {@code pubsubName} where the pub/sub's name belongs, so every bulk delivery is labelled with this constant.
   */
  static final String BULK_INGRESS_COMPONENT = "pubsubName";

  private final boolean enabled;

  final Family<Series.Counter> stateCount;
  final Family<Series.Histogram> stateLatency;
  final Family<Series.Counter> configurationCount;
  final Family<Series.Histogram> configurationLatency;
  final Family<Series.Counter> secretCount;
  final Family<Series.Histogram> secretLatency;
  final Family<Series.Counter> cryptoCount;
  final Family<Series.Histogram> cryptoLatency;
  final Family<Series.Counter> outputBindingCount;
  final Family<Series.Histogram> outputBindingLatency;
  final Family<Series.Counter> inputBindingCount;
  final Family<Series.Histogram> inputBindingLatency;
  final Family<Series.Counter> pubsubEgressCount;
  final Family<Series.Histogram> pubsubEgressLatency;
  final Family<Series.Counter> pubsubIngressCount;
  final Family<Series.Histogram> pubsubIngressLatency;
  final Family<Series.Counter> bulkEgressCount;
  final Family<Series.Counter> bulkEgressEventCount;
  final Family<Series.Histogram> bulkEgressLatency;
  final Family<Series.Counter> bulkIngressCount;
  final Family<Series.Counter> bulkIngressEventCount;
  final Family<Series.Histogram> bulkIngressLatency;

  ComponentMetrics(Families b, boolean enabled) {
    this.enabled = enabled;
    stateCount = b.nsCounter("component_state_count", "The number of operations performed on the state component.",
        "component", "operation", "success");
    stateLatency = b.nsLatency("component_state_latencies", "The latency of the response from the state component.",
        "component", "operation", "success");
    configurationCount = b.nsCounter("component_configuration_count",
        "The number of operations performed on the configuration component.", "component", "operation", "success");
    configurationLatency = b.nsLatency("component_configuration_latencies",
        "The latency of the response from the configuration component.", "component", "operation", "success");
    secretCount = b.nsCounter("component_secret_count", "The number of operations performed on the secret component.",
        "component", "operation", "success");
    secretLatency = b.nsLatency("component_secret_latencies", "The latency of the response from the secret component.",
        "component", "operation", "success");
    cryptoCount = b.nsCounter("component_crypto_count", "The number of operations performed on the crypto component.",
        "component", "operation", "success");
    cryptoLatency = b.nsLatency("component_crypto_latencies", "The latency of the response from the crypto component.",
        "component", "operation", "success");
    outputBindingCount = b.nsCounter("component_output_binding_count",
        "The number of operations invoked on the output binding component.", "component", "operation", "success");
    outputBindingLatency = b.nsLatency("component_output_binding_latencies",
        "The latency of the response from the output binding component.", "component", "operation", "success");
    inputBindingCount = b.nsCounter("component_input_binding_count",
        "The number of incoming events arriving from the input binding component.", "component", "success");
    inputBindingLatency = b.nsLatency("component_input_binding_latencies", "The triggered app event processing latency.",
        "component", "success");
    pubsubEgressCount = b.nsCounter("component_pubsub_egress_count",
        "The number of outgoing messages published to the pub/sub component.", "component", "success", "topic");
    pubsubEgressLatency = b.nsLatency("component_pubsub_egress_latencies",
        "The latency of the response from the pub/sub component.", "component", "success", "topic");
    pubsubIngressCount = b.nsCounter("component_pubsub_ingress_count",
        "The number of incoming messages arriving from the pub/sub component.", "component", "process_status",
        "status", "topic");
    pubsubIngressLatency = b.nsLatency("component_pubsub_ingress_latencies",
        "The consuming app event processing latency.", "component", "process_status", "status", "topic");
    bulkEgressCount = b.nsCounter("component_pubsub_egress_bulk_count",
        "The number of bulk publish calls to the pub/sub component.", "component", "success", "topic");
    bulkEgressEventCount = b.nsCounter("component_pubsub_egress_bulk_event_count",
        "The number of outgoing messages to the pub/sub component published through bulk publish API.", "component",
        "success", "topic");
    bulkEgressLatency = b.nsLatency("component_pubsub_egress_bulk_latencies",
        "The latency of the response for the bulk publish call from the pub/sub component.", "component", "success",
        "topic");
    bulkIngressCount = b.nsCounter("component_pubsub_ingress_bulk_count",
        "The number of incoming bulk subscribe calls arriving from the bulk pub/sub component.", "component",
        "process_status", "topic");
    bulkIngressEventCount = b.nsCounter("component_pubsub_ingress_bulk_event_count",
        "Total number of incoming messages arriving from the bulk pub/sub component via Bulk Subscribe.", "component",
        "process_status", "topic");
    bulkIngressLatency = b.nsLatency("component_pubsub_ingress_bulk_latencies",
        "The consuming app event processing latency for the bulk pub/sub component.", "component", "process_status",
        "topic");
  }

  void call(Family<Series.Counter> count, Family<Series.Histogram> latency, String component, String operation,
      boolean success, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String ok = bool(success);
    count.series(component, operation, ok).inc();
    double ms = exactMillis(elapsedNanos);
    if (ms > 0) {
      latency.series(component, operation, ok).observe(ms);
    }
  }

  void inputBinding(String component, boolean success, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String ok = bool(success);
    inputBindingCount.series(component, ok).inc();
    double ms = exactMillis(elapsedNanos);
    if (ms > 0) {
      inputBindingLatency.series(component, ok).observe(ms);
    }
  }

  void pubsubEgress(String component, String topic, boolean success, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String ok = bool(success);
    pubsubEgressCount.series(component, ok, topic).inc();
    double ms = exactMillis(elapsedNanos);
    if (ms > 0) {
      pubsubEgressLatency.series(component, ok, topic).observe(ms);
    }
  }

  void pubsubIngress(String component, String topic, String processStatus, String status, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String st = status == null || status.isEmpty() ? processStatus : status;
    pubsubIngressCount.series(component, processStatus, st, topic).inc();
    double ms = exactMillis(elapsedNanos);
    if (ms > 0) {
      pubsubIngressLatency.series(component, processStatus, st, topic).observe(ms);
    }
  }

  /**
   * One bulk publish call, as daprd 1.18 records it: the call is counted with its outcome and topic; the events the
   * broker took are added to the event count, whose {@code success} and {@code topic} labels daprd leaves empty (it
   * hands the tag a boolean where a string is expected, which drops that tag and every one after it).
   */
  void pubsubBulkEgress(String component, String topic, boolean success, long eventsPublished, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String ok = bool(success);
    bulkEgressCount.series(component, ok, topic).inc();
    if (eventsPublished > 0) {
      bulkEgressEventCount.series(component, "", "").add(eventsPublished);
    }
    double ms = exactMillis(elapsedNanos);
    if (ms > 0) {
      bulkEgressLatency.series(component, ok, topic).observe(ms);
    }
  }

  /** One batch handed to the app by bulk subscribe: daprd records it without a {@code process_status}. */
  void pubsubBulkIngress(String topic, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    bulkIngressCount.series(BULK_INGRESS_COMPONENT, "", topic).inc();
    double ms = exactMillis(elapsedNanos);
    if (ms > 0) {
      bulkIngressLatency.series(BULK_INGRESS_COMPONENT, "", topic).observe(ms);
    }
  }

  /** {@code count} entries of bulk subscribe batches ended with {@code processStatus}; nothing when 0. */
  void pubsubBulkIngressEntries(String topic, String processStatus, long count) {
    if (enabled && count > 0) {
      bulkIngressEventCount.series(BULK_INGRESS_COMPONENT, processStatus, topic).add(count);
    }
  }
}
