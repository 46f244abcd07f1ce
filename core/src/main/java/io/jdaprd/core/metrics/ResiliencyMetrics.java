package io.jdaprd.core.metrics;

/**
 * The resiliency families: policies loaded, applied and activated, and circuit breaker states
 * ({@code dapr_resiliency_*}). Recorded through {@link Metrics}.
 */
final class ResiliencyMetrics {
  private static final String[] BREAKER_STATES = {"closed", "half-open", "open", "unknown"};

  private final boolean enabled;

  final Family<Series.Counter> resiliencyLoaded;
  final Family<Series.Counter> resiliencyCount;
  final Family<Series.Counter> resiliencyActivations;
  final Family<Series.Gauge> resiliencyCbState;

  ResiliencyMetrics(Families b, boolean enabled) {
    this.enabled = enabled;
    resiliencyLoaded = b.nsCounter("resiliency_loaded", "Number of resiliency policies loaded.", "name");
    resiliencyCount = b.nsCounter("resiliency_count",
        "Number of times a resiliency policyKey has been applied to a building block.", "name", "policy",
        "flow_direction", "target", "status");
    resiliencyActivations = b.nsCounter("resiliency_activations_total", "Number of times a resiliency policyKey has "
        + "been activated in a building block after a failure or after a state change.", "name", "policy",
        "flow_direction", "target", "status");
    resiliencyCbState = b.nsGauge("resiliency_cb_state", "A resiliency policy's current CircuitBreakerState state. 0 "
        + "is closed, 1 is half-open, 2 is open, and -1 is unknown.", "name", "policy", "flow_direction", "target",
        "status");
  }

  void loaded(String name) {
    if (enabled) {
      resiliencyLoaded.series(name).inc();
    }
  }

  void executed(String name, String policy, String direction, String target, String status) {
    if (!enabled) {
      return;
    }
    resiliencyCount.series(name, policy, direction, target, status).inc();
    if (policy.equals("circuitbreaker")) {
      circuitBreakerState(name, direction, target, status);
    }
  }

  void activated(String name, String policy, String direction, String target, String status) {
    if (enabled) {
      resiliencyActivations.series(name, policy, direction, target, status).inc();
    }
  }

  void circuitBreakerState(String name, String direction, String target, String status) {
    if (!enabled) {
      return;
    }
    for (String s : BREAKER_STATES) {
      resiliencyCbState.series(name, "circuitbreaker", direction, target, s).set(s.equals(status) ? 1 : 0);
    }
  }
}
