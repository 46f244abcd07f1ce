package io.jdaprd.bench.report;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latency percentiles in milliseconds, from a histogram recorded in nanoseconds.
 *
 * @param p50  median
 * @param p90  90th percentile
 * @param p99  99th percentile
 * @param p999 99.9th percentile
 * @param max  the largest value
 * @param mean the mean
 */
public record Percentiles(double p50, double p90, double p99, double p999, double max, double mean) {
  private static final double[] SPECTRUM = {0, 10, 25, 50, 75, 90, 95, 97.5, 99, 99.5, 99.75, 99.9, 99.95, 99.99,
      99.999};

  /** {@code [percentile, ms]} points of {@code h} (nanoseconds) from 0 to 99.999 and then 100 (the max), for a chart. */
  public static List<double[]> spectrum(Histogram h) {
    List<double[]> points = new ArrayList<>();
    for (double pct : SPECTRUM) {
      points.add(new double[] {pct, ms(h, pct)});
    }
    points.add(new double[] {100, h.getMaxValue() / 1e6});
    return points;
  }

  /** The percentiles of {@code h} (nanoseconds) in milliseconds. */
  public static Percentiles of(Histogram h) {
    return new Percentiles(ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1e6, h.getMean() / 1e6);
  }

  /** The value at {@code percentile} of {@code h} (nanoseconds), in milliseconds. */
  public static double ms(Histogram h, double percentile) {
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1e6;
  }

  /** {@code this - floor}, percentile by percentile (Dapr's "added latency"). */
  public Percentiles minus(Percentiles floor) {
    return new Percentiles(p50 - floor.p50, p90 - floor.p90, p99 - floor.p99, p999 - floor.p999, max - floor.max,
        mean - floor.mean);
  }
}
