package io.jdaprd.core.actors;

import io.jdaprd.core.scheduler.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The idle-actor scan of a hosting sidecar: each interval, the actors idle past their timeout are deactivated. */
final class IdleScan {
  private IdleScan() {
  }

  /**
   * Starts the scan on a virtual thread, which ends when interrupted or once {@code closed} holds. The next scan is
   * due an interval after the clock was read for the last one (here first, before the thread runs, then before each
   * scan): a clock moved while the thread was late (a test's manual clock) cannot hide an actor that went idle
   * meanwhile.
   *
   * @param table the table scanned, read anew before each scan ({@code null}: nothing hosted, nothing scanned)
   */
  static Thread start(Clock clock, Duration interval, Supplier<ActorTable> table, BooleanSupplier closed) {
    Instant started = clock.instant();
    return Thread.ofVirtual().name("actors-idle-scan").start(() -> {
      Instant scanned = started;
      while (!closed.getAsBoolean()) {
        try {
          ManualClock.sleepUntil(clock, scanned.plus(interval));
        } catch (InterruptedException e) {
          return;
        }
        scanned = clock.instant();
        ActorTable t = table.get();
        if (t != null && !closed.getAsBoolean()) {
          t.deactivateIdle();
        }
      }
    });
  }
}
