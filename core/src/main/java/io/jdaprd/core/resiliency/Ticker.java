package io.jdaprd.core.resiliency;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The clock, the waits and the randomness of resiliency, replaceable in tests. */
public interface Ticker {
  /** The system's monotonic clock, {@link Thread#sleep} and a thread-local random source. */
  Ticker SYSTEM = new Ticker() {
    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
      Thread.sleep(d);
    }

    @Override
    public double random() {
      return ThreadLocalRandom.current().nextDouble();
    }
  };

  /** A monotonic time in nanoseconds. */
  long nanoTime();

  /** Waits {@code d}. */
  void sleep(Duration d) throws InterruptedException;

  /** A value in [0, 1). */
  double random();
}
