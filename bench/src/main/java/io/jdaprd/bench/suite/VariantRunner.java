package io.jdaprd.bench.suite;

import io.jdaprd.bench.report.Checks;
import io.jdaprd.bench.report.InvokeResult;
import io.jdaprd.bench.report.Measured;
import io.jdaprd.bench.report.PubSubResult;
import io.jdaprd.bench.report.RunReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything measured on the sidecar under one JVM flag set: cold starts, idle memory, the constant-rate group,
 * the closed-loop group (with the peak RSS of each), the shutdown, and, for the first flag set only, Redis, the wrk
 * cross-check, publish to delivery per pub/sub component and service invocation through two sidecars.
 */
final class VariantRunner {
  private final Env env;
  private final Options o;
  private final Generator generator;
  private final Servers.Floor floor;
  private final List<String> notes;

  VariantRunner(Env env, Options o, Generator generator, Servers.Floor floor, List<String> notes) {
    this.env = env;
    this.o = o;
    this.generator = generator;
    this.floor = floor;
    this.notes = notes;
  }

  RunReport.Variant run(JvmVariant v, boolean first, List<RunReport.CrossCheck> wrk, List<PubSubResult> pubsub,
      List<InvokeResult> invoke) throws Exception {
    Log.line("variant %s %s", v.name(), v.flags());
    List<String> cache = AotCache.flags(env, v);
    if (cache.isEmpty()) {
      notes.add(v.name() + ": the class-data cache could not be recorded; its sidecar ran without one");
    }
    Path resources = Sidecar.resources(env, "resources-inmemory", null);
    Sidecar.addFloorBinding(resources, floor.httpPort());
    RunReport.Startup startup = o.has("startup") ? startups(v, cache, resources) : null;
    RunReport.FloorFootprint floorFootprint = null;
    if (o.has("startup")) {
      floorFootprint = Servers.footprint(env, v, Math.max(1, Math.min(3, o.startupRuns)));
      Log.line("  floor (bare Armeria HTTP + gRPC, same flags, %s): start %.0f ms, idle RSS %.1f MiB",
          floorFootprint.cached() ? "its own AOT cache" : "no class-data cache", floorFootprint.startMs(),
          floorFootprint.idleRssMib());
    }

    Sidecar s = Sidecar.start(env, v, cache, resources, env.logs.resolve("sidecar-" + v.key() + ".log"));
    s.awaitHealthy(120_000, 20);
    Thread.sleep(2000);
    double cpuBefore = Proc.cpuSeconds(s.pid());
    Thread.sleep(3000);
    double idleMilliCpu = (Proc.cpuSeconds(s.pid()) - cpuBefore) / 3 * 1000;
    double idle = Proc.rssMib(s.pid());
    double startupPeak = Proc.peakRssMib(s.pid());
    Log.line("  idle RSS %.1f MiB (peak so far %.1f MiB), idle CPU %.0f mCPU", idle, startupPeak, idleMilliCpu);

    Map<String, Measured> rate = new LinkedHashMap<>();
    Map<String, Measured> closed = new LinkedHashMap<>();
    double peakRate = -1;
    double peakClosed = -1;
    List<Rounds.Planned> ratePlan = Plan.rate(o, s, floor);
    if (!ratePlan.isEmpty()) {
      try (RssWatch watch = new RssWatch(s.pid())) {
        rate.putAll(Rounds.run(generator, ratePlan, "rate", o.duration, o));
        peakRate = watch.peakMib();
      }
      noteMissedRate(v, rate);
    }
    if (o.has("throughput")) {
      try (RssWatch watch = new RssWatch(s.pid())) {
        closed.putAll(Rounds.run(generator, Plan.closed(s, floor), "closed", o.closedDuration, o));
        peakClosed = watch.peakMib();
      }
    }
    if (first && o.has("wrk")) {
      wrk.addAll(WrkCheck.run(env, o, generator, floor, s, notes));
    }
    double shutdown = s.shutdown();
    Log.line("  shutdown took %.2f s", shutdown);
    if (floorFootprint != null && !ratePlan.isEmpty()) {
      floorFootprint = floorFootprint.withPeakRssRateMib(floorPeak(v, ratePlan));
      Log.line("  floor under the same flags and the constant-rate group's floor targets: peak RSS %.1f MiB",
          floorFootprint.peakRssRateMib());
    }
    if (first && (o.has("redis") || o.has("lock"))) {
      rate.putAll(redis(v, cache));
    }
    if (first && o.has("pubsub")) {
      Log.line("pub/sub, publish to delivery at %d/s", o.pubsubRate);
      pubsub.addAll(new PubSubScenario(env, o, generator, notes).run(v, cache));
    }
    if (first && o.has("invoke")) {
      Log.line("service invocation through two sidecars at %d/s", o.rate);
      Map<String, Measured> invokeRate = new LinkedHashMap<>();
      InvokeResult result = new InvokeScenario(env, o, generator, floor, notes).run(v, cache, invokeRate);
      if (result != null) {
        noteMissedRate(v, invokeRate);
        rate.putAll(invokeRate);
        invoke.add(result);
      }
    }
    if (first && o.has("tracing")) {
      Log.line("tracing off, at daprd's default and at sampling 1, side by side at %d/s", o.rate);
      Map<String, Measured> tracingRate = new TracingScenario(env, o, generator, floor, notes).run(v, cache);
      noteMissedRate(v, tracingRate);
      rate.putAll(tracingRate);
    }
    List<RunReport.Check> actorChecks = new ArrayList<>();
    if (first && o.has("actors")) {
      Log.line("actors, activation, active calls and reminders on a self-placed sidecar");
      Map<String, Measured> actorRate = new LinkedHashMap<>();
      actorChecks.addAll(new ActorsScenario(env, o, generator, floor, notes).run(v, cache, actorRate));
      rate.putAll(actorRate);
    }
    if (first && o.has("crypto")) {
      Log.line("crypto, encrypt and decrypt throughput");
      notes.addAll(new CryptoScenario(env).run(v, cache));
    }
    Checks.Footprint footprint = new Checks.Footprint(startup, floorFootprint, idle, peakRate, shutdown,
        tarballMb());
    List<RunReport.Check> checks = new ArrayList<>(Checks.evaluate(footprint, rate, closed,
        first ? pubsub : List.of()));
    checks.addAll(actorChecks);
    return new RunReport.Variant(v.name(), v.flags(), startup, idle, startupPeak, idleMilliCpu, peakRate,
        peakClosed, shutdown, rate, closed, checks, floorFootprint);
  }

  private RunReport.Startup startups(JvmVariant v, List<String> cache, Path resources) throws Exception {
    List<Double> cached = new ArrayList<>();
    List<Double> uncached = new ArrayList<>();
    for (int i = 0; i < o.startupRuns; i++) {
      for (boolean useCache : new boolean[] {true, false}) {
        if (useCache && cache.isEmpty()) {
          continue;
        }
        Sidecar s = Sidecar.start(env, v, useCache ? cache : List.of(), resources,
            env.logs.resolve("startup-" + v.key() + ".log"));
        try {
          double ms = s.awaitHealthy(120_000, 5);
          (useCache ? cached : uncached).add(ms);
        } finally {
          s.kill();
        }
      }
    }
    RunReport.Startup st = new RunReport.Startup(cached, uncached, median(cached), median(uncached));
    Log.line("  startup median %.0f ms with cache %s, %.0f ms without %s", st.cachedMedianMs(), cached,
        st.uncachedMedianMs(), uncached);
    return st;
  }

  private Map<String, Measured> redis(JvmVariant v, List<String> cache) throws Exception {
    if (Servers.redisBinary() == null) {
      notes.add("redis: skipped, no /usr/bin/redis-server on this machine");
      return Map.of();
    }
    Servers.Redis redis = Servers.startRedis(env);
    Sidecar s = null;
    Servers.Floor floor = null;
    try {
      Path resources = Sidecar.resources(env, "resources-redis", redis.port());
      s = Sidecar.start(env, v, cache, resources, env.logs.resolve("sidecar-redis-" + v.key() + ".log"));
      s.awaitHealthy(120_000, 20);
      String metadata = Proc.request(s.httpPort, "GET", "/v1.0/metadata").body();
      if (!metadata.contains("\"state.redis\"")) {
        notes.add("redis: skipped, the sidecar did not load a state.redis component (GET /v1.0/metadata)");
        return Map.of();
      }
      List<Rounds.Planned> plan = new ArrayList<>();
      if (o.has("redis")) {
        floor = Servers.startFloor(env, "floor-redis.log", "--redis-port", Integer.toString(redis.port()));
        plan.addAll(Plan.redis(s, redis, floor));
      }
      if (o.has("lock")) {
        plan.addAll(Plan.lock(s, redis));
      }
      Map<String, Measured> measured = Rounds.run(generator, plan, "rate", o.duration, o);
      noteMissedRate(v, measured);
      return measured;
    } finally {
      if (s != null) {
        s.shutdown();
      }
      if (floor != null) {
        env.end(floor.process(), 5);
      }
      env.end(redis.process(), 5);
    }
  }

  private void noteMissedRate(JvmVariant v, Map<String, Measured> measured) {
    for (Measured m : measured.values()) {
      if (m.throughput() < o.rate * 0.99) {
        notes.add(String.format(java.util.Locale.ROOT, "%s: %s answered %.0f req/s, under 99 %% of the %d asked "
            + "(Dapr's harness fails such a run): its latencies include the queueing that caused it", v.name(),
            m.name(), m.throughput(), o.rate));
      }
    }
  }

  /**
   * The peak RSS of a floor server under the variant's flags ({@link Servers#startFloorLike}) while it serves the
   * floor targets of the constant-rate group, at the same rate: the floor of the sidecar's peak at rate.
   */
  private double floorPeak(JvmVariant v, List<Rounds.Planned> ratePlan) throws Exception {
    Servers.Floor f = Servers.startFloorLike(env, v);
    try (RssWatch watch = new RssWatch(f.process().pid())) {
      Rounds.run(generator, Plan.floorOnly(ratePlan, f), "rate", o.duration, o);
      return watch.peakMib();
    } finally {
      env.end(f.process(), 5);
    }
  }

  /**
   * The size of {@code ./jdaprd dist}'s tarball in MB (10^6 bytes), or -1 when none is built from the jar measured
   * (none, or one older than it).
   */
  private double tarballMb() {
    Path dist = env.root.resolve("server/target/dist");
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dist)) {
      long jar = env.serverJar.toFile().lastModified();
      java.util.OptionalLong bytes = files.filter(f -> f.getFileName().toString().endsWith("-linux-x64.tar.gz"))
          .filter(f -> f.toFile().lastModified() >= jar).mapToLong(f -> f.toFile().length()).max();
      return bytes.isPresent() ? bytes.getAsLong() / 1e6 : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
