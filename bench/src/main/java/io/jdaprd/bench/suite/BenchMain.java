package io.jdaprd.bench.suite;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jdaprd.bench.report.InvokeResult;
import io.jdaprd.bench.report.MarkdownReport;
import io.jdaprd.bench.report.PubSubResult;
import io.jdaprd.bench.report.RunReport;
import io.jdaprd.bench.report.SvgChart;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run}'s runner: starts the floor server and the load generator, measures the sidecar under each JVM
 * flag set asked for, runs the microbenchmarks, then writes {@code <out>/<UTC time>.json}, {@code .md} and
 * {@code .svg} (and copies them to {@code latest.*}) and prints the table. {@link Options#USAGE} lists the options.
 */
public final class BenchMain {
  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = Options.parse(args);
    } catch (Options.UsageException e) {
      boolean help = e.getMessage().equals(Options.USAGE);
      (help ? System.out : System.err).println(e.getMessage());
      System.exit(help ? 0 : 2);
      return;
    }
    if (o.render != null) {
      RunReport old = new ObjectMapper().readValue(o.render.toFile(), RunReport.class);
      write(old, o.render.toAbsolutePath().getParent(), Instant.parse(old.started()));
      return;
    }
    if (o.soak != null) {
      SoakRun.run(o);
      return;
    }
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Env env = new Env(o);
    Map<String, Object> machineBefore = Machine.describe(env);
    List<String> notes = new ArrayList<>();
    double load = Double.parseDouble(Machine.loadAverage().split(" ")[0]);
    if (load > Runtime.getRuntime().availableProcessors() / 2.0) {
      notes.add(String.format(java.util.Locale.ROOT, "the machine was busy before the run (1-minute load average "
          + "%.1f on %d cores): absolute numbers are noisy; the side-by-side ratios hold better", load,
          Runtime.getRuntime().availableProcessors()));
    }
    List<RunReport.Variant> variants = new ArrayList<>();
    List<RunReport.CrossCheck> wrk = new ArrayList<>();
    List<PubSubResult> pubsub = new ArrayList<>();
    List<InvokeResult> invoke = new ArrayList<>();
    boolean sidecarScenarios = o.scenarios.stream().anyMatch(s -> !s.equals("jmh") && !s.equals("embedded"));
    if (sidecarScenarios) {
      Log.line("floor server and load generator starting");
      Servers.Floor floor = Servers.startFloor(env);
      try (Generator generator = new Generator(env)) {
        generator.warmUp(floor, o);
        VariantRunner runner = new VariantRunner(env, o, generator, floor, notes);
        for (int i = 0; i < o.variants.size(); i++) {
          variants.add(runner.run(o.variants.get(i), i == 0, wrk, pubsub, invoke));
        }
      } finally {
        env.end(floor.process(), 5);
      }
    }
    if (o.has("embedded")) {
      new EmbeddedScenario(env, o, notes).run();
    }
    List<RunReport.JmhScore> jmh = o.has("jmh") ? Jmh.run(env, o, notes) : List.of();
    Map<String, Object> machine = new LinkedHashMap<>(machineBefore);
    machine.put("loadAverageAfter", Machine.loadAverage());
    RunReport report = new RunReport(started.toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
        machine, settings(o), variants, wrk, jmh, notes, pubsub, invoke);
    write(report, o.out, started);
  }

  private static Map<String, Object> settings(Options o) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("command", ("bench/run " + String.join(" ", o.args)).trim());
    s.put("scenarios", o.scenarios);
    s.put("rate", o.rate);
    s.put("connections", o.connections);
    s.put("payloadBytes", o.payload);
    if (o.has("pubsub")) {
      s.put("pubsubRate", o.pubsubRate);
      s.put("pubsubComponents", o.pubsubComponents);
    }
    if (o.has("invoke")) {
      s.put("invokeBulkMib", o.invokeBulkMib);
    }
    s.put("rateRoundSeconds", o.duration);
    s.put("rounds", o.rounds);
    s.put("closedRoundSeconds", o.closedDuration);
    s.put("warmupSeconds", o.warmup);
    s.put("startupRuns", o.startupRuns);
    s.put("pinned", o.pin);
    return s;
  }

  private static void write(RunReport report, Path out, Instant started) throws IOException {
    Files.createDirectories(out);
    String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss'Z'").withZone(ZoneOffset.UTC).format(started);
    Path json = out.resolve(stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
    String markdown = MarkdownReport.render(report, stamp + ".svg");
    Files.writeString(out.resolve(stamp + ".md"), markdown);
    Files.writeString(out.resolve(stamp + ".svg"), SvgChart.render(report));
    for (String ext : List.of("json", "md", "svg")) {
      Files.copy(out.resolve(stamp + "." + ext), out.resolve("latest." + ext), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(out.resolve("latest.md"), MarkdownReport.render(report, "latest.svg"));
    System.out.println(markdown);
    System.out.println("written: " + json + " (.md, .svg; also latest.*)");
  }
}
