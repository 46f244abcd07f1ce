package io.jdaprd.server.run;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code jdaprd run}: the Dapr CLI's {@code dapr run}.
 * <ul>
 *   <li>{@code jdaprd run [daprd flags] [-- command args...]} runs one app: its sidecar with the flags (free ports for
 *   the HTTP, gRPC and metrics ports not given), then the command in the current directory. The app's lines are
 *   printed after {@code == APP == }, the sidecar's as they are.</li>
 *   <li>{@code jdaprd run -f dapr.yaml} (or a directory holding {@code dapr.yaml}) runs every app of the CLI's run
 *   template ({@link RunTemplate}); console lines are printed after {@code == APP - <id> == } and
 *   {@code == jdaprd - <id> == }.</li>
 * </ul>
 * The CLI's one-letter flags ({@code -a -p -c -H -G -I -M -P -d -u}) stand for their long names. SIGINT or SIGTERM
 * stops every app and sidecar; an app that exits stops its sidecar (and a sidecar that exits stops its app). The exit
 * code is the app's (with several apps, the first non-zero one); a bad flag, template or start is one line on stderr
 * and exit code 1.
 */
public final class RunCommand {
  private static final Map<String, String> SHORT_FLAGS = Map.of("-a", "--app-id", "-p", "--app-port", "-c",
      "--config", "-H", "--dapr-http-port", "-G", "--dapr-grpc-port", "-I", "--dapr-internal-grpc-port", "-M",
      "--metrics-port", "-P", "--app-protocol", "-d", "--resources-path", "-u", "--unix-domain-socket");

  private RunCommand() {
  }

  /** Runs {@code args} (what follows {@code run}) and exits the JVM with the exit code. */
  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /** Runs {@code args} (what follows {@code run}); returns the exit code. */
  static int run(List<String> args, PrintStream out, PrintStream err) {
    List<AppSpec> specs;
    try {
      specs = parse(args, Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException | RunTemplate.BadTemplateException e) {
      err.println("jdaprd run: " + e.getMessage());
      return 1;
    }
    if (specs.isEmpty()) {
      out.println(usage());
      return 0;
    }
    boolean many = args.stream().anyMatch(RunCommand::isRunFileFlag);
    List<AppProcesses> running = new ArrayList<>();
    CompletableFuture<Integer> result = new CompletableFuture<>();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> onSignal(running, result, out), "jdaprd-run-signal"));
    try {
      for (AppSpec spec : specs) {
        AppProcesses.Prefixes prefixes = many
            ? new AppProcesses.Prefixes("== APP - " + spec.appId() + " == ", "== jdaprd - " + spec.appId() + " == ")
            : new AppProcesses.Prefixes("== APP == ", "");
        AppProcesses started = AppProcesses.start(spec, prefixes, out);
        synchronized (running) {
          running.add(started);
        }
      }
      out.println("jdaprd run: up and running; the logs will appear here");
      int code = 0;
      for (int c : waitAll(running, out)) {
        if (code == 0) {
          code = c;
        }
      }
      result.complete(code);
      return code;
    } catch (IllegalStateException e) {
      err.println("jdaprd run: " + e.getMessage());
      synchronized (running) {
        running.forEach(AppProcesses::stopAll);
      }
      result.complete(1);
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.complete(1);
      return 1;
    }
  }

  /**
   * On SIGINT or SIGTERM (the JVM is shutting down while apps run): stops every app and sidecar, waits for the run to
   * end, and ends the JVM with its exit code, the app's (System.exit cannot run during shutdown, so the run's own
   * exit would wait forever).
   */
  private static void onSignal(List<AppProcesses> running, CompletableFuture<Integer> result, PrintStream out) {
    if (result.isDone()) {
      return;
    }
    out.println("jdaprd run: signal received, stopping the apps and their sidecars");
    synchronized (running) {
      running.forEach(AppProcesses::stopAll);
    }
    int code;
    try {
      code = result.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = 1;
    } catch (ExecutionException | TimeoutException e) {
      code = 1;
    }
    out.flush();
    Runtime.getRuntime().halt(code);
  }

  /**
   * Waits for every app to end (each stops its own sidecar when it does); returns their exit codes in the order of
   * {@code running}.
   */
  private static int[] waitAll(List<AppProcesses> running, PrintStream out) throws InterruptedException {
    int[] codes = new int[running.size()];
    List<Thread> waiters = new ArrayList<>();
    for (int i = 0; i < running.size(); i++) {
      AppProcesses p = running.get(i);
      int index = i;
      Thread t = new Thread(() -> {
        try {
          codes[index] = p.awaitExit();
          out.println("jdaprd run: app \"" + p.appId() + "\" exited with code " + codes[index]
              + "; its sidecar is stopped");
        } catch (InterruptedException e) {
          codes[index] = 1;
          Thread.currentThread().interrupt();
        }
      }, "jdaprd-run-" + p.appId());
      t.setDaemon(true);
      t.start();
      waiters.add(t);
    }
    for (Thread t : waiters) {
      t.join();
    }
    return codes;
  }

  private static boolean isRunFileFlag(String a) {
    return a.equals("-f") || a.equals("--run-file") || a.startsWith("--run-file=") || a.startsWith("-f=");
  }

  /**
   * The apps {@code args} ask for, an empty list for {@code --help}.
   *
   * @param cwd the directory of a single app (and against which a relative template path is taken)
   */
  static List<AppSpec> parse(List<String> args, Path cwd) throws RunTemplate.BadTemplateException {
    int dashes = args.indexOf("--");
    List<String> flags = new ArrayList<>();
    for (String a : dashes >= 0 ? args.subList(0, dashes) : args) {
      flags.add(SHORT_FLAGS.getOrDefault(a, a));
    }
    List<String> command = dashes >= 0 ? args.subList(dashes + 1, args.size()) : List.of();
    if (flags.contains("-h") || flags.contains("--help")) {
      return List.of();
    }
    for (int i = 0; i < flags.size(); i++) {
      String a = flags.get(i);
      if (isRunFileFlag(a)) {
        String file = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < flags.size() ? flags.get(i + 1)
            : null;
        if (file == null) {
          throw new IllegalArgumentException("flag needs an argument: --run-file");
        }
        int used = a.contains("=") ? 1 : 2;
        if (flags.size() > used || !command.isEmpty()) {
          throw new IllegalArgumentException("--run-file takes no other flag or command: the template says it all");
        }
        return RunTemplate.read(cwd.resolve(file));
      }
    }
    List<String> sidecarArgs = new ArrayList<>(flags);
    String appId = take(sidecarArgs, "--app-id");
    String protocol = take(sidecarArgs, "--app-protocol");
    int appPort = port(take(sidecarArgs, "--app-port"), "--app-port");
    int httpPort = port(take(sidecarArgs, "--dapr-http-port"), "--dapr-http-port");
    int grpcPort = port(take(sidecarArgs, "--dapr-grpc-port"), "--dapr-grpc-port");
    int metricsPort = port(take(sidecarArgs, "--metrics-port"), "--metrics-port");
    if (appId == null || appId.isBlank()) {
      appId = "app-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
    return List.of(new AppSpec(appId, cwd, command, appPort, protocol == null ? "http" : protocol, httpPort,
        grpcPort, metricsPort, List.of(), null, Map.of(), sidecarArgs, AppSpec.LogDestination.CONSOLE,
        AppSpec.LogDestination.CONSOLE));
  }

  /**
   * Removes {@code flag} and its value from {@code args} ({@code --f v} or {@code --f=v}, one or two dashes) and
   * returns the (last) value, or null when it is not there.
   */
  private static String take(List<String> args, String flag) {
    String bare = flag.substring(2);
    String value = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      String name = a.startsWith("--") ? a.substring(2) : a.startsWith("-") ? a.substring(1) : null;
      if (name != null && name.equals(bare)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException("flag needs an argument: " + flag);
        }
        value = args.get(i + 1);
        args.subList(i, i + 2).clear();
        i--;
      } else if (name != null && name.startsWith(bare + "=")) {
        value = name.substring(bare.length() + 1);
        args.remove(i);
        i--;
      }
    }
    return value;
  }

  private static int port(String value, String flag) {
    if (value == null) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(value.trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid argument \"" + value + "\" for \"" + flag + "\"");
    }
  }

  /** What {@code jdaprd run --help} prints. */
  static String usage() {
    return """
        Usage: jdaprd run [daprd flags] [-- command args...]
               jdaprd run -f <dapr.yaml or a directory holding it>
        Starts a jdaprd sidecar (free HTTP, gRPC and metrics ports unless given) and then the command, with APP_ID,
        APP_PORT, APP_PROTOCOL, DAPR_HTTP_PORT, DAPR_GRPC_PORT and DAPR_METRICS_PORT set; stops both together and
        exits with the app's exit code. With -f, runs every app of a Dapr CLI multi-app run template.""";
  }
}
