package io.jdaprd.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Makes one sidecar's families, with its constant labels ({@code app_id}, and {@code namespace} where daprd has it),
 * its label rules and its latency buckets, and keeps them for the exposition; also the value conversions every
 * recording shares (milliseconds, booleans and status codes as daprd writes them).
 */
final class Families {
  private static final String APP_ID = "app_id";
  private static final String NAMESPACE = "namespace";
  private static final String[] STATUS = new String[600];

  static {
    for (int i = 0; i < STATUS.length; i++) {
      STATUS[i] = Integer.toString(i);
    }
  }

  private final String appId;
  private final String namespace;
  private final LabelRules rules;
  private final double[] latencyBuckets;
  private final List<Family<?>> all = new ArrayList<>();

  Families(String appId, String namespace, LabelRules rules, double[] latencyBuckets) {
    this.appId = appId;
    this.namespace = namespace;
    this.rules = rules;
    this.latencyBuckets = latencyBuckets.clone();
  }

  /** Every family made so far. */
  List<Family<?>> all() {
    return all;
  }

  Family<Series.Counter> counter(String name, String help, String... labels) {
    return named("dapr_" + name, help, Family.Type.COUNTER, null, List.of(labels), false);
  }

  Family<Series.Counter> nsCounter(String name, String help, String... labels) {
    return named("dapr_" + name, help, Family.Type.COUNTER, null, List.of(labels), true);
  }

  Family<Series.Gauge> gauge(String name, String help, String... labels) {
    return named("dapr_" + name, help, Family.Type.GAUGE, null, List.of(labels), false);
  }

  Family<Series.Gauge> nsGauge(String name, String help, String... labels) {
    return named("dapr_" + name, help, Family.Type.GAUGE, null, List.of(labels), true);
  }

  Family<Series.Histogram> latency(String name, String help, String... labels) {
    return named("dapr_" + name, help, Family.Type.HISTOGRAM, latencyBuckets, List.of(labels), false);
  }

  Family<Series.Histogram> nsLatency(String name, String help, String... labels) {
    return named("dapr_" + name, help, Family.Type.HISTOGRAM, latencyBuckets, List.of(labels), true);
  }

  Family<Series.Histogram> size(String name, String help, String... labels) {
    return named("dapr_" + name, help, Family.Type.HISTOGRAM, MetricsSpec.SIZE_BUCKETS, List.of(labels), false);
  }

  @SuppressWarnings("unchecked")
  <S extends Series> Family<S> named(String name, String help, Family.Type type, double[] buckets,
      List<String> labels, boolean withNamespace) {
    List<String> names = new ArrayList<>();
    List<String> constants = new ArrayList<>();
    names.add(APP_ID);
    constants.add(appId);
    if (withNamespace) {
      names.add(NAMESPACE);
      constants.add(namespace);
    }
    names.addAll(labels);
    Function<String[], S> create = switch (type) {
      case COUNTER -> v -> (S) new Series.Counter(v);
      case GAUGE -> v -> (S) new Series.Gauge(v);
      case HISTOGRAM -> v -> (S) new Series.Histogram(v, buckets);
    };
    Family<S> f = new Family<>(name, help, type, names, constants, rules, create);
    all.add(f);
    return f;
  }

  /** Nanoseconds as whole milliseconds, truncated; a negative duration is 0. */
  static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(Math.max(nanos, 0));
  }

  /** Nanoseconds as milliseconds with their fraction (daprd 1.18's {@code ElapsedSince}); a negative duration is 0. */
  static double exactMillis(long nanos) {
    return Math.max(nanos, 0) / 1e6;
  }

  /** A boolean label value as Go's {@code strconv.FormatBool} writes it. */
  static String bool(boolean b) {
    return b ? "true" : "false";
  }

  /** An HTTP status as a label value (cached for 0..599). */
  static String status(int status) {
    return status >= 0 && status < STATUS.length ? STATUS[status] : Integer.toString(status);
  }
}
