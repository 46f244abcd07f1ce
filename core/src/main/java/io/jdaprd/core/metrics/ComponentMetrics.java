package io.jdaprd.core.metrics;

import static io.jdaprd.core.metrics.Families.bool;
import static io.jdaprd.core.metrics.Families.millis;

/**
 * The component families ({@code dapr_component_*}): calls of state, configuration, secret and crypto components and
 * output bindings, input binding events, and pub/sub messages out and in. A latency is recorded only when it is at
 * least 1 ms, as daprd skips a zero. Recorded through {@link Metrics}.
 */
final class ComponentMetrics {
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
  }

  void call(Family<Series.Counter> count, Family<Series.Histogram> latency, String component, String operation,
      boolean success, long elapsedNanos) {
    if (!enabled) {
      return;
    }
    String ok = bool(success);
    count.series(component, operation, ok).inc();
    long ms = millis(elapsedNanos);
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
    long ms = millis(elapsedNanos);
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
    long ms = millis(elapsedNanos);
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
    long ms = millis(elapsedNanos);
    if (ms > 0) {
      pubsubIngressLatency.series(component, processStatus, st, topic).observe(ms);
    }
  }
}
