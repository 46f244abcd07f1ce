/**
 * daprd's Prometheus metrics, written once for the whole sidecar: the metric families with daprd's names, label
 * keys and buckets ({@link Metrics}), Configuration {@code spec.metrics} ({@link MetricsSpec}: enabled, rules,
 * {@code http.increasedCardinality}, {@code http.excludeVerbs}, latency buckets), the label rewriting rules
 * ({@link LabelRules}), daprd's low-cardinality HTTP path labels ({@link HttpPathLabels}), and the Prometheus text
 * and OpenMetrics renderings ({@link Exposition}). JDK only: the blocks, the adapters and the app channel record
 * through {@link Metrics} without a metrics library; each label set's series is created once and cached.
 */
package io.jdaprd.core.metrics;
