package io.jdaprd.bench.suite;

import io.jdaprd.bench.load.LoadResult;
import io.jdaprd.bench.load.LoadSpec;
import io.jdaprd.bench.load.Target;
import io.jdaprd.bench.report.Measured;
import io.jdaprd.bench.report.Percentiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Measures a group of targets side by side. First each target is warmed up, closed loop, for {@code --warmup}
 * seconds in two passes, and the servers are left to go quiet (their JIT compilers do their work before anything
 * is measured, not during the first target's window); then round after round, each target in turn (the order
 * rotating from one round to the next), so that a noisy neighbour or a drifting machine hits every target alike
 * and the ratios hold.
 * The answering process's CPU time is read from {@code /proc} at the start and end of each measured window.
 */
final class Rounds {
  /**
   * A target in a group.
   *
   * @param target    what to send
   * @param scenario  the scenario it belongs to
   * @param role       {@code sidecar}, {@code floor} or {@code direct}
   * @param serverPids the processes whose CPU time the target is charged with, summed (an invocation: both
   *                   sidecars)
   */
  record Planned(Target target, String scenario, String role, List<Long> serverPids) {
    /** A target charged to one process. */
    Planned(Target target, String scenario, String role, long serverPid) {
      this(target, scenario, role, List.of(serverPid));
    }

    /** The first process charged, the one the target is sent to or that answers it. */
    long serverPid() {
      return serverPids.get(0);
    }
  }

  private Rounds() {
  }

  /** Runs {@code targets} in {@code mode} over {@code rounds} rounds of {@code seconds}; results by target name. */
  static Map<String, Measured> run(Generator generator, List<Planned> targets, String mode, double seconds,
      Options o) throws IOException {
    Map<String, Sum> sums = new LinkedHashMap<>();
    targets.forEach(t -> sums.put(t.target().name(), new Sum()));
    for (int pass = 0; pass < 2 && o.warmup >= 0.2; pass++) {
      for (Planned p : targets) {
        generator.run(new LoadSpec(p.target(), "closed", o.rate, o.connections, Math.round(o.warmup * 500), 0,
            o.payload), () -> { });
      }
    }
    settle(targets.stream().flatMap(p -> p.serverPids().stream()).distinct().toList());
    int rounds = Math.max(1, o.rounds);
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < targets.size(); i++) {
        Planned p = targets.get((i + r) % targets.size());
        long warmup = 300;
        LoadSpec spec = new LoadSpec(p.target(), mode, o.rate, o.connections, Math.round(seconds * 1000), warmup,
            o.payload);
        double[] cpuStart = new double[p.serverPids().size()];
        List<List<Map<String, Double>>> jitStart = new ArrayList<>();
        LoadResult result = generator.run(spec, () -> {
          for (int k = 0; k < cpuStart.length; k++) {
            cpuStart[k] = Proc.cpuSeconds(p.serverPids().get(k));
          }
          jitStart.add(p.serverPids().stream().map(Proc::jitCpuSeconds).toList());
        });
        double[] cpu = new double[cpuStart.length];
        for (int k = 0; k < cpu.length; k++) {
          cpu[k] = Proc.cpuSeconds(p.serverPids().get(k)) - cpuStart[k];
        }
        double jit = 0;
        for (int k = 0; k < p.serverPids().size() && !jitStart.isEmpty(); k++) {
          jit += Proc.jitDelta(jitStart.get(0).get(k), Proc.jitCpuSeconds(p.serverPids().get(k)));
        }
        Sum sum = sums.get(p.target().name());
        sum.add(result, cpu, jit);
        Histogram h = result.latencyHistogram();
        Log.line("  %-8s %-20s round %d/%d: %8.1f/s  p50 %.3f  p99 %.3f ms  errors %d", mode, p.target().name(),
            r + 1, rounds, result.throughput(), Percentiles.ms(h, 50), Percentiles.ms(h, 99),
            result.transportErrors() + result.unexpected());
      }
    }
    Map<String, Measured> out = new LinkedHashMap<>();
    for (Planned p : targets) {
      out.put(p.target().name(), sums.get(p.target().name()).measured(p, mode, o));
    }
    return out;
  }

  /**
   * Waits (up to 15 s) until every server is quiet, below 5 % of a core over half a second: the JIT compilations
   * and collections the warm-up set off are over before anything is measured.
   */
  private static void settle(List<Long> pids) {
    long deadline = System.nanoTime() + 15_000_000_000L;
    while (System.nanoTime() < deadline) {
      double[] before = pids.stream().mapToDouble(Proc::cpuSeconds).toArray();
      sleep(500);
      boolean quiet = true;
      for (int i = 0; i < before.length; i++) {
        quiet &= Proc.cpuSeconds(pids.get(i)) - before[i] < 0.025;
      }
      if (quiet) {
        return;
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A target's rounds added up. */
  private static final class Sum {
    final Histogram latency = new Histogram(1_000, 60_000_000_000L, 3);
    final Histogram service = new Histogram(1_000, 60_000_000_000L, 3);
    final Map<Integer, Long> codes = new TreeMap<>();
    long completed;
    long errors;
    long windowNs;
    long generatorCpuNs;
    double serverCpu;
    double[] serverCpuEach = new double[0];
    double serverJit;

    void add(LoadResult r, double[] cpu, double jit) {
      if (serverCpuEach.length < cpu.length) {
        serverCpuEach = Arrays.copyOf(serverCpuEach, cpu.length);
      }
      for (int k = 0; k < cpu.length; k++) {
        serverCpuEach[k] += cpu[k];
      }
      serverJit += jit;
      latency.add(r.latencyHistogram());
      service.add(r.serviceHistogram());
      r.codes().forEach((k, v) -> codes.merge(k, v, Long::sum));
      completed += r.completed();
      errors += r.transportErrors() + r.unexpected();
      windowNs += r.windowNs();
      generatorCpuNs += r.generatorCpuNs();
      serverCpu += Arrays.stream(cpu).sum();
    }

    Measured measured(Planned p, String mode, Options o) {
      double seconds = windowNs / 1e9;
      List<double[]> spectrum = Percentiles.spectrum(latency);
      return new Measured(p.target().name(), p.scenario(), p.role(), mode, o.rate, o.connections, completed,
          errors, codes, seconds > 0 ? completed / seconds : 0, Percentiles.of(latency), Percentiles.of(service),
          completed > 0 ? serverCpu * 1000 / completed : 0, seconds > 0 ? serverCpu * 1000 / seconds : 0,
          seconds > 0 ? serverJit * 1000 / seconds : 0,
          seconds > 0 ? generatorCpuNs / 1e9 / seconds * 100 : 0, spectrum,
          Arrays.stream(serverCpuEach).map(c -> completed > 0 ? c * 1000 / completed : 0).boxed()
              .toList());
    }
  }
}
