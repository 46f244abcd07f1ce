package io.jdaprd.bench.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * What a soak measured: one {@link Sample} per interval, the counts of calls, errors and messages, and the used heap
 * after a full collection at the end of the warm-up and at the end.
 *
 * @param samples one per interval, in order
 * @param warmupSeconds samples up to this are left out of the slopes: the configured warm-up, or later, once the
 *     generator had caught up with its plan
 * @param planned calls the rate asked for over the run
 * @param requests calls made (fewer than planned when the sidecar could not keep up)
 * @param errors calls that failed (unexpected status, timeout, refused, or not sent because too many were in
 *     flight), by kind of call
 * @param firstErrors the first few failures, described
 * @param published publishes the sidecar acknowledged (204)
 * @param lost acknowledged publishes never delivered to the app
 * @param deliveries events delivered, counting redeliveries
 * @param callsWithoutAppToken calls into the app without the expected app token
 * @param heapAfterWarmupMib used heap after a full GC when the warm-up ended, -1 when unknown
 * @param heapAtEndMib used heap after a full GC at the end, -1 when unknown
 */
public record SoakResult(List<Sample> samples, double warmupSeconds, long planned, long requests,
    Map<String, Long> errors,
    List<String> firstErrors, long published, long lost, long deliveries, long callsWithoutAppToken,
    double heapAfterWarmupMib, double heapAtEndMib) {

  /**
   * One interval.
   *
   * @param seconds since the load started, at the end of the interval
   * @param rssMib resident memory
   * @param threads threads of the process
   * @param fds open file descriptors
   * @param p99Ms the 99th percentile latency of the calls that completed in the interval, from their planned start
   * @param requests calls completed in the interval
   * @param lagMs how far behind its plan the generator was when the sample was taken (0: on time)
   */
  public record Sample(double seconds, double rssMib, long threads, long fds, double p99Ms, long requests,
      double lagMs) {
  }

  /** All errors. */
  public long errorCount() {
    return errors.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Least-squares slope of RSS, MiB per minute, after the warm-up. */
  public double rssSlope() {
    return slope(Sample::rssMib);
  }

  /** Least-squares slope of the thread count, threads per minute, after the warm-up. */
  public double threadSlope() {
    return slope(s -> s.threads);
  }

  /** Least-squares slope of the descriptor count, per minute, after the warm-up. */
  public double fdSlope() {
    return slope(s -> s.fds);
  }

  /** Least-squares slope of p99, ms per minute, after the warm-up. */
  public double p99Slope() {
    return slope(Sample::p99Ms);
  }

  /** The samples after the warm-up. */
  public List<Sample> measured() {
    return samples.stream().filter(s -> s.seconds > warmupSeconds).toList();
  }

  /** Largest minus smallest of {@code f} over the samples after the warm-up. */
  public double range(ToDoubleFunction<Sample> f) {
    List<Sample> m = measured();
    return m.stream().mapToDouble(f).max().orElse(0) - m.stream().mapToDouble(f).min().orElse(0);
  }

  /** The median of {@code f} over the samples whose time lies in [{@code from}, {@code to}) seconds. */
  public double median(ToDoubleFunction<Sample> f, double from, double to) {
    double[] v = samples.stream().filter(s -> s.seconds >= from && s.seconds < to).mapToDouble(f).sorted().toArray();
    return v.length == 0 ? 0 : v[v.length / 2];
  }

  private double slope(ToDoubleFunction<Sample> f) {
    List<Sample> m = measured();
    int n = m.size();
    if (n < 2) {
      return 0;
    }
    double sx = 0;
    double sy = 0;
    for (Sample s : m) {
      sx += s.seconds / 60;
      sy += f.applyAsDouble(s);
    }
    double mx = sx / n;
    double my = sy / n;
    double num = 0;
    double den = 0;
    for (Sample s : m) {
      double dx = s.seconds / 60 - mx;
      num += dx * (f.applyAsDouble(s) - my);
      den += dx * dx;
    }
    return den == 0 ? 0 : num / den;
  }

  /** A Markdown summary: the slopes, the counts, then the samples. */
  public String markdown() {
    List<String> lines = new ArrayList<>();
    lines.add(f("| measure | after %.0f s warm-up: first → last | slope per minute |", warmupSeconds));
    lines.add("| --- | --- | --- |");
    List<Sample> m = measured();
    Sample a = m.isEmpty() ? null : m.getFirst();
    Sample b = m.isEmpty() ? null : m.getLast();
    if (a != null) {
      lines.add(f("| RSS | %.1f → %.1f MiB | %+.2f MiB |", a.rssMib, b.rssMib, rssSlope()));
      lines.add(f("| threads | %d → %d | %+.2f |", a.threads, b.threads, threadSlope()));
      lines.add(f("| file descriptors | %d → %d | %+.2f |", a.fds, b.fds, fdSlope()));
      lines.add(f("| p99 | %.1f → %.1f ms | %+.2f ms |", a.p99Ms, b.p99Ms, p99Slope()));
    }
    lines.add(f("| heap after full GC | %.1f → %.1f MiB | |", heapAfterWarmupMib, heapAtEndMib));
    lines.add("");
    lines.add(f("%d calls of %d planned (%.0f %%), %d errors %s; %d publishes acknowledged, %d lost, %d "
        + "deliveries; %d calls into the app without the app token.", requests, planned,
        100.0 * requests / Math.max(1, planned), errorCount(), errors, published, lost, deliveries,
        callsWithoutAppToken));
    if (!firstErrors.isEmpty()) {
      lines.add("");
      lines.add("First errors: " + String.join("; ", firstErrors));
    }
    lines.add("");
    lines.add("| s | RSS MiB | threads | fds | p99 ms | calls | behind plan ms |");
    lines.add("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Sample s : samples) {
      lines.add(f("| %.0f | %.1f | %d | %d | %.1f | %d | %.0f |", s.seconds, s.rssMib, s.threads, s.fds, s.p99Ms,
          s.requests, s.lagMs));
    }
    return String.join("\n", lines) + "\n";
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
