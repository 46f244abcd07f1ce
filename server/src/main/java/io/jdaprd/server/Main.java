package io.jdaprd.server;

import com.linecorp.armeria.common.CommonPools;
import io.jdaprd.errors.reference.ErrorReference;
import io.jdaprd.placement.server.PlacementMain;
import io.jdaprd.server.logging.Logging;
import io.jdaprd.server.run.RunCommand;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * {@code jdaprd}: starts a sidecar with daprd's flags, or, as {@code jdaprd errors ...}, prints the error reference,
 * as {@code jdaprd placement ...}, runs the placement service, or, as {@code jdaprd run ...}, runs apps with their
 * sidecars ({@link RunCommand}).
 * A bad flag or value, or a port already in use, is one line on stderr and exit code 1.
 */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    long mainAt = System.nanoTime();
    if (args.length > 0 && args[0].equals("errors")) {
      ErrorReference.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (args.length > 0 && args[0].equals("placement")) {
      PlacementMain.main(Arrays.copyOfRange(args, 1, args.length),
          level -> Logging.configure(level, false, "placement", RuntimeVersion.get()));
      return;
    }
    if (args.length > 0 && args[0].equals("run")) {
      RunCommand.main(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    Flags flags = new Flags();
    CommandLine cli = Flags.parser(flags);
    Settings settings;
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        cli.usage(System.out);
        return;
      }
      if (parsed.isVersionHelpRequested()) {
        cli.printVersionHelp(System.out);
        return;
      }
      if (flags.buildInfo) {
        System.out.println(RuntimeVersion.buildInfo());
        return;
      }
      if (flags.waitCommand) {
        OutboundWait.await(flags.httpPort, OutboundWait.TIMEOUT, System.err);
        return;
      }
      settings = Settings.from(flags, System.getenv());
    } catch (CommandLine.ParameterException e) {
      fail(e.getMessage().lines().findFirst().orElse("bad arguments") + " (see jdaprd --help)");
      return;
    } catch (Settings.BadFlagException e) {
      fail(e.getMessage());
      return;
    }
    try {
      Logging.configure(settings.logLevel(), settings.logAsJson(), settings.appId(), RuntimeVersion.get(),
          settings.serving().logFile());
    } catch (IllegalStateException e) {
      fail(e.getMessage());
      return;
    }
    settings.warnings().forEach(LoggerFactory.getLogger(Main.class)::warn);
    Warmup.start();
    LoggerFactory.getLogger(Main.class).debug("startup phases: flags and logging {} ms",
        (System.nanoTime() - mainAt) / 1_000_000);
    Sidecar sidecar;
    try {
      sidecar = Sidecar.start(settings, System.getenv());
    } catch (CompletionException | IllegalStateException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      fail("cannot start: " + cause.getMessage());
      return;
    }
    if ("1".equals(System.getenv("JDAPRD_TRAINING_RUN"))) {
      // The launcher's training run: start once so the JVM can record a class-data cache, then exit cleanly. Serving
      // requests here too took the cache from 68 to 84 MB and idle RSS up 21 MB for ~0.1 s of start: not done.
      sidecar.stop();
      exit();
    }
    try {
      Restarts.run(sidecar, () -> {
        try {
          return Sidecar.start(Settings.from(flags, System.getenv()), System.getenv());
        } catch (Settings.BadFlagException e) {
          throw new IllegalStateException(e.getMessage(), e);
        }
      });
    } catch (CompletionException e) {
      fail("cannot restart: " + (e.getCause() != null ? e.getCause() : e).getMessage());
      return;
    } catch (IllegalStateException e) {
      fail("cannot restart: " + e.getMessage());
      return;
    }
    exit();
  }

  /**
   * Ends the process once the sidecar has stopped. Armeria's shared event loops are ended first: while any thread
   * waits in a native call (an event loop in epoll), the JVM's exit waits 300 ms longer for it.
   */
  private static void exit() {
    CommonPools.workerGroup().shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).awaitUninterruptibly(1, TimeUnit.SECONDS);
    System.exit(0);
  }

  private static void fail(String message) {
    System.err.println("jdaprd: " + message);
    System.exit(1);
  }
}
