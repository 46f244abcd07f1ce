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
      new String[] {"floor-error-save-http", "floor-save-http"},
      new String[] {"state-get-grpc", "floor-get-grpc"},
      new String[] {"state-save-grpc", "floor-save-grpc"},
      new String[] {"redis-get-http", "direct-get-redis"},
      new String[] {"floor-get-redis", "direct-get-redis"},
      new String[] {"redis-save-http", "direct-save-redis"},
      new String[] {"invoke-http", "floor-invoke-http"},
      new String[] {"invoke-grpc", "floor-invoke-grpc"},
      new String[] {"invoke-upload", "direct-upload"},
      new String[] {"relay-invoke-http", "floor-invoke-http"},
      new String[] {"relay-invoke-grpc", "floor-invoke-grpc"},
      new String[] {"relay-upload", "direct-upload"},
      new String[] {"actor-activate-http", "floor-actor-activate"},
      new String[] {"actor-invoke-http", "floor-actor-invoke"},
      new String[] {"relay-actor-activate-http", "floor-actor-activate"},
      new String[] {"relay-actor-invoke-http", "floor-actor-invoke"});

  private static final String ONE_RELAY = "one bare Armeria relay";
  private static final String TWO_RELAYS = "two bare Armeria relays";

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
        Measured relay = rate.get("relay-" + t[0]);
        addedLatency(checks, t[1] + " through two sidecars, at rate", x, floor, 0.3, 1.0,
            relay == null ? null : relay.latency().minus(floor.latency()));
      }
    }
    Measured up = bulk.get("invoke-upload");
    Measured direct = bulk.get("direct-upload");
    if (up != null && direct != null && direct.throughput() > 0 && up.errors() == 0 && direct.errors() == 0) {
      double ratio = up.throughput() / direct.throughput() * 100;
      Measured relay = bulk.get("relay-upload");
      String floorText = relay == null || relay.errors() > 0 ? "" : String.format(java.util.Locale.ROOT,
          "; floor, two bare Armeria relays: %.1f %%", relay.throughput() / direct.throughput() * 100);
      checks.add(new Check("large-body throughput through two sidecars / direct copy" + floorText, ">= 80 %", ratio,
          "%", ratio >= 80));
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
      Percentiles relay = relayAdded(rate, "actor-activate-http", floor);
      String what = "actor activation (a new id each call), at " + activate.rate() + "/s";
      checks.add(new Check("added latency p50, " + what + floorAdded(ONE_RELAY, relay == null ? null : relay.p50()),
          "<= 0.5 ms", added.p50(), "ms", added.p50() <= 0.5 && activate.errors() == 0));
      checks.add(new Check("added latency p99, " + what + floorAdded(ONE_RELAY, relay == null ? null : relay.p99()),
          "<= 2.0 ms", added.p99(), "ms", added.p99() <= 2.0 && activate.errors() == 0));
    }
    Measured active = rate.get("actor-invoke-http");
    Measured activeFloor = rate.get(baselineOf("actor-invoke-http"));
    if (active != null && activeFloor != null) {
      Percentiles added = active.latency().minus(activeFloor.latency());
      Percentiles relay = relayAdded(rate, "actor-invoke-http", activeFloor);
      checks.add(new Check("added latency p50, call to an active actor, at " + active.rate() + "/s"
          + floorAdded(ONE_RELAY, relay == null ? null : relay.p50()), "<= 0.2 ms", added.p50(), "ms",
          added.p50() <= 0.2 && active.errors() == 0));
    }
    return checks;
  }

  /** What the relay twin of {@code target} ({@code relay-<target>}) adds over {@code floor}, or null. */
  private static Percentiles relayAdded(Map<String, Measured> rate, String target, Measured floor) {
    Measured relay = rate.get("relay-" + target);
    return relay == null || relay.errors() > 0 ? null : relay.latency().minus(floor.latency());
  }

  /**
   * What one flag set's run measured outside the latency tables, for {@link #evaluate}.
   *
   * @param startup      cold starts, or null
   * @param floor        the floor server's start and idle memory under the same flags, or null
   * @param idleRssMib   the sidecar's idle RSS, or a value <= 0 when not measured
   * @param peakRssMib   its peak RSS under the constant-rate runs, or <= 0
   * @param shutdownSec  {@code POST /v1.0/shutdown} to exit, or < 0
   * @param tarballMb    the size of {@code ./jdaprd dist}'s tarball in MB (10^6 bytes) when one is built, or <= 0
   */
  public record Footprint(RunReport.Startup startup, RunReport.FloorFootprint floor, double idleRssMib,
      double peakRssMib, double shutdownSec, double tarballMb) {
  }

  /**
   * Checks what was measured against issue #18's targets (and the earlier HTTP p50 target); a target not measured is
   * left out. Where a row has a floor measured in the same run (the bare Armeria server, Lettuce straight to Redis),
   * its name says it.
   */
  public static List<Check> evaluate(Footprint fp, Map<String, Measured> rate, Map<String, Measured> closed,
      List<PubSubResult> pubsub) {
    List<Check> checks = new ArrayList<>();
    Measured get = rate.get("state-get-http");
    Measured floor = rate.get("floor-204");
    if (get != null && floor != null) {
      addedLatency(checks, "HTTP state get, in-memory, at rate", get, floor, 0.15, 0.3);
    }
    Measured grpc = rate.get("state-get-grpc");
    Measured grpcFloor = rate.get(baselineOf("state-get-grpc"));
    if (grpc != null && grpcFloor != null) {
      addedLatency(checks, "gRPC state get, at rate", grpc, grpcFloor, 0.12, 0.6);
      if (get != null && get.serverCpuPer1k() > 0) {
        String floors = floor == null ? "" : String.format(java.util.Locale.ROOT, "; the bare Armeria floors: gRPC "
            + "%.3f, HTTP %.3f", grpcFloor.serverCpuPer1k(), floor.serverCpuPer1k());
        checks.add(new Check(String.format(java.util.Locale.ROOT, "sidecar CPU s per 1,000 gRPC state gets "
            + "(HTTP's: %.3f%s)", get.serverCpuPer1k(), floors), "<= HTTP's", grpc.serverCpuPer1k(), "CPU s",
            grpc.serverCpuPer1k() <= get.serverCpuPer1k()));
      }
    }
    Measured secret = rate.get("secret-get-http");
    if (secret != null && floor != null) {
      Percentiles added = secret.latency().minus(floor.latency());
      checks.add(new Check("added latency p50, HTTP secret get, local file, at rate", "<= 0.15 ms", added.p50(),
          "ms", added.p50() <= 0.15));
    }
    redis(checks, rate);
    pubsub(checks, pubsub);
    Measured error = closed.get("error-save-http");
    Measured save = closed.get("state-save-http");
    if (error != null && save != null && save.throughput() > 0) {
      double ratio = error.throughput() / save.throughput() * 100;
      Measured floorError = closed.get("floor-error-save-http");
      Measured floorSave = closed.get("floor-save-http");
      String floorText = floorError == null || floorSave == null || floorSave.throughput() <= 0 ? ""
          : String.format(java.util.Locale.ROOT, "; floor, a bare Armeria server answering the same save 204 and the"
              + " error's 400 with its body: %.1f %%", floorError.throughput() / floorSave.throughput() * 100);
      checks.add(new Check("error path throughput / success path (save)" + floorText, ">= 95 %", ratio, "%",
          ratio >= 95));
    }
    Measured getMax = closed.get("state-get-http");
    Measured floorMax = closed.get("floor-204");
    if (getMax != null && floorMax != null && getMax.serverCpuPer1k() > 0 && floorMax.serverCpuPer1k() > 0) {
      double perCpu = floorMax.serverCpuPer1k() / getMax.serverCpuPer1k() * 100;
      Measured floorGet = closed.get("floor-get-http");
      String floorText = floorGet == null || floorGet.serverCpuPer1k() <= 0 ? "" : String.format(
          java.util.Locale.ROOT, "; the floor answering the same get 200 with the same value: %.1f %%",
          floorMax.serverCpuPer1k() / floorGet.serverCpuPer1k() * 100);
      checks.add(new Check("throughput per server CPU second, HTTP state get / bare-Armeria floor" + floorText,
          ">= 60 %", perCpu, "%", perCpu >= 60));
    }
    footprint(checks, fp);
    return checks;
  }

  /** The added p50 and p99 of {@code x} over {@code floor}, checked against the two limits (in ms). */
  private static void addedLatency(List<Check> checks, String what, Measured x, Measured floor, double p50Limit,
      double p99Limit) {
    addedLatency(checks, what, x, floor, p50Limit, p99Limit, null);
  }

  /**
   * As {@link #addedLatency(List, String, Measured, Measured, double, double)}, each label naming the same percentile
   * of {@code relaysAdded}, the latency two bare Armeria relays add in the sidecars' place (none when null).
   */
  private static void addedLatency(List<Check> checks, String what, Measured x, Measured floor, double p50Limit,
      double p99Limit, Percentiles relaysAdded) {
    Percentiles added = x.latency().minus(floor.latency());
    Double p50 = relaysAdded == null ? null : relaysAdded.p50();
    Double p99 = relaysAdded == null ? null : relaysAdded.p99();
    checks.add(new Check("added latency p50, " + what + floorAdded(TWO_RELAYS, p50), "<= " + p50Limit + " ms",
        added.p50(), "ms", added.p50() <= p50Limit));
    checks.add(new Check("added latency p99, " + what + floorAdded(TWO_RELAYS, p99), "<= " + p99Limit + " ms",
        added.p99(), "ms", added.p99() <= p99Limit));
  }

  /** {@code "; floor, <floor>: +x.xxx ms"}, what {@code floor} adds; nothing when it was not measured. */
  private static String floorAdded(String floor, Double addedMs) {
    return addedMs == null ? "" : String.format(java.util.Locale.ROOT, "; floor, %s: %+.3f ms", floor, addedMs);
  }

  /**
   * Redis get through the sidecar against Redis's own CPU for a direct get, and its added p99; each label names what
   * the floor ({@code floor-get-redis}: a bare Armeria HTTP server reading Redis the way {@code state.redis} does)
   * scores on the same measure in the same run, when it was measured.
   */
  private static void redis(List<Check> checks, Map<String, Measured> rate) {
    Measured redis = rate.get("redis-get-http");
    Measured direct = rate.get(baselineOf("redis-get-http"));
    if (redis == null || direct == null) {
      return;
    }
    Measured floor = rate.get("floor-get-redis");
    if (direct.serverCpuPer1k() > 0) {
      double times = redis.serverCpuPer1k() / direct.serverCpuPer1k();
      String floorText = floor == null ? "" : String.format(java.util.Locale.ROOT, "; floor, a bare Armeria HTTP"
          + " server reading Redis as state.redis does: %.1f x", floor.serverCpuPer1k() / direct.serverCpuPer1k());
      checks.add(new Check("Redis get through the sidecar: its CPU / Lettuce's straight to Redis" + floorText,
          "<= 3 x", times, "x", times <= 3));
    }
    double added = redis.latency().minus(direct.latency()).p99();
    String floorText = floor == null ? "" : String.format(java.util.Locale.ROOT, "; floor's: %.2f ms",
        floor.latency().minus(direct.latency()).p99());
    checks.add(new Check("added latency p99, Redis get through the sidecar / Lettuce direct" + floorText, "<= 1 ms",
        added, "ms", added <= 1));
  }

  /**
   * Each component's CPU per event and the in-memory p99; the CPU label names the floor's CPU per event (the bench's
   * bare Armeria server taking the publish and posting it to the app), when it was measured.
   */
  private static void pubsub(List<Check> checks, List<PubSubResult> pubsub) {
    PubSubResult floor = pubsub.stream().filter(p -> p.component().equals("floor")).findFirst().orElse(null);
    for (PubSubResult p : pubsub) {
      if (p == floor) {
        continue;
      }
      if (p.delivered() > 0 && p.sidecarCpuPer1k() > 0) {
        String floorText = floor == null || floor.delivered() == 0 ? "" : String.format(java.util.Locale.ROOT,
            "; floor, a bare Armeria server taking the publish and posting it to the app: %.2f CPU ms",
            floor.sidecarCpuPer1k());
        checks.add(new Check("sidecar CPU per event published and delivered, " + p.component() + ", at " + p.rate()
            + "/s" + floorText, "<= 0.4 ms", p.sidecarCpuPer1k(), "CPU ms", p.sidecarCpuPer1k() <= 0.4));
      }
      if (p.component().equals("pubsub.in-memory") && p.delivered() > 0) {
        checks.add(new Check("publish-to-delivery p99, pubsub.in-memory, at " + p.rate() + "/s", "<= 10 ms",
            p.delivery().p99(), "ms", p.delivery().p99() <= 10 && p.lost() == 0));
      }
    }
  }

  private static void footprint(List<Check> checks, Footprint fp) {
    RunReport.FloorFootprint floor = fp.floor();
    RunReport.Startup startup = fp.startup();
    if (startup != null && startup.cachedMedianMs() > 0) {
      checks.add(new Check("startup to healthy, median of cold starts (with cache)" + (floor == null ? ""
          : String.format(java.util.Locale.ROOT, "; floor, a bare Armeria HTTP + gRPC server: %.0f ms",
              floor.startMs())), "<= 0.6 s", startup.cachedMedianMs(), "ms", startup.cachedMedianMs() <= 600));
    }
    if (fp.idleRssMib() > 0) {
      checks.add(new Check("RSS idle" + (floor == null ? "" : String.format(java.util.Locale.ROOT,
          "; floor, a bare Armeria HTTP + gRPC server: %.1f MiB", floor.idleRssMib())), "<= 64 MiB",
          fp.idleRssMib(), "MiB", fp.idleRssMib() <= 64));
    }
    if (fp.peakRssMib() > 0) {
      checks.add(new Check("RSS peak under the constant-rate runs" + (floor == null || floor.peakRssRateMib() <= 0
          ? "" : String.format(java.util.Locale.ROOT, "; floor, the same server serving the group's floor targets: "
              + "%.1f MiB", floor.peakRssRateMib())), "<= 100 MiB", fp.peakRssMib(), "MiB", fp.peakRssMib() <= 100));
    }
    if (fp.shutdownSec() >= 0) {
      checks.add(new Check("shutdown with nothing in flight", "<= 0.3 s", fp.shutdownSec(), "s",
          fp.shutdownSec() <= 0.3));
    }
    if (fp.tarballMb() > 0) {
      checks.add(new Check("`./jdaprd dist` tarball, compressed", "<= 60 MB", fp.tarballMb(), "MB",
          fp.tarballMb() <= 60));
    }
  }
}
