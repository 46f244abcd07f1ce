package io.jdaprd.core.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The metrics as text: Prometheus' text format 0.0.4, as daprd's exporter writes it (labels sorted by name, numbers
 * in Go's {@code %g}), or OpenMetrics 1.0 when the scraper asks for it. In OpenMetrics a counter's samples must end
 * in {@code _total}; daprd's counters whose names do not ({@code dapr_http_server_request_count}) are typed
 * {@code unknown} there, so that their series keep daprd's names whichever format Prometheus negotiates.
 */
public final class Exposition {
  /** The content type of the text format. */
  public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
  /** The content type of OpenMetrics. */
  public static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

  private Exposition() {
  }

  /** Whether an {@code Accept} header asks for OpenMetrics (in any position: daprd's peers all accept both). */
  public static boolean wantsOpenMetrics(String accept) {
    return accept != null && accept.contains("application/openmetrics-text");
  }

  /** The families as text, in the given format; families without series are left out. */
  public static String render(List<Family<?>> families, boolean openMetrics) {
    StringBuilder out = new StringBuilder(8192);
    List<Family<?>> sorted = new ArrayList<>(families);
    sorted.sort(Comparator.comparing(Family::name));
    for (Family<?> f : sorted) {
      List<? extends Series> series = new ArrayList<>(f.all());
      if (series.isEmpty()) {
        continue;
      }
      write(out, f, series, openMetrics);
    }
    if (openMetrics) {
      out.append("# EOF\n");
    }
    return out.toString();
  }

  private static void write(StringBuilder out, Family<?> f, List<? extends Series> series, boolean om) {
    String name = f.name();
    String type = switch (f.type()) {
      case COUNTER -> "counter";
      case GAUGE -> "gauge";
      case HISTOGRAM -> "histogram";
    };
    String familyName = name;
    if (om && f.type() == Family.Type.COUNTER) {
      if (name.endsWith("_total")) {
        familyName = name.substring(0, name.length() - "_total".length());
      } else {
        type = "unknown";
      }
    }
    out.append("# HELP ").append(familyName).append(' ').append(escapeHelp(f.help())).append('\n');
    out.append("# TYPE ").append(familyName).append(' ').append(type).append('\n');
    List<String> names = f.labelNames();
    Integer[] order = new Integer[names.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(names::get));
    List<String[]> labelSets = new ArrayList<>();
    for (Series s : series) {
      labelSets.add(labels(names, order, s));
    }
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < labelSets.size(); i++) {
      rows.add(i);
    }
    rows.sort(Comparator.comparing(i -> String.join("\u0000", labelSets.get(i))));
    for (int row : rows) {
      Series s = series.get(row);
      String labels = String.join(",", labelSets.get(row));
      switch (s) {
        case Series.Counter c -> sample(out, name, labels, null, c.value());
        case Series.Gauge g -> sample(out, name, labels, null, g.value());
        case Series.Histogram h -> histogram(out, name, labels, h, om);
      }
    }
  }

  private static void histogram(StringBuilder out, String name, String labels, Series.Histogram h, boolean om) {
    double[] bounds = h.bounds();
    long cumulative = 0;
    long[] counts = new long[bounds.length + 1];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = h.bucket(i);
    }
    for (int i = 0; i < bounds.length; i++) {
      cumulative += counts[i];
      sample(out, name + "_bucket", labels, "le=\"" + le(bounds[i], om) + "\"", cumulative);
    }
    cumulative += counts[bounds.length];
    sample(out, name + "_bucket", labels, "le=\"+Inf\"", cumulative);
    out.append(name).append("_sum");
    if (!labels.isEmpty()) {
      out.append('{').append(labels).append('}');
    }
    out.append(' ').append(GoFloats.format(h.sum())).append('\n');
    sample(out, name + "_count", labels, null, cumulative);
  }

  private static String le(double bound, boolean om) {
    String s = GoFloats.format(bound);
    return om && !s.contains(".") && !s.contains("e") ? s + ".0" : s;
  }

  private static void sample(StringBuilder out, String name, String labels, String extra, long value) {
    out.append(name);
    if (!labels.isEmpty() || extra != null) {
      out.append('{').append(labels);
      if (extra != null) {
        out.append(labels.isEmpty() ? "" : ",").append(extra);
      }
      out.append('}');
    }
    out.append(' ').append(GoFloats.format(value)).append('\n');
  }

  private static String[] labels(List<String> names, Integer[] order, Series s) {
    String[] out = new String[order.length];
    for (int i = 0; i < order.length; i++) {
      int k = order[i];
      String v = s.labelValue(k);
      out[i] = names.get(k) + "=\"" + escapeValue(v == null ? "" : v) + "\"";
    }
    return out;
  }

  private static String escapeValue(String v) {
    if (v.indexOf('\\') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
      return v;
    }
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static String escapeHelp(String v) {
    return v.replace("\\", "\\\\").replace("\n", "\\n");
  }
}
