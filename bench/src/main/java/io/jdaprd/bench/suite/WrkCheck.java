package io.jdaprd.bench.suite;

import io.jdaprd.bench.load.LoadResult;
import io.jdaprd.bench.load.LoadSpec;
import io.jdaprd.bench.load.Target;
import io.jdaprd.bench.report.Percentiles;
import io.jdaprd.bench.report.RunReport.CrossCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Cross-checks the load generator against {@code wrk} (Debian's package): the same target, the same connections,
 * closed loop (wrk has no constant-rate mode), one after the other. Where both agree on throughput and on the
 * latency percentiles, the generator is not the bottleneck and measures what wrk measures.
 */
final class WrkCheck {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern PCT = Pattern.compile("^\\s+(50|90|99)%\\s+([0-9.]+)(us|ms|s)\\s*$",
      Pattern.MULTILINE);

  private WrkCheck() {
  }

  static List<CrossCheck> run(Env env, Options o, Generator generator, Servers.Floor floor, Sidecar s,
      List<String> notes) throws IOException, InterruptedException {
    Path wrk = Path.of("/usr/bin/wrk");
    if (!Files.isExecutable(wrk)) {
      notes.add("wrk: skipped, not installed (apt-get install wrk)");
      return List.of();
    }
    double seconds = Math.max(3, o.closedDuration * 2);
    List<CrossCheck> out = new ArrayList<>();
    for (Target t : List.of(Target.ping("floor-204", floor.httpPort(), "/v1.0/healthz", 204), Plan.getHttp(s))) {
      LoadResult ours = generator.run(new LoadSpec(t, "closed", o.rate, o.connections, Math.round(seconds * 1000),
          Math.round(o.warmup * 1000), o.payload), () -> { });
      String path = t.path() != null ? t.path() : "/v1.0/state/" + t.store() + "/" + t.key();
      Process p = env.spawn(List.of(wrk.toString(), "-t2", "-c" + o.connections, "-d" + Math.round(seconds) + "s",
          "--latency", "http://127.0.0.1:" + t.port() + path), env.logs.resolve("wrk.log"), Map.of(), "0", true);
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      env.end(p, 1);
      Files.writeString(env.logs.resolve("wrk-" + t.name() + ".txt"), text);
      Histogram h = ours.latencyHistogram();
      double[] ourMs = {Percentiles.ms(h, 50), Percentiles.ms(h, 90), Percentiles.ms(h, 99)};
      CrossCheck c = new CrossCheck(t.name(), wrkRps(text), ours.throughput(), wrkPercentiles(text), ourMs);
      Log.line("  wrk %-16s wrk %.0f/s p50/p90/p99 %s ms; generator %.0f/s %s ms", t.name(), c.wrkRps(),
          fmt(c.wrkMs()), c.ourRps(), fmt(c.ourMs()));
      out.add(c);
    }
    return out;
  }

  private static double wrkRps(String text) {
    Matcher m = RPS.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static double[] wrkPercentiles(String text) {
    double[] ms = {-1, -1, -1};
    Matcher m = PCT.matcher(text);
    while (m.find()) {
      double v = Double.parseDouble(m.group(2));
      v = switch (m.group(3)) {
        case "us" -> v / 1000;
        case "s" -> v * 1000;
        default -> v;
      };
      ms[switch (m.group(1)) {
        case "50" -> 0;
        case "90" -> 1;
        default -> 2;
      }] = v;
    }
    return ms;
  }

  private static String fmt(double[] ms) {
    return String.format("%.3f/%.3f/%.3f", ms[0], ms[1], ms[2]);
  }
}
