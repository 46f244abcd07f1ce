package io.jdaprd.server;

import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * The process's sidecar across restarts, as daprd runs its runtime: {@code SIGHUP} (sent by an operator, or asked for
 * by hot reload when a Configuration, {@code HTTPEndpoint} or {@code Resiliency} resource changes, which daprd 1.18
 * applies by restarting) stops the running sidecar as a termination signal would (block-shutdown wait, drain), then
 * starts a new one from the same flags, reading the Configuration file and the resources again. {@code SIGTERM} or
 * {@code SIGINT} stop the sidecar for good; so does the shutdown API, also when it is called while a restart drains the
 * sidecar.
 */
final class Restarts {
  private static final Logger LOG = LoggerFactory.getLogger(Restarts.class);
  private static final AtomicReference<Runnable> REQUEST = new AtomicReference<>();

  private final AtomicReference<Sidecar> current;
  private final AtomicBoolean restartRequested = new AtomicBoolean();
  private final AtomicBoolean terminating = new AtomicBoolean();

  private Restarts(Sidecar first) {
    this.current = new AtomicReference<>(first);
  }

  /**
   * Asks the process for a restart, as {@code SIGHUP} does; nothing happens where no process registered for it (an
   * embedded sidecar: its host owns the lifecycle).
   *
   * @return whether a process took the request
   */
  static boolean request() {
    Runnable r = REQUEST.get();
    if (r == null) {
      return false;
    }
    r.run();
    return true;
  }

  /**
   * Runs {@code first} and its successors until one stops without a restart being asked for, then returns.
   *
   * @param next starts the next sidecar from the flags, reading the Configuration again
   * @throws CompletionException or {@link IllegalStateException} when a restart cannot start its sidecar (daprd
   *     exits then too)
   */
  static void run(Sidecar first, Supplier<Sidecar> next) {
    Restarts restarts = new Restarts(first);
    REQUEST.set(restarts::restart);
    Signal.handle(new Signal("HUP"), signal -> restarts.restart());
    Runtime.getRuntime().addShutdownHook(new Thread(restarts::terminate, "jdaprd-signal"));
    restarts.loop(next);
  }

  private void restart() {
    if (terminating.get() || !restartRequested.compareAndSet(false, true)) {
      return;
    }
    LOG.info("restarting the runtime (SIGHUP, or a resource daprd applies by restarting): stopping it");
    Sidecar running = current.get();
    Thread.ofPlatform().name("jdaprd-restart").start(running::stopAfterSignal);
  }

  private void terminate() {
    terminating.set(true);
    current.get().stopAfterSignal();
  }

  private void loop(Supplier<Sidecar> next) {
    while (true) {
      current.get().awaitStopped();
      // a shutdown asked for through the API while a restart drains the sidecar ends the process all the same
      if (terminating.get() || !restartRequested.get() || current.get().shutdownRequested()) {
        return;
      }
      LOG.info("restarting the runtime");
      current.set(next.get());
      restartRequested.set(false);
    }
  }
}
