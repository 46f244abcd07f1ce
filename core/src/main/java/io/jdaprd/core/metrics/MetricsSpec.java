package io.jdaprd.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Configuration's metrics settings, read as daprd reads them: {@code spec.metric}, with each field that
 * {@code spec.metrics} sets taking its place.
 *
 * @param enabled {@code enabled} (default {@code true}): whether the {@code dapr_*} metrics are recorded at all
 * @param recordErrorCodes {@code recordErrorCodes} (default {@code false}): daprd's {@code dapr_error_code_total}
 * @param increasedCardinality {@code http.increasedCardinality} (default {@code true} in daprd 1.18): the HTTP
 *     metrics carry a low-cardinality {@code path} label, else none
 * @param excludeVerbs {@code http.excludeVerbs} (default {@code false}): the HTTP metrics carry no {@code method}
 * @param pathMatching {@code http.pathMatching}: the patterns that name the HTTP metrics' paths ({@link HttpPathLabels})
 * @param latencyBuckets {@code latencyDistributionBuckets} in milliseconds, else daprd's default buckets
 * @param rules {@code rules}: label rewrites
 */
public record MetricsSpec(boolean enabled, boolean recordErrorCodes, boolean increasedCardinality,
    boolean excludeVerbs, List<String> pathMatching, double[] latencyBuckets, List<LabelRules.Rule> rules) {

  /** daprd's default latency buckets, in milliseconds. */
  public static final double[] DEFAULT_LATENCY_BUCKETS = {1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 30, 40, 50, 65, 80,
      100, 130, 160, 200, 250, 300, 400, 500, 650, 800, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000};

  /** daprd's size buckets, in bytes: 1 KiB to 4 GiB. */
  public static final double[] SIZE_BUCKETS = {1 << 10, 2 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20,
      4 << 20, 16 << 20, 64 << 20, 256 << 20, 1 << 30, 4L << 30};

  /** The settings of a Configuration without metrics settings. */
  public static final MetricsSpec DEFAULT = new MetricsSpec(true, false, true, false, List.of(),
      DEFAULT_LATENCY_BUCKETS, List.of());

  /**
   * The settings of a Configuration's {@code spec} (a missing node gives {@link #DEFAULT}).
   *
   * @throws IllegalArgumentException when a field has the wrong type, naming it
   */
  public static MetricsSpec parse(JsonNode spec) {
    JsonNode older = spec == null ? null : spec.get("metric");
    JsonNode newer = spec == null ? null : spec.get("metrics");
    boolean enabled = bool(pick(older, newer, "enabled"), "enabled", true);
    boolean recordErrorCodes = bool(pick(older, newer, "recordErrorCodes"), "recordErrorCodes", false);
    JsonNode http = pick(older, newer, "http");
    boolean increased = bool(http == null ? null : http.get("increasedCardinality"), "http.increasedCardinality",
        true);
    boolean excludeVerbs = bool(http == null ? null : http.get("excludeVerbs"), "http.excludeVerbs", false);
    List<String> pathMatching = new ArrayList<>();
    if (http != null && http.get("pathMatching") != null) {
      http.get("pathMatching").forEach(p -> pathMatching.add(p.asText()));
    }
    return new MetricsSpec(enabled, recordErrorCodes, increased, excludeVerbs, List.copyOf(pathMatching),
        buckets(pick(older, newer, "latencyDistributionBuckets")), rules(pick(older, newer, "rules")));
  }

  /** The compiled {@link #rules()}. */
  public LabelRules labelRules() {
    return LabelRules.of(rules);
  }

  /** {@code spec.metrics.field} when set (and not empty, for the rules), else {@code spec.metric.field}. */
  private static JsonNode pick(JsonNode older, JsonNode newer, String field) {
    JsonNode n = newer == null ? null : newer.get(field);
    if (n != null && !n.isNull() && !(field.equals("rules") && n.isEmpty())) {
      return n;
    }
    JsonNode o = older == null ? null : older.get(field);
    return o == null || o.isNull() ? null : o;
  }

  private static boolean bool(JsonNode n, String field, boolean dflt) {
    if (n == null || n.isNull()) {
      return dflt;
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual() && (n.asText().equals("true") || n.asText().equals("false"))) {
      return Boolean.parseBoolean(n.asText());
    }
    throw new IllegalArgumentException("spec.metrics." + field + ": expected true or false, got " + n);
  }

  private static double[] buckets(JsonNode n) {
    if (n == null || n.isEmpty()) {
      return DEFAULT_LATENCY_BUCKETS;
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException("spec.metrics.latencyDistributionBuckets: expected a list of integers");
    }
    double[] out = new double[n.size()];
    for (int i = 0; i < out.length; i++) {
      if (!n.get(i).canConvertToInt()) {
        throw new IllegalArgumentException("spec.metrics.latencyDistributionBuckets: expected a list of integers, "
            + "got " + n.get(i));
      }
      out[i] = n.get(i).asInt();
    }
    return out;
  }

  private static List<LabelRules.Rule> rules(JsonNode n) {
    List<LabelRules.Rule> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    for (JsonNode r : n) {
      Map<String, Map<String, String>> labels = new LinkedHashMap<>();
      for (JsonNode l : r.path("labels")) {
        Map<String, String> regex = new LinkedHashMap<>();
        l.path("regex").properties().forEach(e -> regex.put(e.getKey(), e.getValue().asText()));
        labels.put(l.path("name").asText(), regex);
      }
      out.add(new LabelRules.Rule(r.path("name").asText(), labels));
    }
    return List.copyOf(out);
  }
}
