package io.jdaprd.bench.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency chart, as SVG: one panel per scenario, each the percentile spectrum (x: 0 % to 99.999 %, spread as
 * HdrHistogram plots it, so that the tail gets room; y: latency in ms, log scale) of the sidecar's targets next to
 * their floor or direct targets, at the constant rate, from the first JVM flag set; with several flag sets, one more
 * panel compares {@code state-get-http} across them; with the pub/sub scenario, one more panel has the publish to
 * delivery latency of each component.
 */
public final class SvgChart {
  private static final int PANEL_W = 470;
  private static final int PANEL_H = 350;
  private static final int LEFT = 58;
  private static final int RIGHT = 30;
  private static final int TOP = 34;
  private static final int BOTTOM = 104;
  private static final double MAX_X = 5;
  private static final String[] SIDECAR = {"#1f5fbf", "#0fa3b1", "#7b3fbf", "#d62728"};
  private static final String[] FLOOR = {"#555555", "#999999", "#bbbbbb"};
  private static final String[] DIRECT = {"#2ca02c", "#8cc152"};
  private static final String[] VARIANTS = {"#1f5fbf", "#d62728", "#2ca02c", "#ff7f0e", "#7b3fbf", "#8c564b",
      "#e377c2", "#17becf"};

  private SvgChart() {
  }

  /** The chart of {@code r}; a short placeholder when nothing was measured at a constant rate. */
  public static String render(RunReport r) {
    Map<String, List<Line>> panels = new LinkedHashMap<>();
    if (!r.variants().isEmpty()) {
      RunReport.Variant v = r.variants().get(0);
      for (String scenario : List.of("floor", "state-http", "state-grpc", "error", "redis", "secrets", "lock",
          "invoke")) {
        List<Line> lines = lines(v, scenario);
        if (!lines.isEmpty()) {
          panels.put(title(scenario) + " (" + v.name() + ")", lines);
        }
      }
      if (r.variants().size() > 1) {
        List<Line> lines = new ArrayList<>();
        for (RunReport.Variant each : r.variants()) {
          Measured m = each.rate().get("state-get-http");
          if (m != null) {
            lines.add(Line.of(each.name(), m, VARIANTS[lines.size() % VARIANTS.length], false));
          }
        }
        if (!lines.isEmpty()) {
          panels.put("state-get-http by JVM flag set", lines);
        }
      }
    }
    if (!r.pubsub().isEmpty()) {
      List<Line> lines = new ArrayList<>();
      for (PubSubResult p : r.pubsub()) {
        lines.add(new Line(p.component(), p.spectrum(), p.delivery(), VARIANTS[lines.size() % VARIANTS.length],
            false));
      }
      panels.put(f("pub/sub: publish to delivery, %d/s", r.pubsub().get(0).rate()), lines);
    }
    int cols = 2;
    int rows = Math.max(1, (panels.size() + cols - 1) / cols);
    int width = cols * PANEL_W;
    int height = rows * PANEL_H + 30;
    StringBuilder b = new StringBuilder();
    b.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
        + "font-family=\"sans-serif\" font-size=\"11\">%n", width, height, width, height));
    b.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
    b.append(f("<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">jdaprd latency by percentile, %s "
        + "req/s, %s connections, %s</text>%n", r.settings().get("rate"), r.settings().get("connections"),
        esc(r.started())));
    if (panels.isEmpty()) {
      b.append("<text x=\"8\" y=\"50\">no constant-rate scenario was run</text>\n");
    }
    int i = 0;
    for (Map.Entry<String, List<Line>> e : panels.entrySet()) {
      panel(b, (i % cols) * PANEL_W, 30 + (i / cols) * PANEL_H, e.getKey(), e.getValue());
      i++;
    }
    return b.append("</svg>\n").toString();
  }

  /** One line: a spectrum, its name, its percentiles for the legend, its colour, dashed or not. */
  private record Line(String label, List<double[]> spectrum, Percentiles latency, String color, boolean dashed) {
    static Line of(String label, Measured m, String color, boolean dashed) {
      return new Line(label, m.spectrum(), m.latency(), color, dashed);
    }
  }

  private static List<Line> lines(RunReport.Variant v, String scenario) {
    List<String> names = new ArrayList<>();
    for (Measured m : v.rate().values()) {
      if (m.scenario().equals(scenario) && m.role().equals("sidecar")) {
        names.add(m.name());
        String base = Checks.baselineOf(m.name());
        if (base != null && !names.contains(base) && v.rate().containsKey(base)) {
          names.add(base);
        }
      }
    }
    if (scenario.equals("error") && !names.isEmpty() && v.rate().containsKey("state-save-http")) {
      names.add(1, "state-save-http");
    }
    List<Line> lines = new ArrayList<>();
    int[] used = new int[3];
    for (String n : names.stream().distinct().toList()) {
      Measured m = v.rate().get(n);
      String color = switch (m.role()) {
        case "floor" -> FLOOR[used[1]++ % FLOOR.length];
        case "direct" -> DIRECT[used[2]++ % DIRECT.length];
        default -> n.startsWith("error") ? "#d62728" : SIDECAR[used[0]++ % SIDECAR.length];
      };
      lines.add(Line.of(n + " (" + m.role() + ")", m, color, !m.role().equals("sidecar")));
    }
    return lines;
  }

  private static void panel(StringBuilder b, int ox, int oy, String title, List<Line> lines) {
    double lo = Double.MAX_VALUE;
    double hi = 0;
    for (Line l : lines) {
      for (double[] p : l.spectrum()) {
        if (p[0] < 100 && p[1] > 0) {
          lo = Math.min(lo, p[1]);
          hi = Math.max(hi, p[1]);
        }
      }
    }
    if (hi <= 0) {
      return;
    }
    double yMin = Math.pow(10, Math.floor(Math.log10(lo)));
    double yMax = Math.pow(10, Math.ceil(Math.log10(hi)));
    int pw = PANEL_W - LEFT - RIGHT;
    int ph = PANEL_H - TOP - BOTTOM;
    int x0 = ox + LEFT;
    int y0 = oy + TOP;
    b.append(f("<text x=\"%d\" y=\"%d\" font-size=\"12\" font-weight=\"bold\">%s</text>%n", x0, oy + 20, esc(title)));
    b.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n", x0, y0, pw,
        ph));
    String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    for (int k = 0; k <= MAX_X; k++) {
      double x = x0 + k / MAX_X * pw;
      b.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, y0, x, y0 + ph));
      b.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, y0 + ph + 14, xLabels[k]));
    }
    b.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n", x0 + pw / 2, y0 + ph + 30));
    for (double decade = yMin; decade < yMax * 1.001; decade *= 10) {
      for (double m : new double[] {1, 2, 5}) {
        double v = decade * m;
        if (v > yMax * 1.001) {
          break;
        }
        double y = yPos(v, yMin, yMax, y0, ph);
        b.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>%n", x0, y, x0 + pw, y,
            m == 1 ? "#ccc" : "#eee"));
        b.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", x0 - 4, y + 4, num(v)));
      }
    }
    b.append(f("<text x=\"%d\" y=\"%d\" transform=\"rotate(-90 %d %d)\" text-anchor=\"middle\">ms</text>%n",
        ox + 14, y0 + ph / 2, ox + 14, y0 + ph / 2));
    int legendY = y0 + ph + 48;
    int legendX = x0;
    int index = 0;
    for (Line l : lines) {
      if (index++ == 4) {
        legendY = y0 + ph + 48;
        legendX = x0 + pw / 2;
      }
      StringBuilder points = new StringBuilder();
      for (double[] p : l.spectrum()) {
        if (p[0] >= 100 || p[1] <= 0) {
          continue;
        }
        double x = x0 + Math.min(MAX_X, Math.log10(100 / (100 - p[0]))) / MAX_X * pw;
        points.append(f("%.1f,%.1f ", x, yPos(p[1], yMin, yMax, y0, ph)));
      }
      b.append(f("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s points=\"%s\"/>%n", l.color(),
          l.dashed() ? " stroke-dasharray=\"5 3\"" : "", points.toString().trim()));
      b.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>%n", legendX,
          legendY - 4, legendX + 18, legendY - 4, l.color(), l.dashed() ? " stroke-dasharray=\"5 3\"" : ""));
      b.append(f("<text x=\"%d\" y=\"%d\">%s: p50 %.3f, p99 %.3f ms</text>%n", legendX + 22, legendY,
          esc(l.label()), l.latency().p50(), l.latency().p99()));
      legendY += 14;
    }
  }

  private static double yPos(double v, double yMin, double yMax, int y0, int ph) {
    double t = (Math.log10(v) - Math.log10(yMin)) / (Math.log10(yMax) - Math.log10(yMin));
    return y0 + ph - t * ph;
  }

  private static String title(String scenario) {
    return switch (scenario) {
      case "floor" -> "floor: bare Armeria 204 vs /v1.0/healthz";
      case "state-http" -> "state get/save, HTTP, in-memory";
      case "state-grpc" -> "state get/save, gRPC, in-memory";
      case "error" -> "error path: illegal key (400) vs good save";
      case "redis" -> "state on Redis: sidecar vs Lettuce direct";
      case "secrets" -> "secret get, HTTP, local file";
      case "lock" -> "lock take+release on Redis: sidecar vs Lettuce direct";
      case "invoke" -> "invocation via two sidecars vs the app direct";
      default -> scenario;
    };
  }

  private static String num(double v) {
    return v >= 1 ? f("%.0f", v) : f("%.4f", v).replaceAll("0+$", "");
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
