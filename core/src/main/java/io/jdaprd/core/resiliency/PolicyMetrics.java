package io.jdaprd.core.resiliency;

import io.jdaprd.core.metrics.Metrics;

/**
 * Where one policy records itself, as daprd's {@code addMetricsToPolicy}: {@code dapr_resiliency_count} once per
 * policy kind when the policy is made, {@code dapr_resiliency_activations_total} when a kind acts (a retry made, a
 * timeout fired, a breaker changed state), and the breaker's state in {@code dapr_resiliency_cb_state}.
 *
 * @param name the {@code name} label: the last {@code Resiliency} resource loaded (empty when none)
 * @param direction {@code outbound} or {@code inbound}
 * @param target {@link Metrics#appTarget}, {@link Metrics#actorTarget} or {@link Metrics#componentTarget}
 */
record PolicyMetrics(Metrics metrics, String name, String direction, String target) {
  static final String TIMEOUT = "timeout";
  static final String RETRY = "retry";
  static final String CIRCUIT_BREAKER = "circuitbreaker";

  /** Records {@code policy}'s kinds as executed, the breaker with its current state. */
  void executed(Policy policy) {
    if (!policy.timeout().isZero()) {
      metrics.resiliencyExecuted(name, TIMEOUT, direction, target, "");
    }
    if (policy.retry() != null) {
      metrics.resiliencyExecuted(name, RETRY, direction, target, "");
    }
    if (policy.breaker() != null) {
      metrics.resiliencyExecuted(name, CIRCUIT_BREAKER, direction, target, policy.breaker().state().toString());
    }
  }

  /** A timeout fired or a retry is about to be made. */
  void activated(String kind) {
    metrics.resiliencyActivated(name, kind, direction, target, "");
  }

  /** The breaker went to {@code state} during an attempt. */
  void breakerChanged(CircuitBreaker.State state) {
    metrics.resiliencyActivated(name, CIRCUIT_BREAKER, direction, target, state.toString());
    metrics.circuitBreakerState(name, direction, target, state.toString());
  }
}
