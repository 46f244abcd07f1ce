package io.jdaprd.bench.report;

import io.jdaprd.bench.report.RunReport.Check;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The Markdown section of the {@code invoke} scenario: targets, latency against Dapr's figures, memory, bulk. */
final class InvokeMarkdown {
  /** Dapr v1.18's published service invocation figures over HTTP, added p50 and p99 in ms. */
  private static final double[] DAPR_HTTP = {0.91, 2.04};

  private InvokeMarkdown() {
  }

  static void render(StringBuilder b, RunReport r, InvokeResult x) {
    RunReport.Variant v = r.variants().stream().filter(each -> each.name().equals(x.variant())).findFirst()
        .orElse(null);
    Map<String, Object> s = r.settings();
    b.append("## Service invocation: app → sidecar A → sidecar B → app\n\n");
    b.append(f("%s req/s over %s connections, %s-byte bodies, sidecar flags `%s`. Over HTTP the calling app (the "
        + "load generator) POSTs to A's `/v1.0/invoke/bench-app/method/test`; A resolves `bench-app` through sqlite "
        + "name resolution and forwards the call on B's internal gRPC port; B calls its app, the floor, which "
        + "reads the body and answers 204 (Dapr's perf app answers an empty 200). Over gRPC a unary "
        + "`bench.Invoke/Call` sent to A's gRPC port with `dapr-app-id: bench-grpc-app` is proxied through B' to "
        + "the floor's gRPC port. The `floor-invoke-*` rows are the same requests sent to the app directly, in "
        + "the same interleaved rounds. The `relay-*` rows are the floor of the pair: the same requests through two "
        + "bare Armeria relays in place of A and B (the first forwards over HTTP/2 to the second, which forwards to "
        + "the app; under the sidecars' JVM flags). CPU is A's and B's together, or the two relays' (per 1,000 "
        + "invocations); loopback only.%n%n",
        s.get("rate"), s.get("connections"), s.get("payloadBytes"), x.variant()));
    if (!x.checks().isEmpty()) {
      b.append("| the issue's target | limit | measured | |\n|---|---|---:|---|\n");
      for (Check c : x.checks()) {
        b.append(f("| %s | %s | %.2f %s | %s |%n", c.name(), c.limit(), c.value(), c.unit(),
            c.pass() ? "pass" : "**FAIL**"));
      }
      b.append('\n');
    }
    if (v != null) {
      latency(b, v);
    }
    b.append("| sidecar | RSS idle | RSS peak at rate | RSS peak, large bodies |\n|---|---:|---:|---:|\n");
    for (String role : x.idleRssMib().keySet()) {
      b.append(f("| %s | %s | %s | %s |%n", role, mib(x.idleRssMib().get(role)),
          mib(x.peakRssRateMib().getOrDefault(role, -1.0)), mib(x.peakRssBulkMib().getOrDefault(role, -1.0))));
    }
    b.append('\n');
    if (!x.bulk().isEmpty()) {
      bulk(b, x);
    }
  }

  private static void latency(StringBuilder b, RunReport.Variant v) {
    b.append("| target | role | req/s | p50 ms | p99 ms | added p50 / p90 / p99 ms | errors "
        + "| CPU s / 1000 req | of which A / B | mCPU |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String name : List.of("floor-invoke-http", "invoke-http", "relay-invoke-http", "floor-invoke-grpc",
        "invoke-grpc", "relay-invoke-grpc")) {
      Measured m = v.rate().get(name);
      if (m == null) {
        continue;
      }
      Measured floor = v.rate().get(String.valueOf(Checks.baselineOf(name)));
      String added = floor == null ? "" : triple(m.latency().minus(floor.latency()));
      String split = m.serverCpuPer1kEach().size() < 2 ? ""
          : f("%.3f / %.3f", m.serverCpuPer1kEach().get(0), m.serverCpuPer1kEach().get(1));
      b.append(f("| %s | %s | %.0f | %.3f | %.3f | %s | %d | %.3f | %s | %.0f |%n", name,
          switch (m.role()) {
            case "sidecar" -> "A + B";
            case "relay" -> "two relays";
            default -> "app";
          }, m.throughput(), m.latency().p50(), m.latency().p99(), added,
          m.errors(), m.serverCpuPer1k(), split, m.serverMilliCpu()));
    }
    b.append('\n');
    Measured http = v.rate().get("invoke-http");
    Measured floor = v.rate().get("floor-invoke-http");
    if (http != null && floor != null) {
      Percentiles added = http.latency().minus(floor.latency());
      b.append(f("Next to Dapr v1.18's published figures for HTTP service invocation (1,000 req/s, 16 connections, "
          + "1 KB, two sidecars on Kubernetes nodes: a different machine, orientation rather than a race): Dapr adds "
          + "+%.2f ms p50 / +%.2f ms p99; jdaprd here %+.3f ms / %+.3f ms; jdaprd's goal +0.3 / +1.0 ms.%n%n",
          DAPR_HTTP[0], DAPR_HTTP[1], added.p50(), added.p99()));
    }
  }

  private static void bulk(StringBuilder b, InvokeResult x) {
    b.append(f("Large bodies: %.0f MiB per request, POSTed on one connection, closed loop, streamed in 64 KiB "
        + "chunks and drained by the app (which checks it got every byte); `direct-upload` to the app, "
        + "`invoke-upload` through A and B (both started with `--max-body-size` above the body size), "
        + "`relay-upload` through the two relays.%n%n",
        x.bulkBytes() / (1024.0 * 1024.0)));
    b.append("| target | bodies | MiB/s | of direct | s per body, p50 | errors | server CPU s per body "
        + "| of which A / B |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
    Measured direct = x.bulk().get("direct-upload");
    for (Measured m : x.bulk().values()) {
      String share = direct == null || m == direct || direct.throughput() <= 0 ? ""
          : f("%.0f %%", m.throughput() / direct.throughput() * 100);
      String split = m.serverCpuPer1kEach().size() < 2 ? ""
          : f("%.3f / %.3f", m.serverCpuPer1kEach().get(0) / 1000, m.serverCpuPer1kEach().get(1) / 1000);
      b.append(f("| %s | %d | %.0f | %s | %.2f | %d | %.3f | %s |%n", m.name(), m.completed(), x.mibPerSecond(m),
          share, m.latency().p50() / 1000, m.errors(), m.serverCpuPer1k() / 1000, split));
    }
    b.append('\n');
  }

  private static String triple(Percentiles p) {
    return f("%+.3f / %+.3f / %+.3f", p.p50(), p.p90(), p.p99());
  }

  private static String mib(double v) {
    return v < 0 ? "n/a" : f("%.1f MiB", v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
