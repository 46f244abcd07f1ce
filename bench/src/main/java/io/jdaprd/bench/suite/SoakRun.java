package io.jdaprd.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jdaprd.bench.soak.Soak;
import io.jdaprd.bench.soak.SoakApp;
import io.jdaprd.bench.soak.SoakConfig;
import io.jdaprd.bench.soak.SoakResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run --soak DURATION}: one sidecar (the launcher's JVM flags) with a {@link SoakApp} behind it, an
 * in-memory state store (also the actor state store) and an in-memory pub/sub, soaked at {@code --rate}; the samples
 * go to stderr as they are taken, the summary to {@code <out>/soak-<UTC time>.md} and {@code .json}.
 */
final class SoakRun {
  private static final String APP_ID = "bench-soak";

  private SoakRun() {
  }

  static void run(Options o) throws Exception {
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Env env = new Env(o);
    Duration interval = clamp(o.soak.dividedBy(60), Duration.ofSeconds(10), Duration.ofSeconds(60));
    Duration warmup = clamp(o.soak.dividedBy(10), Duration.ofSeconds(60), Duration.ofMinutes(5));
    String loadBefore = Machine.loadAverage();
    try (SoakApp app = new SoakApp(null)) {
      Sidecar s = Sidecar.start(env, APP_ID, JvmVariant.named(JvmVariant.LAUNCHER, Map.of(), o.root), List.of(),
          resources(env), env.logs.resolve("sidecar-soak.log"), List.of("--app-port", Integer.toString(app.port())));
      SoakResult r;
      try {
        s.awaitHealthy(120_000, 50);
        Log.line("soak: %s at %d/s, sampled every %d s, warm-up %d s, load %s", o.soak, o.rate,
            interval.toSeconds(), warmup.toSeconds(), loadBefore);
        r = Soak.run(new SoakConfig(s.pid(), s.httpPort, APP_ID, null, o.rate, o.soak, interval, warmup), app,
            x -> Log.line("  %4.0f s  RSS %6.1f MiB  threads %3d  fds %4d  p99 %7.1f ms  calls %d", x.seconds(),
                x.rssMib(), x.threads(), x.fds(), x.p99Ms(), x.requests()));
      } finally {
        s.shutdown();
      }
      String loadAfter = Machine.loadAverage();
      String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC)
          .format(started);
      String md = "# Soak " + stamp + "\n\n`bench/run " + String.join(" ", o.args) + "`: " + o.rate + " calls/s for "
          + o.soak.toMinutes() + " min (state save, state get, publish with delivery, invoke, actor call in turn), "
          + Runtime.getRuntime().availableProcessors() + " cores, load average " + loadBefore + " before, "
          + loadAfter + " after.\n\n" + r.markdown();
      Files.createDirectories(o.out);
      Files.writeString(o.out.resolve("soak-" + stamp + ".md"), md);
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("started", started.toString());
      json.put("loadAverageBefore", loadBefore);
      json.put("loadAverageAfter", loadAfter);
      json.put("rssSlopeMibPerMinute", r.rssSlope());
      json.put("threadSlopePerMinute", r.threadSlope());
      json.put("fdSlopePerMinute", r.fdSlope());
      json.put("p99SlopeMsPerMinute", r.p99Slope());
      json.put("errorCount", r.errorCount());
      json.put("result", r);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(
          o.out.resolve("soak-" + stamp + ".json").toFile(), json);
      System.out.println(md);
      System.out.println("written: " + o.out.resolve("soak-" + stamp + ".md") + " (.json)");
    }
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }

  /** {@code statestore} (in-memory, the actor state store) and {@link SoakApp#PUBSUB} (in-memory). */
  private static Path resources(Env env) throws IOException {
    Path dir = Files.createDirectories(env.work.resolve("resources-soak"));
    SoakApp.writeComponents(dir);
    return dir;
  }
}
