package io.jdaprd.bench.report;

import io.jdaprd.bench.report.RunReport.Check;
import io.jdaprd.bench.report.RunReport.CrossCheck;
import io.jdaprd.bench.report.RunReport.JmhScore;
import io.jdaprd.bench.report.RunReport.Variant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report as Markdown: what ran where, the targets checked, then the tables behind them. */
public final class MarkdownReport {
  /** Dapr v1.17's published state GET figures: added p50, p90, p99 (ms), sidecar mCPU, sidecar MB. */
  private static final Map<String, double[]> DAPR = Map.of(
      "state-get-http", new double[] {0.28, 0.71, 0.98, 57, 48},
      "state-get-grpc", new double[] {0.12, 0.04, 0.66, 142, 53});

  private MarkdownReport() {
  }

  /** The whole report; {@code chart} is the SVG file name to link. */
  public static String render(RunReport r, String chart) {
    StringBuilder b = new StringBuilder();
    Map<String, Object> m = r.machine();
    Map<String, Object> s = r.settings();
    b.append("# jdaprd benchmark, ").append(r.started()).append("\n\n");
    b.append(f("Machine: %s, %s cores, %s GiB, Linux %s, %s. Load average (1/5/15 min) before: %s, after: %s.%n%n",
        m.get("cpu"), m.get("cores"), m.get("memoryGib"), m.get("kernel"), m.get("jdk"), m.get("loadAverageBefore"),
        m.get("loadAverageAfter")));
    b.append(f("Load: %s req/s over %s connections (one request in flight each), %s-byte values; %s round(s) of "
        + "%s s per target at that rate, interleaved; closed loop %s round(s) of %s s; `%s`.%n%n", s.get("rate"),
        s.get("connections"), s.get("payloadBytes"), s.get("rounds"), s.get("rateRoundSeconds"), s.get("rounds"),
        s.get("closedRoundSeconds"), s.get("command")));
    for (Variant v : r.variants()) {
      variant(b, v);
    }
    if (r.variants().size() > 1) {
      compare(b, r.variants());
    }
    if (!r.pubsub().isEmpty()) {
      pubsub(b, r.pubsub());
    }
    for (InvokeResult x : r.invoke()) {
      InvokeMarkdown.render(b, r, x);
    }
    if (!r.wrk().isEmpty()) {
      b.append("## The load generator against wrk (closed loop, same target and connections)\n\n");
      b.append("| target | wrk req/s | generator req/s | generator / wrk | wrk p50 / p90 / p99 ms "
          + "| generator p50 / p90 / p99 ms |\n|---|---:|---:|---:|---:|---:|\n");
      for (CrossCheck c : r.wrk()) {
        b.append(f("| %s | %.0f | %.0f | %.2f | %s | %s |%n", c.target(), c.wrkRps(), c.ourRps(),
            c.ourRps() / c.wrkRps(), triple(c.wrkMs()), triple(c.ourMs())));
      }
      b.append('\n');
    }
    if (!r.jmh().isEmpty()) {
      b.append("## Microbenchmarks (JMH, short runs)\n\n| benchmark | score | ± | unit |\n|---|---:|---:|---|\n");
      for (JmhScore j : r.jmh()) {
        b.append(f("| %s | %.1f | %s | %s |%n", j.benchmark(), j.score(),
            Double.isNaN(j.error()) ? "" : f("%.1f", j.error()), j.unit()));
      }
      b.append('\n');
    }
    if (!r.notes().isEmpty()) {
      b.append("## Notes\n\n");
      r.notes().forEach(n -> b.append("- ").append(n).append('\n'));
      b.append('\n');
    }
    b.append("![latency percentiles per scenario](").append(chart).append(")\n");
    return b.toString();
  }

  private static void variant(StringBuilder b, Variant v) {
    b.append(f("## Sidecar JVM flags: `%s` (%s)%n%n", v.name(), v.flags().isEmpty() ? "the launcher's, no others"
        : "`" + String.join(" ", v.flags()) + "`"));
    if (!v.checks().isEmpty()) {
      b.append("| the issue's target | limit | measured | |\n|---|---|---:|---|\n");
      for (Check c : v.checks()) {
        b.append(f("| %s | %s | %.2f %s | %s |%n", c.name(), c.limit(), c.value(), c.unit(),
            c.pass() ? "pass" : "**FAIL**"));
      }
      b.append('\n');
    }
    b.append("| startup, median (with cache / without) | RSS idle | CPU idle | RSS peak at rate "
        + "| RSS peak closed loop | shutdown |\n|---|---:|---:|---:|---:|---:|\n");
    RunReport.Startup st = v.startup();
    b.append(f("| %s | %s | %.0f mCPU | %s | %s | %.2f s |%n%n", st == null ? "not run"
        : f("%s / %s", ms(st.cachedMedianMs()), ms(st.uncachedMedianMs())), mib(v.idleRssMib()), v.idleMilliCpu(),
        mib(v.peakRssRateMib()), mib(v.peakRssClosedMib()), v.shutdownSeconds()));
    if (v.floor() != null) {
      b.append(f("The floor of the start and memory rows, the bench's bare Armeria HTTP + gRPC server under the same "
          + "flags (%s): start %s, RSS idle %s, RSS peak serving the constant-rate group's floor targets %s.%n%n",
          v.floor().cached() ? "from its own AOT cache" : "no class-data cache", ms(v.floor().startMs()),
          mib(v.floor().idleRssMib()), mib(v.floor().peakRssRateMib())));
    }
    if (!v.rate().isEmpty()) {
      b.append(f("Latency at a constant rate, ms, from each request's intended send time (coordinated omission "
          + "corrected); *added* is the sidecar's percentile minus its floor's (or direct's).%n%n"));
      b.append("| scenario | target | role | req/s | p50 | p90 | p99 | p99.9 | max | added p50 / p90 / p99 "
          + "| errors | CPU s / 1000 req | mCPU | of which JIT |\n"
          + "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Measured x : v.rate().values()) {
        Percentiles l = x.latency();
        String base = Checks.baselineOf(x.name());
        Measured floor = base == null ? null : v.rate().get(base);
        String added = floor == null ? "" : triple(l.minus(floor.latency()));
        b.append(f("| %s | %s | %s | %.0f | %.3f | %.3f | %.3f | %.3f | %.2f | %s | %d | %.3f | %.0f | %.0f |%n",
            x.scenario(), x.name(), x.role(), x.throughput(), l.p50(), l.p90(), l.p99(), l.p999(), l.max(), added,
            x.errors(), x.serverCpuPer1k(), x.serverMilliCpu(), x.serverJitMilliCpu()));
      }
      b.append('\n');
      dapr(b, v);
    }
    if (!v.closed().isEmpty()) {
      b.append("Throughput, closed loop (each connection sends again as soon as it is answered). The generator "
          + "shares the cores with the server, so the floor's number is partly the generator's limit; *req per "
          + "server CPU s* (answers per CPU second the server used) does not depend on it:\n\n");
      b.append("| target | role | req/s | of its floor | p50 ms | p99 ms | errors | CPU s / 1000 req "
          + "| req per server CPU s | of its floor | generator CPU |\n"
          + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (Measured x : v.closed().values()) {
        String base = Checks.baselineOf(x.name());
        Measured floor = base == null ? null : v.closed().get(base);
        String share = floor == null || floor.throughput() == 0 ? ""
            : f("%.0f %%", x.throughput() / floor.throughput() * 100);
        double perCpu = x.serverCpuPer1k() > 0 ? 1000 / x.serverCpuPer1k() : 0;
        String cpuShare = floor == null || floor.serverCpuPer1k() <= 0 || x.serverCpuPer1k() <= 0 ? ""
            : f("%.0f %%", floor.serverCpuPer1k() / x.serverCpuPer1k() * 100);
        b.append(f("| %s | %s | %.0f | %s | %.3f | %.3f | %d | %.3f | %.0f | %s | %.0f %% |%n", x.name(), x.role(),
            x.throughput(), share, x.latency().p50(), x.latency().p99(), x.errors(), x.serverCpuPer1k(), perCpu,
            cpuShare, x.generatorCpuPct()));
      }
      b.append('\n');
    }
  }

  private static void pubsub(StringBuilder b, List<PubSubResult> results) {
    PubSubResult first = results.get(0);
    b.append(f("## Publish to delivery%n%nHTTP publishes at %d/s over %d connections, %d-byte JSON payloads, for "
        + "%.0f s per component after a warm-up at the same rate, sidecar flags `%s`; its app (the load generator's "
        + "receiver) subscribes over `GET /dapr/subscribe` and answers each event 200. Latency in ms, from each "
        + "event's intended publish time (coordinated omission corrected) to its arrival at the app, both on the "
        + "generator's clock; *lost* are events the sidecar accepted (204) that never arrived (after 5 s without a "
        + "delivery); *publish* is the publish call itself, to its 204.%n%n", first.rate(), first.connections(),
        first.payloadBytes(), first.seconds(), first.variant()));
    b.append("| component | published/s | published | delivered | lost | duplicates | publish errors | p50 | p90 "
        + "| p99 | max | publish p50 / p99 | sidecar CPU s / 1000 events | mCPU | of which JIT |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (PubSubResult x : results) {
      Percentiles d = x.delivery();
      b.append(f("| %s | %.0f | %d | %d | %d | %d | %d | %.3f | %.3f | %.3f | %.2f | %.3f / %.3f | %.3f | %.0f "
          + "| %.0f |%n", x.component(), x.publishedPerSecond(), x.published(), x.delivered(), x.lost(),
          x.duplicates(), x.publishErrors(), d.p50(), d.p90(), d.p99(), d.max(), x.publish().p50(),
          x.publish().p99(), x.sidecarCpuPer1k(), x.sidecarMilliCpu(), x.sidecarJitMilliCpu()));
    }
    b.append('\n');
  }

  private static void dapr(StringBuilder b, Variant v) {
    StringBuilder rows = new StringBuilder();
    for (Map.Entry<String, double[]> e : new java.util.TreeMap<>(DAPR).entrySet()) {
      Measured x = v.rate().get(e.getKey());
      Measured floor = x == null ? null : v.rate().get(Checks.baselineOf(e.getKey()));
      if (floor == null) {
        continue;
      }
      double[] d = e.getValue();
      rows.append(f("| %s | +%.2f / +%.2f / +%.2f | %s | %.0f m / %.0f MB | %.0f m / %.0f MiB |%n", e.getKey(),
          d[0], d[1], d[2], triple(x.latency().minus(floor.latency())), d[3], d[4], x.serverMilliCpu(),
          v.peakRssRateMib()));
    }
    if (!rows.isEmpty()) {
      b.append("Next to Dapr v1.17's published state GET figures (1,000 req/s, 16 connections, 1 KB; AKS nodes of "
          + "2 vCPU, a different machine: orientation, not a race):\n\n| target | Dapr added p50 / p90 / p99 ms "
          + "| jdaprd added | Dapr sidecar CPU / RSS | jdaprd |\n|---|---:|---:|---:|---:|\n").append(rows)
          .append('\n');
    }
  }

  private static void compare(StringBuilder b, List<Variant> variants) {
    b.append("## JVM flag sets compared\n\n| flags | startup (cache) | startup (none) | RSS idle | RSS peak at rate "
        + "| RSS peak closed | state-get-http p50 / p99 | added p50 / p99 | get req/s closed "
        + "| CPU s / 1000 get (of which JIT) |\n"
        + "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Variant v : variants) {
      Measured get = v.rate().get("state-get-http");
      Measured floor = v.rate().get("floor-204");
      Measured max = v.closed().get("state-get-http");
      RunReport.Startup st = v.startup();
      b.append(f("| `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", v.name(),
          st == null ? "" : ms(st.cachedMedianMs()), st == null ? "" : ms(st.uncachedMedianMs()),
          mib(v.idleRssMib()), mib(v.peakRssRateMib()), mib(v.peakRssClosedMib()),
          get == null ? "" : f("%.3f / %.3f", get.latency().p50(), get.latency().p99()),
          get == null || floor == null ? "" : f("%+.3f / %+.3f", get.latency().p50() - floor.latency().p50(),
              get.latency().p99() - floor.latency().p99()),
          max == null ? "" : f("%.0f", max.throughput()), get == null || get.throughput() <= 0 ? ""
              : f("%.3f (%.3f)", get.serverCpuPer1k(), get.serverJitMilliCpu() / get.throughput())));
    }
    b.append('\n');
  }

  private static String triple(Percentiles p) {
    return f("%+.3f / %+.3f / %+.3f", p.p50(), p.p90(), p.p99());
  }

  private static String triple(double[] ms) {
    return f("%.3f / %.3f / %.3f", ms[0], ms[1], ms[2]);
  }

  private static String ms(double v) {
    return v < 0 ? "n/a" : f("%.0f ms", v);
  }

  private static String mib(double v) {
    return v < 0 ? "n/a" : f("%.1f MiB", v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
