package io.jdaprd.core.component;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The calls in flight on one loaded component, so that hot reload closes a changed or removed component only after
 * the requests that use it have finished. A call {@link #enter()}s before it uses the component and
 * {@link #exit()}s after; {@link #closeWhenIdle(Duration)} refuses new calls, then waits for the ones in flight.
 * On the request path this costs two striped-counter updates and one volatile read: no lock, no shared cache line
 * between calls on different cores.
 *
 * <p>Why no call is missed: {@link #enter()} counts itself before it reads {@code closed}, and the closer sets
 * {@code closed} before it sums the counter (both are volatile accesses, so one of them sees the other): a call that
 * passes the check is counted in the closer's sum, and a call that starts later backs off.
 */
public final class InFlight {
  private final LongAdder calls = new LongAdder();
  private volatile boolean closed;

  /**
   * Counts a call in; {@code false} (and nothing counted) once the component is being closed, in which case the
   * caller answers as if the component were gone.
   */
  public boolean enter() {
    calls.increment();
    if (closed) {
      calls.decrement();
      return false;
    }
    return true;
  }

  /** Counts a call out; once per successful {@link #enter()}. */
  public void exit() {
    calls.decrement();
  }

  /** The calls in flight now. */
  public long active() {
    return calls.sum();
  }

  /**
   * Refuses new calls and waits until the calls in flight have finished, for at most {@code max}.
   *
   * @return whether they all finished in time
   */
  public boolean closeWhenIdle(Duration max) {
    closed = true;
    long deadline = System.nanoTime() + max.toNanos();
    long pause = 50_000; // 50 µs, doubling up to 10 ms
    while (calls.sum() > 0) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      LockSupport.parkNanos(pause);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        return false;
      }
      pause = Math.min(pause * 2, 10_000_000);
    }
    return true;
  }
}
