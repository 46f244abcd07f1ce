package io.jdaprd.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The in-process half of the scheduler: order, replacement, cancellation, the bound on deliveries. */
class DueQueueTest {
  private static final Clock CLOCK = Clock.systemUTC();

  @Test
  void runsDueJobsInDueTimeOrderThenScheduleOrder() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(4);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    MovableClock clock = new MovableClock(t0);
    try (DueQueue q = new DueQueue("test", clock, 1)) {
      q.schedule("c", t0.plusSeconds(2), record(ran, "c", done));
      q.schedule("a", t0.plusSeconds(1), record(ran, "a", done));
      q.schedule("b", t0.plusSeconds(1), record(ran, "b", done));
      q.schedule("d", t0.plusSeconds(3), record(ran, "d", done));
      clock.now = t0.plusSeconds(10);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("a", "b", "c", "d");
      assertThat(q.size()).isZero();
    }
  }

  @Test
  void aKeyScheduledAgainRunsOnlyItsLatestJob() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    MovableClock clock = new MovableClock(t0);
    try (DueQueue q = new DueQueue("test", clock, 4)) {
      q.schedule("k", t0.plusSeconds(3600), record(ran, "old", done));
      q.schedule("k", t0.plusSeconds(1), record(ran, "new", done));
      assertThat(q.size()).as("the second schedule replaced the first; neither is due yet").isEqualTo(1);
      clock.now = t0.plusSeconds(10);
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      CountDownLatch marker = new CountDownLatch(1);
      q.schedule("marker", clock.now, marker::countDown);
      assertThat(marker.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("new");
      assertThat(q.scheduled("k")).isFalse();
    }
  }

  @Test
  void cancelledJobsNeverRun() throws Exception {
    List<String> ran = new CopyOnWriteArrayList<>();
    Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    MovableClock clock = new MovableClock(t0);
    try (DueQueue q = new DueQueue("test", clock, 4)) {
      Instant soon = t0.plusSeconds(1);
      q.schedule("Cart||1||a", soon, record(ran, "1a", null));
      q.schedule("Cart||1||b", soon, record(ran, "1b", null));
      q.schedule("Cart||2||a", soon, record(ran, "2a", null));
      assertThat(q.cancel("Cart||2||a")).isTrue();
      assertThat(q.cancel("Cart||2||a")).isFalse();
      assertThat(q.cancelIf(k -> k.startsWith("Cart||1||"))).isEqualTo(2);
      CountDownLatch marker = new CountDownLatch(1);
      q.schedule("marker", soon.plusMillis(50), marker::countDown);
      clock.now = t0.plusSeconds(10);
      assertThat(marker.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).isEmpty();
    }
  }

  @Test
  void manyCancelledJobsAreDroppedFromTheQueue() throws Exception {
    try (DueQueue q = new DueQueue("test", CLOCK, 4)) {
      Instant later = CLOCK.instant().plusSeconds(3600);
      for (int i = 0; i < 5000; i++) {
        q.schedule("k" + i, later, () -> { });
      }
      for (int i = 0; i < 5000; i++) {
        q.cancel("k" + i);
      }
      assertThat(q.size()).isZero();
      assertThat(q.queued()).isLessThan(2000);
    }
  }

  @Test
  void neverRunsMoreThanTheBoundAtOnce() throws Exception {
    AtomicInteger now = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(40);
    try (DueQueue q = new DueQueue("test", CLOCK, 3)) {
      for (int i = 0; i < 40; i++) {
        q.schedule("k" + i, CLOCK.instant(), () -> {
          most.accumulateAndGet(now.incrementAndGet(), Math::max);
          try {
            Thread.sleep(5);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          now.decrementAndGet();
          done.countDown();
        });
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(most.get()).isBetween(1, 3);
    }
  }

  @Test
  void aClosedQueueTakesNoMoreJobs() throws Exception {
    DueQueue q = new DueQueue("test", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 1);
    q.close();
    q.schedule("k", Instant.EPOCH, () -> { });
    assertThat(q.size()).isZero();
  }

  /** A clock the test sets. */
  private static final class MovableClock extends Clock {
    volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private static Runnable record(List<String> ran, String name, CountDownLatch done) {
    return () -> {
      ran.add(name);
      if (done != null) {
        done.countDown();
      }
    };
  }
}
