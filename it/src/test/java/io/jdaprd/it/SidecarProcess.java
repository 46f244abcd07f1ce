package io.jdaprd.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code jdaprd.jar} running as a separate process on free ports, as a user would run it.
 *
 * <p>Each sidecar gets a new directory {@code target/sidecars/<app id>-<random>/} holding its log (stdout and stderr) and,
 * unless a home is given, a fresh {@code HOME} and {@code XDG_DATA_HOME}, so the embedded defaults never touch the
 * user's files. {@link Options#start()} returns once {@code GET /v1.0/healthz} answers 204 and the sidecar has
 * logged {@code dapr initialized. Status: Running}; {@link #stop()} asks for a graceful shutdown with
 * {@code POST /v1.0/shutdown} and waits for the process to exit.
 */
public final class SidecarProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
  /** What daprd (and jdaprd) log once every server is up. */
  private static final String INITIALIZED = "dapr initialized. Status: Running";
  /**
   * Starting a sidecar is CPU-bound (a JVM warming up) while a running or stopping one mostly waits: test classes
   * run concurrently, but at most one sidecar per core starts at a time, in the order asked, so that no start starves.
   */
  private static final Semaphore STARTING = new Semaphore(
      Math.max(1, Runtime.getRuntime().availableProcessors()), true);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final Options options;
  private final Process process;
  private final Path log;
  private final int httpPort;
  private final int grpcPort;
  private final int metricsPort;

  private SidecarProcess(Options options, Process process, Path log, int httpPort, int grpcPort, int metricsPort) {
    this.options = options;
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.grpcPort = grpcPort;
    this.metricsPort = metricsPort;
  }

  /** Options for a sidecar of app id {@code appId}. */
  public static Options withAppId(String appId) {
    return new Options(appId);
  }

  /** How to start a sidecar; {@link #start()} starts it. */
  public static final class Options {
    private final String appId;
    private Path resources;
    private Path home;
    private String readiness = "/v1.0/healthz";
    private boolean queue = true;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> args = new ArrayList<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private Path names;
    private boolean mdns;

    private Options(String appId) {
      this.appId = appId;
    }

    /**
     * Resolves app ids through the sqlite name-resolution file {@code file}, shared with the other sidecars given
     * the same file. Without it each sidecar has a file of its own (and finds only itself); no test sidecar uses
     * mDNS, which would multicast beyond this machine's loopback.
     */
    public Options names(Path file) {
      this.names = file;
      return this;
    }

    /**
     * Resolves app ids by mDNS, daprd's default, on the loopback interface only (the sidecar advertises
     * 127.0.0.1), which needs the interface's multicast flag ({@code .ci/run} sets it).
     */
    public Options mdns() {
      this.mdns = true;
      return this;
    }

    /** Passes {@code --resources-path dir}. */
    public Options resources(Path dir) {
      this.resources = dir;
      return this;
    }

    /** Uses {@code dir} as HOME and XDG_DATA_HOME (to start again on the same data). */
    public Options home(Path dir) {
      this.home = dir;
      return this;
    }

    /**
     * Waits for {@code path} to answer 204 instead of {@code /v1.0/healthz}, e.g. {@code /v1.0/healthz/outbound}
     * for a sidecar that serves but is not ready.
     */
    public Options readiness(String path) {
      this.readiness = path;
      return this;
    }

    /**
     * Starts at once instead of queueing behind other classes' starts: for a test whose sidecars must start one
     * after another (a restart), which would otherwise be the suite's longest path.
     */
    public Options skipStartQueue() {
      this.queue = false;
      return this;
    }

    /** Adds command-line flags, e.g. {@code --app-port 8080}. */
    public Options args(String... flags) {
      args.addAll(List.of(flags));
      return this;
    }

    /**
     * Adds JVM options after the launcher's ({@code bin/jvm-options}), e.g. {@code -Xmx256m}: the JVM takes the
     * last of two equal options, so these override the launcher's.
     */
    public Options jvmOptions(String... options) {
      jvmOptions.addAll(List.of(options));
      return this;
    }

    /** Sets an environment variable of the sidecar (e.g. {@code DAPR_API_TOKEN}). */
    public Options env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** Starts the sidecar and waits until it is ready. */
    public SidecarProcess start() {
      return SidecarProcess.start(this);
    }

    /**
     * Starts the sidecar and returns at once, without waiting for any readiness, as a user's script that polls
     * {@code /v1.0/healthz} itself would; it does not queue behind other starts.
     */
    public SidecarProcess launch() {
      Path dir = Locations.newDirectory("sidecars", appId + "-");
      Path home = this.home != null ? this.home : dir.resolve("home");
      try {
        Files.createDirectories(home);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return SidecarProcess.launch(this, dir, home, 1);
    }
  }

  private static SidecarProcess start(Options options) {
    Path dir = Locations.newDirectory("sidecars", options.appId + "-");
    Path home = options.home != null ? options.home : dir.resolve("home");
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    AssertionError lastFailure = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      if (options.queue) {
        STARTING.acquireUninterruptibly();
      }
      try {
        SidecarProcess sidecar = launch(options, dir, home, attempt);
        try {
          sidecar.awaitReady();
          return sidecar;
        } catch (AssertionError e) {
          sidecar.process.destroyForcibly();
          lastFailure = e;
          if (!sidecar.logText().contains("in use")) {
            throw e;
          }
        }
      } finally {
        if (options.queue) {
          STARTING.release();
        }
      }
    }
    throw lastFailure;
  }

  /** Runs the jar on free ports; a port taken between our probe and the sidecar's bind makes the caller retry. */
  private static SidecarProcess launch(Options options, Path dir, Path home, int attempt) {
    int[] ports = freePorts(3);
    List<String> command = new ArrayList<>(Locations.javaCommand());
    command.addAll(options.jvmOptions);
    command.addAll(List.of("-jar", Locations.jar().toString(), "--app-id", options.appId,
        "--dapr-http-port", String.valueOf(ports[0]), "--dapr-grpc-port", String.valueOf(ports[1]),
        "--metrics-port", String.valueOf(ports[2])));
    if (options.resources != null) {
      command.addAll(List.of("--resources-path", options.resources.toString()));
    }
    if (!options.args.contains("--config")) {
      command.addAll(List.of("--config", options.mdns ? mdnsConfig(dir).toString()
          : nameResolutionConfig(dir, options.names).toString()));
    }
    if (!options.args.contains("--dapr-internal-grpc-listen-address")) {
      command.addAll(List.of("--dapr-internal-grpc-listen-address", "127.0.0.1"));
    }
    command.addAll(options.args);
    Path log = dir.resolve("sidecar-" + attempt + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("DAPR_API_TOKEN");
    pb.environment().put("HOME", home.toString());
    pb.environment().put("XDG_DATA_HOME", home.toString());
    pb.environment().putAll(options.env);
    try {
      return new SidecarProcess(options, pb.start(), log, ports[0], ports[1], ports[2]);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
  }

  /** A Configuration whose name resolution is mDNS. */
  static Path mdnsConfig(Path dir) {
    Path config = dir.resolve("config.yaml");
    try {
      Files.writeString(config, """
          apiVersion: dapr.io/v1alpha1
          kind: Configuration
          metadata:
            name: it-mdns
          spec:
            nameResolution:
              component: mdns
          """);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return config;
  }

  /** A Configuration whose name resolution is sqlite on {@code names} (a file in {@code dir} when null). */
  static Path nameResolutionConfig(Path dir, Path names) {
    Path file = names != null ? names : dir.resolve("names.db");
    Path config = dir.resolve("config.yaml");
    try {
      Files.writeString(config, """
          apiVersion: dapr.io/v1alpha1
          kind: Configuration
          metadata:
            name: it
          spec:
            nameResolution:
              component: sqlite
              configuration:
                connectionString: "%s"
          """.formatted(file.toString().replace("\\", "/")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return config;
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the sidecar exited with code " + process.exitValue() + " before it was ready; "
            + "log " + log + ":\n" + logTail(40));
      }
      try {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create(httpBase() + options.readiness))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 204 && logText().contains(INITIALIZED)) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      pause(50);
    }
    throw new AssertionError("not ready within " + READY_TIMEOUT.toSeconds() + " s (GET " + options.readiness
        + " answering 204 and \"" + INITIALIZED + "\" logged); log " + log
        + ":\n" + logTail(40));
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static int[] freePorts(int n) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[n];
      for (int i = 0; i < n; i++) {
        ServerSocket s = new ServerSocket(0);
        sockets.add(s);
        ports[i] = s.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (ServerSocket s : sockets) {
        try {
          s.close();
        } catch (IOException ignored) {
          // Nothing to do: the port is free again either way.
        }
      }
    }
  }

  /** The app id. */
  public String appId() {
    return options.appId;
  }

  /** The sidecar's process id. */
  public long pid() {
    return process.pid();
  }

  /** The HTTP API port. */
  public int httpPort() {
    return httpPort;
  }

  /** The metrics server's port ({@code --metrics-port}). */
  public int metricsPort() {
    return metricsPort;
  }

  /** The gRPC API port. */
  public int grpcPort() {
    return grpcPort;
  }

  /** {@code http://127.0.0.1:<http port>}. */
  public String httpBase() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** The HOME and XDG_DATA_HOME of the sidecar. */
  public Path home() {
    return options.home != null ? options.home : log.getParent().resolve("home");
  }

  /** The file that holds stdout and stderr. */
  public Path log() {
    return log;
  }

  /** Everything the sidecar has logged so far. */
  public String logText() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String logTail(int lines) {
    List<String> all = logText().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  /** The process's command line as the operating system reports it (empty where it cannot tell). */
  public List<String> commandLine() {
    List<String> line = new ArrayList<>();
    process.info().command().ifPresent(line::add);
    process.info().arguments().ifPresent(a -> line.addAll(List.of(a)));
    return line;
  }

  /** Whether the process is still running. */
  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits up to {@code timeout} for the process to exit by itself; its exit code, or -1 if it still runs. */
  public int awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /**
   * Stops the sidecar with {@code POST /v1.0/shutdown} and waits for it to exit; a process still running 10 s
   * later is destroyed and reported as an assertion failure. Returns the exit code.
   */
  public int stop() {
    if (process.isAlive()) {
      HttpRequest.Builder shutdown = HttpRequest.newBuilder(URI.create(httpBase() + "/v1.0/shutdown"))
          .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody());
      String token = options.env.get("DAPR_API_TOKEN");
      if (token != null && !token.isEmpty()) {
        shutdown.header("dapr-api-token", token);
      }
      try {
        HTTP.send(shutdown.build(), HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        // The process may be going away already; waiting below tells.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    int code = awaitExit(EXIT_TIMEOUT);
    if (code == -1) {
      process.destroyForcibly();
      awaitExit(EXIT_TIMEOUT);
      throw new AssertionError("the sidecar did not exit within " + EXIT_TIMEOUT.toSeconds()
          + " s of POST /v1.0/shutdown; log " + log + ":\n" + logTail(20));
    }
    return code;
  }

  /** Sends the process {@code SIGTERM}, as an orchestrator's stop does, and returns at once. */
  public void terminate() {
    process.destroy();
  }

  /**
   * Kills the process at once ({@code SIGKILL}: no shutdown of any kind, as a crash or an OOM killer would) and
   * waits for it to be gone.
   */
  public void kill() {
    process.destroyForcibly();
    if (awaitExit(EXIT_TIMEOUT) == -1) {
      throw new AssertionError("the sidecar still runs " + EXIT_TIMEOUT.toSeconds() + " s after SIGKILL");
    }
  }

  /** {@link #stop()}, which must end with exit code 0 (a graceful shutdown). */
  @Override
  public void close() {
    int code = stop();
    if (code != 0) {
      throw new AssertionError("the sidecar exited with code " + code + " after POST /v1.0/shutdown; log " + log
          + ":\n" + logTail(20));
    }
  }

  /** What a short-lived run of the jar printed: its exit code, stdout and stderr. */
  public record Run(int exitCode, String stdout, String stderr) {
  }

  /** Runs the jar with {@code args} (in a fresh home) until it exits, at most 30 s. */
  public static Run runToExit(String... args) {
    Path dir = Locations.newDirectory("runs", "run-");
    List<String> command = new ArrayList<>(Locations.javaCommand());
    command.add("-jar");
    command.add(Locations.jar().toString());
    command.addAll(List.of(args));
    try {
      Files.createDirectories(dir.resolve("home"));
      ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
      pb.environment().remove("DAPR_API_TOKEN");
      pb.environment().put("HOME", dir.resolve("home").toString());
      pb.environment().put("XDG_DATA_HOME", dir.resolve("home").toString());
      Process p = pb.start();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("still running after 30 s: " + command);
      }
      return new Run(p.exitValue(), Files.readString(dir.resolve("stdout")), Files.readString(dir.resolve("stderr")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
