package io.jdaprd.bench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One jdaprd process, started as the launcher starts it ({@code java [base flags] [variant flags] [cache] -jar
 * jdaprd.jar ...}) on fresh ports, with {@code --metrics-port 0} and a resources folder.
 */
final class Sidecar {
  final Process process;
  final int httpPort;
  final int grpcPort;
  final long startNanos;
  private final Env env;

  private Sidecar(Env env, Process process, int httpPort, int grpcPort, long startNanos) {
    this.env = env;
    this.process = process;
    this.httpPort = httpPort;
    this.grpcPort = grpcPort;
    this.startNanos = startNanos;
  }

  /** Starts a sidecar; {@code cacheFlags} are the AOT cache or CDS options (empty: none). */
  static Sidecar start(Env env, JvmVariant variant, List<String> cacheFlags, Path resources, Path log)
      throws IOException {
    return start(env, variant, cacheFlags, resources, log, List.of());
  }

  /** Starts a sidecar with {@code extraArgs} after the usual ones, for example {@code --app-port 8080}. */
  static Sidecar start(Env env, JvmVariant variant, List<String> cacheFlags, Path resources, Path log,
      List<String> extraArgs) throws IOException {
    return start(env, "bench", variant, cacheFlags, resources, log, extraArgs);
  }

  /** Starts a sidecar with the app id {@code appId} and {@code extraArgs} after the usual ones. */
  static Sidecar start(Env env, String appId, JvmVariant variant, List<String> cacheFlags, Path resources, Path log,
      List<String> extraArgs) throws IOException {
    int[] ports = Proc.freePorts(2);
    int http = ports[0];
    int grpc = ports[1];
    List<String> cmd = new ArrayList<>(List.of(env.java.toString()));
    cmd.addAll(env.baseJvmFlags());
    cmd.addAll(variant.flags());
    cmd.addAll(cacheFlags);
    cmd.addAll(List.of("-jar", env.serverJar.toString(), "--app-id", appId, "--dapr-http-port",
        Integer.toString(http), "--dapr-grpc-port", Integer.toString(grpc), "--metrics-port", "0",
        "--resources-path", resources.toString(), "--dapr-internal-grpc-listen-address", "127.0.0.1"));
    cmd.addAll(extraArgs);
    Path home = Files.createDirectories(env.work.resolve("home"));
    long t0 = System.nanoTime();
    Process p = env.spawn(cmd, log, Map.of("HOME", home.toString(), "XDG_DATA_HOME", home.toString()), "1", false);
    return new Sidecar(env, p, http, grpc, t0);
  }

  long pid() {
    return process.pid();
  }

  /**
   * Polls {@code /v1.0/healthz} every {@code pollMs} until it answers 204; returns the milliseconds from process
   * start, or throws when the process died or {@code timeoutMs} passed.
   */
  double awaitHealthy(long timeoutMs, long pollMs) throws InterruptedException {
    long deadline = startNanos + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      if (Proc.status(httpPort, "GET", "/v1.0/healthz") == 204) {
        return (System.nanoTime() - startNanos) / 1e6;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("the sidecar exited with " + process.exitValue() + " before it was healthy");
      }
      Thread.sleep(pollMs);
    }
    throw new IllegalStateException("the sidecar was not healthy after " + timeoutMs + " ms");
  }

  /** {@code POST /v1.0/shutdown} and waits for the exit; returns the seconds that took (SIGKILL after 20 s). */
  double shutdown() throws InterruptedException {
    long t0 = System.nanoTime();
    Proc.status(httpPort, "POST", "/v1.0/shutdown");
    process.waitFor(20, TimeUnit.SECONDS);
    env.end(process, 0);
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Ends the process at once (SIGKILL): for cold-start runs, where only the start matters. */
  void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    env.end(process, 0);
  }

  /** The bindings scenario's {@code bindings.http} component, which calls the floor. */
  static final String FLOOR_BINDING = "floorhttp";

  /** Adds {@link #FLOOR_BINDING} to the resources folder {@code dir}: a {@code bindings.http} to the floor. */
  static void addFloorBinding(Path dir, int floorHttpPort) throws IOException {
    Files.writeString(dir.resolve(FLOOR_BINDING + ".yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: bindings.http
          version: v1
          metadata:
          - name: url
            value: http://127.0.0.1:%d
        """.formatted(FLOOR_BINDING, floorHttpPort));
  }

  /** The secret store of the resources folder ({@code secretstores.local.file}). */
  static final String SECRET_STORE = "benchsecrets";

  /**
   * Writes a resources folder: {@code statestore} (state.in-memory), {@link #SECRET_STORE} (a local file holding
   * one 1 KiB secret named {@code Plan.KEY}), and {@code redisstore},
   * {@code configstore} (configuration.redis) and {@code lockstore} (lock.redis) when given a port.
   */
  static Path resources(Env env, String name, Integer redisPort) throws IOException {
    Path dir = Files.createDirectories(env.work.resolve(name));
    Path secrets = dir.resolve("secrets.json");
    Files.writeString(secrets, "{\"" + Plan.KEY + "\":\"" + "s".repeat(1024) + "\"}");
    Files.writeString(dir.resolve("secretstore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - name: secretsFile
            value: "%s"
        """.formatted(SECRET_STORE, secrets.toAbsolutePath().toString().replace("\\", "/")));
    Files.writeString(dir.resolve("statestore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
        """);
    if (redisPort != null) {
      Files.writeString(dir.resolve("redisstore.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: redisstore
          spec:
            type: state.redis
            version: v1
            ignoreErrors: true
            metadata:
            - name: redisHost
              value: 127.0.0.1:%d
          """.formatted(redisPort));
      Files.writeString(dir.resolve("configstore.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: configstore
          spec:
            type: configuration.redis
            version: v1
            ignoreErrors: true
            metadata:
            - name: redisHost
              value: 127.0.0.1:%d
          """.formatted(redisPort));
      Files.writeString(dir.resolve("lockstore.yaml"), """
          apiVersion: dapr.io/v1alpha1
          kind: Component
          metadata:
            name: lockstore
          spec:
            type: lock.redis
            version: v1
            ignoreErrors: true
            metadata:
            - name: redisHost
              value: 127.0.0.1:%d
          """.formatted(redisPort));
    }
    return dir;
  }
}
