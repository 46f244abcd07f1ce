package io.jdaprd.core.apphealth;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's health, as daprd's app health checks decide it. The app starts unhealthy; {@link #start()} probes it at
 * once and then every {@link AppHealthConfig#interval()} (a probe that overruns the interval is followed by the next
 * one at once, never by several). One successful probe makes it healthy; {@link AppHealthConfig#threshold()}
 * consecutive failed probes make it unhealthy. Each change is told to the listeners, in order, on a thread of their
 * own, so a slow listener never delays the probes.
 *
 * <p>Thread-safe. {@link #close()} stops the probes and waits for the listeners told so far.
 */
public final class AppHealth implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppHealth.class);

  /** One probe of the app; a failure to reach it is an unhealthy result, not an exception. */
  @FunctionalInterface
  public interface Prober {
    /** Probes the app once, giving up after {@code timeout}. */
    ProbeResult probe(Duration timeout) throws InterruptedException;
  }

  /** Told of each change of the app's health. */
  @FunctionalInterface
  public interface Listener {
    /**
     * The app turned healthy or unhealthy.
     *
     * @param reason why it is unhealthy (the last failed probe's reason), {@code null} when healthy
     */
    void changed(boolean healthy, String reason);
  }

  private final AppHealthConfig config;
  private final Prober prober;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ExecutorService notifier = Executors.newSingleThreadExecutor(
      Thread.ofVirtual().name("app-health-listeners").factory());
  private final Object lock = new Object();
  private final CountDownLatch firstProbe = new CountDownLatch(1);
  private int failures;
  private volatile boolean healthy;
  private volatile Thread loop;
  private volatile boolean closed;

  /** A health that is unhealthy until the first successful probe; nothing probes until {@link #start()}. */
  public AppHealth(AppHealthConfig config, Prober prober) {
    this.config = config;
    this.prober = prober;
    this.failures = config.threshold();
  }

  /** Adds a listener of the changes from now on. */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /** The settings. */
  public AppHealthConfig config() {
    return config;
  }

  /** Whether the last change made the app healthy; {@code false} until the first successful probe. */
  public boolean isHealthy() {
    return healthy;
  }

  /**
   * Waits for the first probe's result to be counted (and, when it made the app healthy, for the listeners to be
   * told, not for them to finish).
   *
   * @return whether it was within {@code timeout}
   */
  public boolean awaitFirstProbe(Duration timeout) throws InterruptedException {
    return firstProbe.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /**
   * Starts probing on a virtual thread: the first probe now, then one every interval. Later calls do nothing.
   *
   * @throws IllegalStateException once closed
   */
  public void start() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("app health is closed");
      }
      if (loop != null) {
        return;
      }
      LOG.info("app health probes starting: every {} ms, timeout {} ms, unhealthy after {} failure(s)",
          config.interval().toMillis(), config.timeout().toMillis(), config.threshold());
      loop = Thread.ofVirtual().name("app-health-probes").start(this::probeLoop);
    }
  }

  private void probeLoop() {
    long intervalNanos = config.interval().toNanos();
    try {
      while (!closed) {
        long startedAt = System.nanoTime();
        record(probeOnce());
        firstProbe.countDown();
        long waitNanos = startedAt + intervalNanos - System.nanoTime();
        if (waitNanos > 0) {
          TimeUnit.NANOSECONDS.sleep(waitNanos);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.debug("app health probes stopped");
  }

  private ProbeResult probeOnce() throws InterruptedException {
    try {
      ProbeResult result = prober.probe(config.timeout());
      return result == null ? ProbeResult.unhealthy("the probe gave no result") : result;
    } catch (RuntimeException e) {
      LOG.error("the app health probe could not complete: {}", e.toString());
      return ProbeResult.unhealthy("probe error: " + e);
    }
  }

  /**
   * Counts one probe's result and tells the listeners when it changes the app's health.
   *
   * @return whether it did
   */
  boolean record(ProbeResult result) {
    boolean changed;
    synchronized (lock) {
      if (closed) {
        return false;
      }
      if (result.healthy()) {
        changed = failures >= config.threshold();
        failures = 0;
      } else {
        failures = failures >= config.threshold() ? failures : failures + 1;
        changed = failures == config.threshold() && healthy;
      }
      if (changed) {
        healthy = result.healthy();
        if (healthy) {
          LOG.info("app entered healthy status");
        } else {
          LOG.warn("app entered unhealthy status: {}", result.reason());
        }
        String reason = result.reason();
        boolean now = healthy;
        notifier.execute(() -> tell(now, reason));
      } else if (!result.healthy()) {
        LOG.debug("app health probe failed ({} of {}): {}", failures, config.threshold(), result.reason());
      }
    }
    return changed;
  }

  private void tell(boolean now, String reason) {
    for (Listener listener : listeners) {
      try {
        listener.changed(now, reason);
      } catch (RuntimeException e) {
        LOG.warn("an app health listener failed: {}", e.toString());
      }
    }
  }

  /** Stops the probes and waits (up to 10 s) for the listeners told so far; later calls do nothing. */
  @Override
  public void close() {
    Thread running;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      running = loop;
    }
    if (running != null) {
      running.interrupt();
      try {
        running.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    notifier.shutdown();
    try {
      if (!notifier.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("app health listeners still running after 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
