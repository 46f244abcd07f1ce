package io.jdaprd.bench.suite;

import io.jdaprd.bench.load.Target;
import io.jdaprd.bench.report.Checks;
import io.jdaprd.bench.report.Measured;
import io.jdaprd.bench.report.RunReport.Check;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code actors} scenario (issue #11): one sidecar placing the actor type {@code benchactor} on itself (no
 * placement service), whose app is the load generator's {@code ActorApp}, with an in-memory actor state store.
 * At the constant rate, side by side with the same POST to the floor: {@code actor-invoke-http}, calls to
 * already-active actors, at {@code --rate} against {@code floor-actor-invoke}, after the full warm-up; then
 * {@code actor-activate-http}, each call to a new actor id, at 500/s against {@code floor-actor-activate}, after a
 * warm-up of at most {@link #ACTIVATION_WARMUP_S} s; each with a {@code relay-*} twin, the same POST through one
 * bare Armeria relay ({@link io.jdaprd.bench.floor.RelayFloor}, under the sidecar's flags) that sends it on to the
 * same app as daprd would ({@code PUT /actors/...}): the floor of the sidecar's hop. Then reminders,
 * {@code --actor-reminders} of them (period 1 h, over 1,000 actors): the first 2 % (at most 2,000) due in an hour,
 * which times the registrations; from that rate, an instant after the rest will have been registered, with a
 * margin; the rest due at that instant.
 * Reported: registrations per second and the sidecar's CPU per registration; the heap after a full GC and the RSS
 * the sidecar gained per reminder, read before the instant; the reminder calls the app counted: triggers per second
 * from the instant to the last call, and the sidecar's CPU per trigger.
 */
final class ActorsScenario {
  static final String APP_ID = "bench-actors";
  static final int ACTIVATION_RATE = 500;
  /**
   * The activation rows' closed-loop warm-up at most, in seconds: each of its calls activates a new actor that stays
   * active (the app's idle timeout is an hour), and 45 s of it left 366,000 actors, 82 MB of the sidecar's 128 MB
   * heap, whose full collections then showed in the measured rounds' p99 (56 ms) though the rows activate 10,000.
   */
  static final double ACTIVATION_WARMUP_S = 3;
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern ACTIVE_ACTORS = Pattern.compile("\"activeActors\"\\s*:\\s*\\[([^\\]]*)\\]");
  private static final Pattern COUNT = Pattern.compile("\"count\"\\s*:\\s*(\\d+)");
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Env env;
  private final Options o;
  private final Generator generator;
  private final Servers.Floor floor;
  private final List<String> notes;

  ActorsScenario(Env env, Options o, Generator generator, Servers.Floor floor, List<String> notes) {
    this.env = env;
    this.o = o;
    this.generator = generator;
    this.floor = floor;
    this.notes = notes;
  }

  /** Measures with a sidecar under {@code v}; puts the constant-rate rows into {@code rate}; returns the checks. */
  List<Check> run(JvmVariant v, List<String> cache, Map<String, Measured> rate) throws Exception {
    int appPort = Integer.parseInt(generator.actorCommand("ACTORAPP")[1]);
    Path resources = resources();
    Sidecar s = Sidecar.start(env, APP_ID, v, cache, resources, env.logs.resolve("sidecar-actors-" + v.key()
        + ".log"), List.of("--app-port", Integer.toString(appPort)));
    List<Check> checks = new ArrayList<>();
    Servers.Floor relay = null;
    try {
      relay = Servers.startRelay(env, v, "relay-actors-" + v.key() + ".log", "--http-to", Integer.toString(appPort),
          "--grpc-to", Integer.toString(appPort));
      s.awaitHealthy(120_000, 20);
      if (!reaches(s)) {
        notes.add("actors: skipped, the sidecar did not answer an actor call within 30 s (see " + env.logs + ")");
        return checks;
      }
      long fp = floor.process().pid();
      String floorPath = Target.ACTOR_PATH + "floor/method/bench";
      // The active calls first, with the full warm-up: it warms the path both rows share without adding actors.
      Log.line("  active actors at %d/s, load %s", o.rate, Machine.loadAverage());
      rate.putAll(Rounds.run(generator, List.of(
          new Rounds.Planned(Target.post("floor-actor-invoke", floor.httpPort(), floorPath, 204), "actors", "floor",
              fp),
          new Rounds.Planned(Target.actor("actor-invoke-http", s.httpPort, false), "actors", "sidecar", s.pid()),
          new Rounds.Planned(Target.actor("relay-actor-invoke-http", relay.httpPort(), false), "actors", "relay",
              relay.process().pid())),
          "rate", o.duration, o));
      Log.line("  activation at %d/s, load %s", ACTIVATION_RATE, Machine.loadAverage());
      rate.putAll(Rounds.run(generator, List.of(
          new Rounds.Planned(Target.post("floor-actor-activate", floor.httpPort(), floorPath, 204), "actors",
              "floor", fp),
          new Rounds.Planned(Target.actor("actor-activate-http", s.httpPort, true), "actors", "sidecar", s.pid()),
          new Rounds.Planned(Target.actor("relay-actor-activate-http", relay.httpPort(), true), "actors", "relay",
              relay.process().pid())),
          "rate", o.duration, o.withRate(ACTIVATION_RATE).withWarmup(Math.min(o.warmup, ACTIVATION_WARMUP_S))));
      checks.addAll(Checks.actors(rate));
      notes.add("actors: load average after the actor calls " + Machine.loadAverage());
      long heap = heapKib(s.pid());
      checks.addAll(activeActors(s, heap));
      if (o.actorReminders > 0) {
        checks.addAll(reminders(s, heap));
      }
    } finally {
      if (relay != null) {
        env.end(relay.process(), 5);
      }
      s.shutdown();
    }
    return checks;
  }

  /**
   * The heap each active actor holds: the activation rows leave every actor they called active (one per call of
   * the activation row and its warm-up), and a sidecar near its heap's limit pauses for full collections.
   */
  private List<Check> activeActors(Sidecar s, long heapKib) throws IOException, InterruptedException {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort
        + "/v1.0/metadata")).build(), HttpResponse.BodyHandlers.ofString());
    Matcher list = ACTIVE_ACTORS.matcher(r.body());
    long active = 0;
    if (list.find()) {
      Matcher count = COUNT.matcher(list.group(1));
      while (count.find()) {
        active += Long.parseLong(count.group(1));
      }
    }
    double per = active == 0 ? 0 : heapKib * 1024.0 / active;
    notes.add(f("actors: %d actors active after the actor rows; the sidecar's heap after a full GC %d KiB, %.0f bytes"
        + " per active actor with everything else counted in", active, heapKib, per));
    return List.of(new Check("heap per active actor (whole heap / active actors), after a full GC", "(stated)", per,
        "bytes", active > 0));
  }

  private List<Check> reminders(Sidecar s, long heapBefore) throws Exception {
    int n = o.actorReminders;
    int probe = Math.max(1, Math.min(2000, n / 50));
    List<Check> checks = new ArrayList<>();
    double rssBefore = Proc.rssMib(s.pid());
    Log.line("  registering %d reminders due in 1 h, to time the registrations, load %s", probe,
        Machine.loadAverage());
    double cpu0 = Proc.cpuSeconds(s.pid());
    long[] first = register(s, 0, probe, "1h");
    double probeRate = probe / (first[0] / 1e9);
    Instant due = Instant.now().plusMillis(Math.round((n - probe) / probeRate * 1500) + 10_000)
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    Log.line("  registering %d more due at %s (%.0f/s so far), load %s", n - probe, due, probeRate,
        Machine.loadAverage());
    generator.actorCommand("ACTORRESET");
    long[] rest = register(s, probe, n, due.toString());
    double regSeconds = (first[0] + rest[0]) / 1e9;
    long regFailed = first[1] + rest[1];
    double regCpuUs = (Proc.cpuSeconds(s.pid()) - cpu0) / n * 1e6;
    boolean idle = Instant.now().isBefore(due);
    long heapAfter = heapKib(s.pid());
    double rssAfter = Proc.rssMib(s.pid());
    double heapPer = (heapAfter - heapBefore) * 1024.0 / n;
    double rssPer = (rssAfter - rssBefore) * 1024 * 1024 / n;
    notes.add(f("actors: %d reminders registered in %.1f s (%.0f/s, 16 at a time, %d failed; the sidecar used %.0f "
        + "CPU-us per registration); per reminder%s the sidecar's heap after a full GC grew %.0f bytes (%d -> %d "
        + "KiB) and its RSS %.0f bytes (%.1f -> %.1f MiB); load average %s", n, regSeconds, n / regSeconds, regFailed,
        regCpuUs, idle ? " (none due yet)" : " (measured after the due time: some had fired)", heapPer, heapBefore,
        heapAfter, rssPer, rssBefore, rssAfter, Machine.loadAverage()));
    checks.add(new Check(f("reminder registrations per second, up to %d registered", n), "(stated)", n / regSeconds,
        "/s", regFailed == 0));
    checks.add(new Check("heap per idle reminder, after a full GC", "(stated)", heapPer, "bytes", heapBefore > 0));
    checks.add(new Check("RSS per idle reminder", "(stated)", rssPer, "bytes", true));
    int expected = n - probe;
    long timeoutMs = Math.max(60_000, expected / 100L * 1000) + Math.max(0, due.toEpochMilli()
        - System.currentTimeMillis());
    double cpu1 = Proc.cpuSeconds(s.pid());
    String[] got = generator.actorCommand("ACTORAWAIT " + expected + " " + Math.min(timeoutMs, 900_000));
    long calls = Long.parseLong(got[1]);
    double fireCpuUs = (Proc.cpuSeconds(s.pid()) - cpu1) / Math.max(1, calls) * 1e6;
    long firstEpochMs = Long.parseLong(got[2]);
    double spreadSeconds = Long.parseLong(got[3]) / 1e9;
    double fromDue = (firstEpochMs - due.toEpochMilli()) / 1000.0 + spreadSeconds;
    double perSecond = calls / Math.max(fromDue, 1e-3);
    notes.add(f("actors: %d of the %d reminders due at once (of %d registered; registering them took %.1f s) called the app, the first %.3f s after the due time, the last %.2f s after it: %.0f "
        + "triggers/s from the due time (%.0f/s from the first call to the last); the sidecar used %.0f CPU-us per "
        + "trigger (app call and track write); load average %s", calls, expected, n, rest[0] / 1e9, (firstEpochMs - due.toEpochMilli()) / 1000.0, fromDue, perSecond,
        calls / Math.max(spreadSeconds, 1e-3), fireCpuUs, Machine.loadAverage()));
    checks.add(new Check(f("reminder triggers per second with %d registered", n), ">= 10,000/s", perSecond, "/s",
        perSecond >= 10_000 && calls == expected));
    return checks;
  }

  /** Registers reminders {@code from} to {@code to - 1} with {@code dueTime} and a period of an hour. */
  private long[] register(Sidecar s, int from, int to, String dueTime) throws IOException {
    String[] w = generator.actorCommand("ACTORREMINDERS " + s.httpPort + " " + from + " " + to + " 16 "
        + "{\"dueTime\":\"" + dueTime + "\",\"period\":\"1h\"}");
    return new long[] {Long.parseLong(w[1]), Long.parseLong(w[2])};
  }

  /** A resources folder with {@code actorstore}: state.in-memory marked as the actor state store. */
  private Path resources() throws IOException {
    Path dir = Files.createDirectories(env.work.resolve("resources-actors"));
    Files.writeString(dir.resolve("actorstore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: actorstore
        spec:
          type: state.in-memory
          version: v1
          metadata:
          - name: actorStateStore
            value: "true"
        """);
    return dir;
  }

  /** Polls an actor call until it answers 200 (the sidecar read the app's actor configuration), up to 30 s. */
  private static boolean reaches(Sidecar s) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Proc.status(s.httpPort, "POST", Target.ACTOR_PATH + "probe/method/bench") == 200) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  /** The used heap of {@code pid} after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in KiB. */
  private long heapKib(long pid) throws IOException, InterruptedException {
    String jcmd = env.java.resolveSibling("jcmd").toString();
    run(List.of(jcmd, Long.toString(pid), "GC.run"));
    String info = run(List.of(jcmd, Long.toString(pid), "GC.heap_info"));
    long used = 0;
    Matcher m = HEAP_USED.matcher(info);
    while (m.find()) {
      used += Long.parseLong(m.group(1));
    }
    return used;
  }

  private static String run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
