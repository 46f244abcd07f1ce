package io.jdaprd.bench.report;

import java.util.List;
import java.util.Map;

/**
 * Everything one {@code bench/run} measured; written as {@code bench/results/<UTC time>.json}.
 *
 * @param started  UTC start time (ISO-8601)
 * @param finished UTC end time
 * @param machine  what it ran on: CPU model, cores, memory, kernel, JDK, load average before and after
 * @param settings the load settings and the command line
 * @param variants one entry per JVM flag set the sidecar ran under
 * @param wrk      the cross-check of the load generator against wrk, when asked for
 * @param jmh      the JMH microbenchmark scores, when run
 * @param notes    what was skipped and why, and anything else worth knowing when reading the numbers
 * @param pubsub   publish to delivery per pub/sub component, when run (empty, also for reports written before the
 *                 scenario existed)
 * @param invoke   service invocation through two sidecars, when run (empty likewise)
 */
public record RunReport(String started, String finished, Map<String, Object> machine, Map<String, Object> settings,
    List<Variant> variants, List<CrossCheck> wrk, List<JmhScore> jmh, List<String> notes,
    List<PubSubResult> pubsub, List<InvokeResult> invoke) {

  /** Reads a missing {@code pubsub} or {@code invoke} (a report of an older run) as none. */
  public RunReport {
    pubsub = pubsub == null ? List.of() : pubsub;
    invoke = invoke == null ? List.of() : invoke;
  }

  /**
   * The sidecar under one JVM flag set.
   *
   * @param name              the flag set's name
   * @param flags             its JVM options (on top of the launcher's)
   * @param startup           cold starts, process start to the first 204 from {@code /v1.0/healthz}
   * @param idleRssMib        resident memory 2 s after it became healthy, before any load
   * @param startupPeakRssMib the peak resident memory up to then
   * @param idleMilliCpu      CPU use over 3 s of idling after that, in millicores
   * @param peakRssRateMib    the peak resident memory during the constant-rate runs
   * @param peakRssClosedMib  the peak resident memory during the closed-loop runs
   * @param shutdownSeconds   {@code POST /v1.0/shutdown} to process exit
   * @param rate              constant-rate results by target (sidecar, floor and, for Redis, direct)
   * @param closed            closed-loop (throughput) results by target
   * @param checks            the targets, checked
   * @param floor             a bare Armeria server's start and idle memory under the same flags, or null (not
   *                          measured, or a report of an older run)
   */
  public record Variant(String name, List<String> flags, Startup startup, double idleRssMib,
      double startupPeakRssMib, double idleMilliCpu, double peakRssRateMib, double peakRssClosedMib,
      double shutdownSeconds, Map<String, Measured> rate, Map<String, Measured> closed, List<Check> checks,
      FloorFootprint floor) {
  }

  /**
   * The floor of the start and idle-memory rows: the bench's floor server (a bare Armeria HTTP and gRPC server,
   * {@code FloorServer}) started under the sidecar's JVM flags, from an AOT cache of its own where the JDK has them.
   *
   * @param cached         whether it started from its own AOT cache
   * @param startMs        median time from spawning it to both its ports listening
   * @param idleRssMib     median resident memory 5 s after that
   * @param peakRssRateMib its peak resident memory under the constant-rate group's floor targets, or -1 (not run)
   */
  public record FloorFootprint(boolean cached, double startMs, double idleRssMib, double peakRssRateMib) {
    /** The same, with the peak under load. */
    public FloorFootprint withPeakRssRateMib(double peak) {
      return new FloorFootprint(cached, startMs, idleRssMib, peak);
    }
  }

  /**
   * Cold starts.
   *
   * @param cachedMs          each start with the class-data cache the launcher records (AOT cache on JDK 25+)
   * @param uncachedMs        each start without it
   * @param cachedMedianMs    median with the cache
   * @param uncachedMedianMs  median without
   */
  public record Startup(List<Double> cachedMs, List<Double> uncachedMs, double cachedMedianMs,
      double uncachedMedianMs) {
  }

  /**
   * One of the targets.
   *
   * @param name   what is checked
   * @param limit  the target, as written in the issue
   * @param value  what was measured
   * @param unit   the unit of value
   * @param pass   whether the value meets the target
   */
  public record Check(String name, String limit, double value, String unit, boolean pass) {
  }

  /**
   * The generator and wrk on the same target, same connections, closed loop.
   *
   * @param target     the target
   * @param wrkRps     wrk's requests per second
   * @param ourRps     the generator's answers per second
   * @param wrkMs      wrk's p50, p90, p99 in ms
   * @param ourMs      the generator's p50, p90, p99 in ms
   */
  public record CrossCheck(String target, double wrkRps, double ourRps, double[] wrkMs, double[] ourMs) {
  }

  /**
   * A JMH score.
   *
   * @param benchmark the benchmark method
   * @param score     the score
   * @param error     the 99.9 % confidence half-width
   * @param unit      the unit
   */
  public record JmhScore(String benchmark, double score, double error, String unit) {
  }
}
