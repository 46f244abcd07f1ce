package io.jdaprd.server;

import io.jdaprd.core.runtime.Runtime;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --dapr-block-shutdown-duration}, as daprd does it: when a signal asks the sidecar to stop, the subscriptions
 * and input bindings stop at once, while the APIs keep serving (the app may still publish, save state or invoke)
 * until the duration has passed or, with app health checks, the app reports unhealthy; then the graceful shutdown
 * begins.
 */
final class ShutdownBlock {
  private static final Logger LOG = LoggerFactory.getLogger(ShutdownBlock.class);
  private static final long POLL_MILLIS = 50;

  private ShutdownBlock() {
  }

  /** Blocks as {@code duration} asks; returns at once when it is {@code null}. */
  static void await(Runtime runtime, Duration duration) {
    if (duration == null) {
      return;
    }
    LOG.info("Blocking graceful shutdown for {} or until app reports unhealthy...",
        io.jdaprd.golang.GoDurations.format(duration));
    runtime.stopInbound();
    long deadline = System.nanoTime() + duration.toNanos();
    try {
      while (System.nanoTime() - deadline < 0) {
        if (!runtime.appHealthy()) {
          LOG.info("App reported unhealthy, entering shutdown...");
          return;
        }
        Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (deadline - System.nanoTime()) / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    LOG.info("Block shutdown period expired, entering shutdown...");
  }
}
