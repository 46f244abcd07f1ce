package io.jdaprd.server.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One app and its sidecar, running: {@link #start} starts the sidecar (this same jar, in a process of its own), waits
 * until its HTTP port accepts connections, then starts the app's command in its directory. Both get the variables
 * the Dapr CLI sets ({@code APP_ID}, {@code APP_PORT}, {@code APP_PROTOCOL}, {@code APP_CHANNEL_ADDRESS},
 * {@code DAPR_HTTP_PORT}, {@code DAPR_GRPC_PORT}, {@code DAPR_METRICS_PORT}) and then the app's own {@code env}.
 * Each output line goes to the console with a prefix and/or to a log file, as the app's destinations say.
 */
final class AppProcesses {
  private static final Duration SIDECAR_LISTENING_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
  private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private final AppSpec spec;
  private final Process sidecar;
  private final Process app;
  private final List<Thread> pumps;

  private AppProcesses(AppSpec spec, Process sidecar, Process app, List<Thread> pumps) {
    this.spec = spec;
    this.sidecar = sidecar;
    this.app = app;
    this.pumps = pumps;
  }

  /** The prefixes of console lines: {@code app} before the app's, {@code sidecar} before the sidecar's. */
  record Prefixes(String app, String sidecar) {
  }

  /**
   * Starts the sidecar and, once it listens, the app.
   *
   * @throws IllegalStateException when a process cannot be started or the sidecar exits or does not listen in time
   *     (what was started is stopped first)
   */
  static AppProcesses start(AppSpec spec, Prefixes prefixes, PrintStream console) {
    int[] free = freePorts(3);
    int httpPort = spec.httpPort() > 0 ? spec.httpPort() : free[0];
    int grpcPort = spec.grpcPort() > 0 ? spec.grpcPort() : free[1];
    int metricsPort = spec.metricsPort() > 0 ? spec.metricsPort() : free[2];
    Map<String, String> env = new LinkedHashMap<>();
    env.put("APP_ID", spec.appId());
    if (spec.appPort() > 0) {
      env.put("APP_PORT", String.valueOf(spec.appPort()));
    }
    env.put("DAPR_HTTP_PORT", String.valueOf(httpPort));
    env.put("DAPR_GRPC_PORT", String.valueOf(grpcPort));
    env.put("DAPR_METRICS_PORT", String.valueOf(metricsPort));
    String channelAddress = flagValue(spec.sidecarArgs(), "--app-channel-address");
    if (channelAddress != null) {
      env.put("APP_CHANNEL_ADDRESS", channelAddress);
    }
    String protocol = appProtocolVariable(spec.appProtocol(), spec.sidecarArgs().contains("--app-ssl"));
    if (!protocol.isEmpty()) {
      env.put("APP_PROTOCOL", protocol);
    }
    env.putAll(spec.env());

    List<String> command = new ArrayList<>(javaCommand());
    command.addAll(List.of("--app-id", spec.appId(), "--dapr-http-port", String.valueOf(httpPort),
        "--dapr-grpc-port", String.valueOf(grpcPort), "--metrics-port", String.valueOf(metricsPort),
        "--app-protocol", spec.appProtocol()));
    if (spec.appPort() > 0) {
      command.addAll(List.of("--app-port", String.valueOf(spec.appPort())));
    }
    for (Path p : spec.resourcesPaths()) {
      command.addAll(List.of("--resources-path", p.toString()));
    }
    if (spec.configFile() != null) {
      command.addAll(List.of("--config", spec.configFile().toString()));
    }
    command.addAll(spec.sidecarArgs());

    List<Thread> pumps = new ArrayList<>();
    String stamp = LocalDateTime.now().format(FILE_TIME);
    Process sidecar = launch(command, spec.appDir(), env, "the sidecar");
    pumps.add(pump(sidecar.getInputStream(), prefixes.sidecar(), console, spec.sidecarLog(),
        logFile(spec, "daprd", stamp), spec.appId() + "-sidecar-log"));
    console.printf("jdaprd run: started the sidecar of app id \"%s\". HTTP port: %d. gRPC port: %d%n",
        spec.appId(), httpPort, grpcPort);
    try {
      awaitListening(sidecar, httpPort);
    } catch (IllegalStateException e) {
      stop(sidecar);
      throw e;
    }
    Process app = null;
    if (!spec.command().isEmpty()) {
      try {
        app = launch(spec.command(), spec.appDir(), env, "the app's command " + spec.command());
      } catch (IllegalStateException e) {
        stop(sidecar);
        throw e;
      }
      pumps.add(pump(app.getInputStream(), prefixes.app(), console, spec.appLog(), logFile(spec, "app", stamp),
          spec.appId() + "-app-log"));
    }
    if (spec.appLog().toFile() || spec.sidecarLog().toFile()) {
      console.printf("jdaprd run: writing log files of \"%s\" to the directory %s%n", spec.appId(), logsDir(spec));
    }
    return new AppProcesses(spec, sidecar, app, pumps);
  }

  /** The app's id. */
  String appId() {
    return spec.appId();
  }

  /**
   * Waits until the app exits (or, without a command, the sidecar), stops the other, and returns the app's exit code
   * (the sidecar's when there is no app).
   */
  int awaitExit() throws InterruptedException {
    Process main = app != null ? app : sidecar;
    Process other = app != null ? sidecar : null;
    // Whichever of the two ends first ends the other: a sidecar that dies takes its app down, as the Dapr CLI does.
    while (main.isAlive() && (other == null || other.isAlive())) {
      main.waitFor(100, TimeUnit.MILLISECONDS);
    }
    stopAll();
    for (Thread pump : pumps) {
      pump.join(2000);
    }
    return main.exitValue();
  }

  /** Asks the app and the sidecar to stop (SIGTERM), waits for both, and kills what is still running. */
  void stopAll() {
    if (app != null) {
      app.toHandle().descendants().forEach(ProcessHandle::destroy);
      app.toHandle().destroy();
    }
    sidecar.toHandle().destroy();
    if (app != null) {
      stop(app);
    }
    stop(sidecar);
  }

  /**
   * Sends SIGTERM, waits, then SIGKILL. Through the process handle: {@link Process#destroy()} would also close our
   * end of its output, losing the lines it prints while it stops.
   */
  private static void stop(Process p) {
    p.toHandle().destroy();
    try {
      if (!p.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        p.toHandle().destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.toHandle().destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The value the Dapr CLI gives {@code APP_PROTOCOL}: empty for a protocol it does not know. */
  static String appProtocolVariable(String protocol, boolean ssl) {
    String p = protocol == null ? "" : protocol.toLowerCase(java.util.Locale.ROOT);
    return switch (p) {
      case "grpcs", "https", "h2c" -> p;
      case "http", "" -> ssl ? "https" : "http";
      case "grpc" -> ssl ? "grpcs" : "grpc";
      default -> "";
    };
  }

  /** The value of {@code --flag v} or {@code --flag=v} (one or two dashes) in {@code args}, or null. */
  static String flagValue(List<String> args, String flag) {
    String bare = flag.replaceFirst("^-+", "");
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i).replaceFirst("^-+", "");
      if (!args.get(i).startsWith("-")) {
        continue;
      }
      if (a.equals(bare) && i + 1 < args.size()) {
        return args.get(i + 1);
      }
      if (a.startsWith(bare + "=")) {
        return a.substring(bare.length() + 1);
      }
    }
    return null;
  }

  /**
   * How to run this jar again: this JVM's executable and options (the launcher's flags and class-data cache) up to
   * {@code -jar <jar>}, or, when the process's arguments are not visible, the JVM with this class path.
   */
  static List<String> javaCommand() {
    ProcessHandle.Info info = ProcessHandle.current().info();
    if (info.command().isPresent() && info.arguments().isPresent()) {
      List<String> args = Arrays.asList(info.arguments().get());
      int jar = args.indexOf("-jar");
      if (jar >= 0 && jar + 1 < args.size()) {
        List<String> command = new ArrayList<>();
        command.add(info.command().get());
        command.addAll(args.subList(0, jar + 2));
        return command;
      }
    }
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "io.jdaprd.server.Main");
  }

  private static Process launch(List<String> command, Path dir, Map<String, String> env, String what) {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + what + ": " + e.getMessage(), e);
    }
  }

  private static void awaitListening(Process sidecar, int port) {
    long deadline = System.nanoTime() + SIDECAR_LISTENING_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!sidecar.isAlive()) {
        throw new IllegalStateException("the sidecar exited with code " + sidecar.exitValue()
            + " before it listened on HTTP port " + port);
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for the sidecar", ie);
        }
      }
    }
    throw new IllegalStateException("the sidecar did not listen on HTTP port " + port + " within "
        + SIDECAR_LISTENING_TIMEOUT.toSeconds() + " s");
  }

  private static Path logsDir(AppSpec spec) {
    return spec.appDir().resolve(".dapr").resolve("logs");
  }

  private static Path logFile(AppSpec spec, String kind, String stamp) {
    return logsDir(spec).resolve(spec.appId() + "_" + kind + "_" + stamp + ".log");
  }

  /** Copies each line of {@code in} to the console (after {@code prefix}) and/or {@code file}, on a new thread. */
  private static Thread pump(InputStream in, String prefix, PrintStream console, AppSpec.LogDestination destination,
      Path file, String name) {
    Thread t = new Thread(() -> {
      Writer out = null;
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        if (destination.toFile()) {
          Files.createDirectories(file.getParent());
          out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }
        String line;
        while ((line = reader.readLine()) != null) {
          if (destination.toConsole()) {
            console.println(prefix + line);
          }
          if (out != null) {
            out.write(line);
            out.write('\n');
            out.flush();
          }
        }
      } catch (IOException e) {
        console.println(prefix + "(output no longer readable: " + e.getMessage() + ")");
      } finally {
        if (out != null) {
          try {
            out.close();
          } catch (IOException e) {
            console.println(prefix + "(cannot close " + file + ": " + e.getMessage() + ")");
          }
        }
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
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
        } catch (IOException e) {
          // A probe socket that cannot close holds a port nobody else wants.
        }
      }
    }
  }
}
