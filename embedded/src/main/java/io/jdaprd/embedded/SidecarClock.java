package io.jdaprd.embedded;

import io.jdaprd.core.scheduler.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The clock of a sidecar's scheduled work: actor timers, reminders and idle deactivation (and the jobs API once it
 * schedules). By default it is real time; with {@link JdaprdSidecarBuilder#withControlledClock()} (the JUnit
 * extension's default) it starts at the current time and then stands still until a test moves it with
 * {@link #advance}, so a test of a daily reminder takes milliseconds. Moving it wakes what waits on it at once (no
 * polling of real time); the ticks that fell due are delivered to the app right after, in order, one per period
 * passed. Other times (the {@code time} of published CloudEvents, request timeouts) stay real time.
 */
public final class SidecarClock {
  private final Clock clock;

  SidecarClock(Clock clock) {
    this.clock = clock;
  }

  /** Whether this clock moves only when {@link #advance} is called. */
  public boolean controlled() {
    return clock instanceof ManualClock;
  }

  /** The time the sidecar's scheduled work sees now. */
  public Instant now() {
    return clock.instant();
  }

  /**
   * Moves the controlled clock forward by {@code by}: timers and reminders that fell due fire (each missed tick of a
   * repeating one once), idle actors are deactivated at the next scan that falls due. Returns at once; await what
   * the app receives.
   *
   * @throws IllegalStateException when the sidecar runs on real time (see
   *     {@link JdaprdSidecarBuilder#withControlledClock()})
   * @throws IllegalArgumentException when {@code by} is negative
   */
  public void advance(Duration by) {
    if (!(clock instanceof ManualClock manual)) {
      throw new IllegalStateException("this sidecar runs on real time: start it with withControlledClock() "
          + "(the JUnit extension's default) to move its clock");
    }
    manual.advance(by);
  }

  /** The clock the runtime reads. */
  Clock clock() {
    return clock;
  }
}
