package io.jdaprd.bench.report;

import io.jdaprd.bench.report.RunReport.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The targets, and which targets are read against which: {@link #PAIRS} names, for each sidecar target,
 * the floor or direct target whose latency it adds to.
 */
public final class Checks {
  /** {@code {sidecar target, what it is read against}}. */
  public static final List<String[]> PAIRS = List.of(
      new String[] {"sidecar-healthz", "floor-204"},
      new String[] {"state-get-http", "floor-204"},
      new String[] {"secret-get-http", "floor-204"},
      new String[] {"state-save-http", "floor-save-http"},
      new String[] {"error-save-http", "floor-save-http"},
      new String[] {"state-get-grpc", "floor-get-grpc"},
      new String[] {"state-save-grpc", "floor-save-grpc"},
      new String[] {"redis-get-http", "direct-get-redis"},
      new String[] {"redis-save-http", "direct-save-redis"},
      new String[] {"invoke-http", "floor-invoke-http"},
      new String[] {"invoke-grpc", "floor-invoke-grpc"},
      new String[] {"invoke-upload", "direct-upload"},
      new String[] {"actor-activate-http", "floor-actor-activate"},
      new String[] {"actor-invoke-http", "floor-actor-invoke"});

  private Checks() {
  }

  /** The target {@code sidecar} is read against, or null. */
  public static String baselineOf(String sidecar) {
    return PAIRS.stream().filter(p -> p[0].equals(sidecar)).map(p -> p[1]).findFirst().orElse(null);
  }

  /**
   * The {@code invoke} scenario's targets (issue #10): added p50 at most 0.3 ms and p99 at most 1 ms through two
   * sidecars at the constant rate, over HTTP and over gRPC proxying; a large body through both sidecars at 80 % of
   * the direct copy's throughput or more. A target not measured is left out.
   */
  public static List<Check> invoke(Map<String, Measured> rate, Map<String, Measured> bulk) {
    List<Check> checks = new ArrayList<>();
    for (String[] t : new String[][] {{"invoke-http", "HTTP invocation"}, {"invoke-grpc", "gRPC proxying"}}) {
      Measured x = rate.get(t[0]);
      Measured floor = rate.get(baselineOf(t[0]));
      if (x != null && floor != null) {
        Percentiles added = x.latency().minus(floor.latency());
        checks.add(new Check("added latency p50, " + t[1] + " through two sidecars, at rate", "<= 0.3 ms",
            added.p50(), "ms", added.p50() <= 0.3));
        checks.add(new Check("added latency p99, " + t[1] + " through two sidecars, at rate", "<= 1.0 ms",
            added.p99(), "ms", added.p99() <= 1.0));
      }
    }
    Measured up = bulk.get("invoke-upload");
    Measured direct = bulk.get("direct-upload");
    if (up != null && direct != null && direct.throughput() > 0 && up.errors() == 0 && direct.errors() == 0) {
      double ratio = up.throughput() / direct.throughput() * 100;
      checks.add(new Check("large-body throughput through two sidecars / direct copy", ">= 80 %", ratio, "%",
          ratio >= 80));
    }
    return checks;
  }

  /**
   * The {@code actors} scenario's latency targets (issue #11): activating a new actor adds at most 0.5 ms at p50 and
   * 2 ms at p99 at 500 activations/s; a call to an active actor adds at most 0.2 ms at p50 at the constant rate.
   */
  public static List<Check> actors(Map<String, Measured> rate) {
    List<Check> checks = new ArrayList<>();
    Measured activate = rate.get("actor-activate-http");
    Measured floor = rate.get(baselineOf("actor-activate-http"));
    if (activate != null && floor != null) {
      Percentiles added = activate.latency().minus(floor.latency());
      checks.add(new Check("added latency p50, actor activation (a new id each call), at " + activate.rate() + "/s",
          "<= 0.5 ms", added.p50(), "ms", added.p50() <= 0.5 && activate.errors() == 0));
      checks.add(new Check("added latency p99, actor activation (a new id each call), at " + activate.rate() + "/s",
          "<= 2.0 ms", added.p99(), "ms", added.p99() <= 2.0 && activate.errors() == 0));
    }
    Measured active = rate.get("actor-invoke-http");
    Measured activeFloor = rate.get(baselineOf("actor-invoke-http"));
    if (active != null && activeFloor != null) {
      Percentiles added = active.latency().minus(activeFloor.latency());
      checks.add(new Check("added latency p50, call to an active actor, at " + active.rate() + "/s", "<= 0.2 ms",
          added.p50(), "ms", added.p50() <= 0.2 && active.errors() == 0));
    }
    return checks;
  }

  /** Checks what was measured against the targets; a target not measured is left out. */
  public static List<Check> evaluate(RunReport.Startup startup, double idleRss, double peakRss,
      Map<String, Measured> rate, Map<String, Measured> closed) {
    List<Check> checks = new ArrayList<>();
    Measured get = rate.get("state-get-http");
    Measured floor = rate.get("floor-204");
    if (get != null && floor != null) {
      Percentiles added = get.latency().minus(floor.latency());
      checks.add(new Check("added latency p50, HTTP state get, in-memory, at rate", "<= 0.15 ms", added.p50(), "ms",
          added.p50() <= 0.15));
      checks.add(new Check("added latency p99, HTTP state get, in-memory, at rate", "<= 0.5 ms", added.p99(), "ms",
          added.p99() <= 0.5));
    }
    Measured secret = rate.get("secret-get-http");
    if (secret != null && floor != null) {
      Percentiles added = secret.latency().minus(floor.latency());
      checks.add(new Check("added latency p50, HTTP secret get, local file, at rate", "<= 0.15 ms", added.p50(),
          "ms", added.p50() <= 0.15));
    }
    Measured error = closed.get("error-save-http");
    Measured save = closed.get("state-save-http");
    if (error != null && save != null && save.throughput() > 0) {
      double ratio = error.throughput() / save.throughput() * 100;
      checks.add(new Check("error path throughput / success path (save)", ">= 90 %", ratio, "%", ratio >= 90));
    }
    if (startup != null && startup.cachedMedianMs() > 0) {
      checks.add(new Check("startup to healthy, median of cold starts (with cache)", "<= 1 s",
          startup.cachedMedianMs(), "ms", startup.cachedMedianMs() <= 1000));
    }
    if (idleRss > 0) {
      checks.add(new Check("RSS idle", "<= 80 MB", idleRss, "MiB", idleRss * 1.048576 <= 80));
    }
    if (peakRss > 0) {
      checks.add(new Check("RSS peak under the constant-rate runs", "<= 120 MB", peakRss, "MiB",
          peakRss * 1.048576 <= 120));
    }
    Measured getMax = closed.get("state-get-http");
    Measured floorMax = closed.get("floor-204");
    if (getMax != null && floorMax != null && floorMax.throughput() > 0) {
      double ratio = getMax.throughput() / floorMax.throughput() * 100;
      checks.add(new Check("throughput, HTTP state get / bare-Armeria floor", ">= 50 %", ratio, "%", ratio >= 50));
      if (getMax.serverCpuPer1k() > 0 && floorMax.serverCpuPer1k() > 0) {
        double perCpu = floorMax.serverCpuPer1k() / getMax.serverCpuPer1k() * 100;
        checks.add(new Check("the same per CPU second of the server (generator-independent)", ">= 50 %", perCpu,
            "%", perCpu >= 50));
      }
    }
    return checks;
  }
}
