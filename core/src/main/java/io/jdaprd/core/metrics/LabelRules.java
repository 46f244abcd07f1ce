package io.jdaprd.core.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The Configuration's {@code spec.metrics.rules}: for a metric and one of its labels, regular expressions whose
 * matches in a label value are replaced by the rule's key, as daprd does. A rule names the metric with or without
 * daprd's {@code dapr_} prefix ({@code dapr_http_server_request_count} or {@code http_server_request_count}).
 */
public final class LabelRules {
  /** No rules. */
  public static final LabelRules NONE = new LabelRules(Map.of());

  private final Map<String, List<Rewrite>> byMetricAndLabel;

  private LabelRules(Map<String, List<Rewrite>> byMetricAndLabel) {
    this.byMetricAndLabel = byMetricAndLabel;
  }

  /** One rule: a metric name and, per label, replacement to regular expression. */
  public record Rule(String metric, Map<String, Map<String, String>> labels) {
  }

  private record Rewrite(Pattern pattern, String replacement) {
  }

  /**
   * The rules, compiled.
   *
   * @throws IllegalArgumentException naming the rule whose expression does not compile
   */
  public static LabelRules of(List<Rule> rules) {
    if (rules.isEmpty()) {
      return NONE;
    }
    Map<String, List<Rewrite>> out = new LinkedHashMap<>();
    for (Rule r : rules) {
      for (Map.Entry<String, Map<String, String>> label : r.labels().entrySet()) {
        List<Rewrite> rewrites = new ArrayList<>();
        for (Map.Entry<String, String> e : label.getValue().entrySet()) {
          try {
            rewrites.add(new Rewrite(Pattern.compile(e.getValue()), e.getKey()));
          } catch (PatternSyntaxException x) {
            throw new IllegalArgumentException("failed to compile regex for rule " + r.metric() + "/"
                + label.getKey() + "/" + e.getKey() + ": " + x.getDescription());
          }
        }
        out.put(key(r.metric(), label.getKey()), List.copyOf(rewrites));
      }
    }
    return new LabelRules(Map.copyOf(out));
  }

  /** {@code value} of label {@code label} of metric {@code metric} after the rules. */
  String apply(String metric, String label, String value) {
    if (byMetricAndLabel.isEmpty()) {
      return value;
    }
    List<Rewrite> rewrites = byMetricAndLabel.get(key(metric, label));
    if (rewrites == null) {
      return value;
    }
    String out = value;
    for (Rewrite r : rewrites) {
      out = r.pattern().matcher(out).replaceAll(r.replacement());
    }
    return out;
  }

  /** daprd's lookup key: the name without its first {@code dapr_}, {@code _} read as {@code /}, then the label. */
  private static String key(String metric, String label) {
    int i = metric.indexOf("dapr_");
    String bare = i < 0 ? metric : metric.substring(0, i) + metric.substring(i + "dapr_".length());
    return bare.replace('_', '/') + "\u0000" + label;
  }
}
