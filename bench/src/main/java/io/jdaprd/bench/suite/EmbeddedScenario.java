package io.jdaprd.bench.suite;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code embedded} scenario (issue #14), each part in a fresh JVM on the bench class path, one after the other:
 * {@code StartMain} (embedded start to the first successful state call through the Java SDK: the first sidecar of
 * the JVM, then warm ones; then 10 sidecars open at once); then the same 20-test JUnit class ({@code SuiteMain})
 * against an embedded sidecar through the extension on a controlled clock, and against a {@code jdaprd} process on
 * real time (the process's start to healthy is reported beside it). Goals: first sidecar &lt;= 600 ms, warm
 * &lt;= 150 ms, the extension's class &lt; 3 s. The floor of the first start ({@code FloorStartMain}): a bare
 * Armeria HTTP + gRPC server started in a fresh JVM and the SDK's first state call against it. Results go to the
 * notes, with the load average.
 */
final class EmbeddedScenario {
  private static final int SIDECARS = 10;

  private final Env env;
  private final Options o;
  private final List<String> notes;

  EmbeddedScenario(Env env, Options o, List<String> notes) {
    this.env = env;
    this.o = o;
    this.notes = notes;
  }

  void run() throws Exception {
    Log.line("embedded: start to first state call, load %s", Machine.loadAverage());
    // The server logs each start's phases at debug: embedded-start.log profiles what runs before the first call.
    Map<String, String> start = main("io.jdaprd.bench.embedded.StartMain", List.of(Integer.toString(SIDECARS)),
        List.of("-Dorg.slf4j.simpleLogger.log.io.jdaprd.server.Sidecar=debug"), "embedded-start");
    double first = number(start, "sidecar-1-first-state-call");
    List<Double> warm = new ArrayList<>();
    for (int i = 2; i <= SIDECARS; i++) {
      warm.add(number(start, "sidecar-" + i + "-first-state-call"));
    }
    double warmMedian = warm.stream().sorted().toList().get(warm.size() / 2);
    // The floor of the first start: a bare Armeria HTTP + gRPC server started in a fresh JVM the same way, and the
    // SDK's first saveState against it.
    Map<String, String> floor = main("io.jdaprd.bench.embedded.FloorStartMain", List.of(), List.of(),
        "embedded-floor-start");
    notes.add(f("embedded: start to first successful state call (Java SDK): first sidecar of a fresh JVM %.0f ms "
        + "(goal <= 600; JVM start to main %s ms before it; floor, a bare Armeria HTTP + gRPC server started in a "
        + "fresh JVM and the SDK's first saveState against it: %.0f ms, its server start %.0f ms; %.2fx the floor), "
        + "warm sidecars median %.0f ms (goal <= 150; all: %s; floor warm %.0f ms), "
        + "%d sidecars open at once in one JVM %.0f ms (heap after GC %s MiB); load average %s", first,
        start.get("jvm-to-main"), number(floor, "floor-1-first-state-call"), number(floor, "floor-1-start"),
        first / number(floor, "floor-1-first-state-call"), warmMedian, warm.stream().map(d -> f("%.0f", d)).toList(),
        number(floor, "floor-2-first-state-call"), SIDECARS, number(start, "open-" + SIDECARS + "-at-once"),
        start.get("heap-used-mib-with-" + SIDECARS), Machine.loadAverage()));

    Log.line("embedded: the 20-test class with the extension, load %s", Machine.loadAverage());
    Map<String, String> embedded = main("io.jdaprd.bench.embedded.SuiteMain", List.of("embedded"), List.of(),
        "embedded-suite");
    Log.line("embedded: the same class against a jdaprd process, load %s", Machine.loadAverage());
    int appPort = Proc.freePort();
    Path resources = Files.createDirectories(env.work.resolve("embedded-resources"));
    Files.writeString(resources.resolve("components.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
          metadata:
          - name: actorStateStore
            value: "true"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pubsub
        spec:
          type: pubsub.in-memory
          version: v1
        """);
    long t0 = System.nanoTime();
    Sidecar process = Sidecar.start(env, "bench-orders", JvmVariant.named(JvmVariant.LAUNCHER, Map.of(), o.root),
        List.of(),
        resources, env.logs.resolve("embedded-process-sidecar.log"),
        List.of("--app-port", Integer.toString(appPort), "--enable-metrics=false"));
    Map<String, String> viaProcess;
    double healthy;
    try {
      healthy = awaitListening(process, t0);
      viaProcess = main("io.jdaprd.bench.embedded.SuiteMain", List.of("process"), List.of(
          "-Dbench.dapr.http=" + process.httpPort, "-Dbench.dapr.grpc=" + process.grpcPort,
          "-Dbench.app.port=" + appPort), "embedded-suite-process");
    } finally {
      process.shutdown();
    }
    notes.add(f("embedded: the 20-test class (8 state, 6 pub/sub, 6 actor reminders of 3 ticks): with the extension "
        + "%s ms (%s tests, %s failed; goal < 3000; reminders on the controlled clock, a day per tick; its floor is at "
        + "least the bare server's first state call in a fresh JVM above, %.0f ms), against a "
        + "jdaprd process %s ms (%s tests, %s failed; real time, 1 s per tick) plus %.0f ms for the process to "
        + "listen; load average %s", embedded.get("class-ms"), embedded.get("tests"), embedded.get("failed"),
        number(floor, "floor-1-first-state-call"),
        viaProcess.get("class-ms"), viaProcess.get("tests"), viaProcess.get("failed"), healthy,
        Machine.loadAverage()));
  }

  /** Waits for {@code /v1.0/healthz/outbound} (the app is not up yet); the ms since {@code t0}. */
  private static double awaitListening(Sidecar s, long t0) throws InterruptedException {
    long deadline = t0 + TimeUnit.MINUTES.toNanos(2);
    while (Proc.status(s.httpPort, "GET", "/v1.0/healthz/outbound") != 204) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the jdaprd process did not listen within 2 minutes");
      }
      Thread.sleep(10);
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Runs {@code mainClass} in a fresh JVM; answers its {@code key value} lines. */
  private Map<String, String> main(String mainClass, List<String> args, List<String> jvmFlags, String log)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(env.java.toString()));
    cmd.addAll(env.baseJvmFlags());
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", env.benchClasspath, mainClass));
    cmd.addAll(args);
    Process p = env.spawn(cmd, env.logs.resolve(log + ".log"), Map.of(), null, true);
    Map<String, String> out = new LinkedHashMap<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        Log.line("  %s", line);
        int space = line.indexOf(' ');
        if (space > 0) {
          out.put(line.substring(0, space), line.substring(space + 1));
        }
      }
    }
    p.waitFor(10, TimeUnit.MINUTES);
    env.end(p, 1);
    return out;
  }

  private static double number(Map<String, String> values, String key) {
    String v = values.get(key);
    return v == null ? Double.NaN : Double.parseDouble(v);
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
