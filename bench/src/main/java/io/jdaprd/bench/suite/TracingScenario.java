package io.jdaprd.bench.suite;

import io.jdaprd.bench.load.Target;
import io.jdaprd.bench.report.Measured;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tracing} scenario: the state-get and invoke rows with tracing off, at daprd's default and at sampling
 * 1, side by side in one run (the rounds of the three alternate, so the machine's load falls on each alike). Per
 * mode, a caller sidecar (in-memory state store, no app) and a callee sidecar (the floor as its app), metrics on
 * (the default), a Configuration with {@code spec.tracing.samplingRate}: {@code "0"} ({@code trace-off}: no span,
 * no decorator), absent ({@code trace-default}: daprd's 1e-4, spans started and propagated, nothing exported) and
 * {@code "1"} with a Zipkin exporter posting to the floor ({@code trace-1}: every span recorded and exported).
 * Rows: {@code state-get-http-<mode>}, {@code state-get-grpc-<mode>} on the caller, {@code invoke-http-<mode>}
 * through caller and callee to the floor.
 */
final class TracingScenario {
  static final String CALLER = "bench-trace-caller";
  static final String APP = "bench-trace-app";
  private static final List<String> MODES = List.of("trace-off", "trace-default", "trace-1");

  private final Env env;
  private final Options o;
  private final Generator generator;
  private final Servers.Floor floor;
  private final List<String> notes;

  TracingScenario(Env env, Options o, Generator generator, Servers.Floor floor, List<String> notes) {
    this.env = env;
    this.o = o;
    this.generator = generator;
    this.floor = floor;
    this.notes = notes;
  }

  /** Measures the rows under {@code v}; empty (with a note) when the sidecars do not start or connect. */
  Map<String, Measured> run(JvmVariant v, List<String> cache) throws Exception {
    List<Sidecar> started = new ArrayList<>();
    Map<String, Sidecar[]> pairs = new LinkedHashMap<>();
    try {
      for (String mode : MODES) {
        Path dir = Files.createDirectories(env.work.resolve("tracing").resolve(mode));
        for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
          Files.deleteIfExists(dir.resolve("names.db" + suffix));
        }
        Path resources = Sidecar.resources(env, "resources-tracing-" + mode, null);
        List<String> common = List.of("--config", config(dir, mode).toString());
        Sidecar callee = start(v, cache, resources, APP, mode, common, "--app-port",
            Integer.toString(floor.httpPort()));
        started.add(callee);
        Sidecar caller = start(v, cache, resources, CALLER, mode, common);
        started.add(caller);
        pairs.put(mode, new Sidecar[] {caller, callee});
      }
      for (Sidecar s : started) {
        s.awaitHealthy(120_000, 20);
      }
      String path = "/v1.0/invoke/" + APP + "/method/test";
      for (Sidecar[] pair : pairs.values()) {
        if (!reaches(pair[0], path) || !seed(pair[0])) {
          notes.add("tracing: skipped, a caller could not invoke " + APP + " or save its key (see " + env.logs
              + ")");
          return Map.of();
        }
      }
      Thread.sleep(2000);
      List<Rounds.Planned> plan = new ArrayList<>();
      for (Map.Entry<String, Sidecar[]> e : pairs.entrySet()) {
        Sidecar caller = e.getValue()[0];
        plan.add(new Rounds.Planned(Target.state("state-get-http-" + e.getKey(), "http", caller.httpPort, "get",
            "statestore", Plan.KEY, 200), "tracing", "sidecar", caller.pid()));
      }
      for (Map.Entry<String, Sidecar[]> e : pairs.entrySet()) {
        Sidecar caller = e.getValue()[0];
        plan.add(new Rounds.Planned(Target.state("state-get-grpc-" + e.getKey(), "grpc", caller.grpcPort, "get",
            "statestore", Plan.KEY, 0), "tracing", "sidecar", caller.pid()));
      }
      for (Map.Entry<String, Sidecar[]> e : pairs.entrySet()) {
        Sidecar[] pair = e.getValue();
        plan.add(new Rounds.Planned(Target.post("invoke-http-" + e.getKey(), pair[0].httpPort, path, 204),
            "tracing", "sidecar", List.of(pair[0].pid(), pair[1].pid())));
      }
      return Rounds.run(generator, plan, "rate", o.duration, o);
    } catch (IOException | IllegalStateException e) {
      notes.add("tracing: skipped, " + e.getMessage() + " (see " + env.logs + ")");
      Log.line("  tracing skipped: %s", e.getMessage());
      return Map.of();
    } finally {
      for (Sidecar s : started) {
        s.shutdown();
      }
    }
  }

  private Sidecar start(JvmVariant v, List<String> cache, Path resources, String appId, String mode,
      List<String> common, String... args) throws IOException {
    List<String> extra = new ArrayList<>(common);
    extra.addAll(List.of(args));
    return Sidecar.start(env, appId, v, cache, resources, env.logs.resolve("sidecar-" + appId + "-" + mode + "-"
        + v.key() + ".log"), extra);
  }

  /** The mode's Configuration: sqlite name resolution of its own, and its tracing. */
  private Path config(Path dir, String mode) throws IOException {
    String tracing = switch (mode) {
      case "trace-off" -> """
            tracing:
              samplingRate: "0"
          """;
      case "trace-1" -> """
            tracing:
              samplingRate: "1"
              zipkin:
                endpointAddress: "http://127.0.0.1:%d/test"
          """.formatted(floor.httpPort());
      default -> "";
    };
    Path config = dir.resolve("config.yaml");
    Files.writeString(config, """
        apiVersion: dapr.io/v1alpha1
        kind: Configuration
        metadata:
          name: bench-tracing
        spec:
          nameResolution:
            component: sqlite
            configuration:
              connectionString: "%s"
        """.formatted(dir.resolve("names.db")) + tracing);
    return config;
  }

  /** Saves {@link Plan#KEY} on the caller's in-memory store, for the get rows. */
  private static boolean seed(Sidecar caller) throws InterruptedException {
    try {
      HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + caller.httpPort + "/v1.0/state/statestore")).header("content-type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("[{\"key\":\"" + Plan.KEY + "\",\"value\":\""
              + "x".repeat(1000) + "\"}]")).build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 204;
    } catch (IOException e) {
      return false;
    }
  }

  /** Polls an empty POST through the caller to the callee's app until it answers 204, up to 30 s. */
  private static boolean reaches(Sidecar caller, String path) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (Proc.status(caller.httpPort, "POST", path) == 204) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
