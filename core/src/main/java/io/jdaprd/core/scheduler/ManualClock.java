package io.jdaprd.core.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that stands still until it is moved ({@link #advance}), for tests of scheduled work: actor timers,
 * reminders and idle deactivation read it, and whatever waits for a due time on it ({@link #sleepUntil},
 * {@link DueQueue}) wakes when it is moved, not by polling real time, so a day of reminders takes milliseconds.
 * Moving it by a day catches up every tick of that day at once, in order. Thread-safe; waiting does not pin a
 * virtual thread's carrier.
 */
public final class ManualClock extends Clock {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition moved = lock.newCondition();
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
  private final ZoneId zone;
  private volatile Instant now;

  /** A clock reading {@code start} in {@code zone} until it is moved. */
  public ManualClock(Instant start, ZoneId zone) {
    this.now = start;
    this.zone = zone;
  }

  /** A clock reading the current time (UTC) until it is moved. */
  public static ManualClock startingNow() {
    return new ManualClock(Instant.now(), java.time.ZoneOffset.UTC);
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** This clock (moving it moves the clock returned); the zone is only what {@link #getZone()} reports. */
  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  /**
   * Moves the clock forward by {@code by} and wakes every waiter; returns once they are woken, not once the work
   * that fell due has run (it runs on the waiters' threads).
   *
   * @throws IllegalArgumentException when {@code by} is negative (time does not go back)
   */
  public void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("a clock only moves forward: " + by);
    }
    lock.lock();
    try {
      now = now.plus(by);
      moved.signalAll();
    } finally {
      lock.unlock();
    }
    listeners.forEach(Runnable::run);
  }

  /** Runs {@code listener} after each {@link #advance} (on the advancing thread; it must not block). */
  public void onAdvance(Runnable listener) {
    listeners.add(listener);
  }

  /** Stops running {@code listener}. */
  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  /**
   * Waits until {@code clock} reads {@code due} or later: on a manual clock until it is moved that far, on any other
   * clock by sleeping the difference.
   *
   * @throws InterruptedException when the waiting thread is interrupted
   */
  public static void sleepUntil(Clock clock, Instant due) throws InterruptedException {
    if (clock instanceof ManualClock manual) {
      manual.awaitUntil(due);
      return;
    }
    Duration wait = Duration.between(clock.instant(), due);
    if (wait.isPositive()) {
      Thread.sleep(wait);
    }
  }

  private void awaitUntil(Instant due) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (now.isBefore(due)) {
        moved.await();
      }
    } finally {
      lock.unlock();
    }
  }
}
