package io.jdaprd.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The manual clock: it stands still, wakes its waiters when moved, and a due queue on it runs what fell due. */
class ManualClockTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void aWaiterWakesOnlyOnceTheClockReachesItsDueTime() throws Exception {
    ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
    CountDownLatch woke = new CountDownLatch(1);
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        ManualClock.sleepUntil(clock, T0.plus(Duration.ofDays(1)));
        woke.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    clock.advance(Duration.ofHours(23));
    assertThat(woke.await(50, TimeUnit.MILLISECONDS)).isFalse();
    clock.advance(Duration.ofHours(1));
    assertThat(woke.await(5, TimeUnit.SECONDS)).isTrue();
    waiter.join();
    assertThat(clock.instant()).isEqualTo(T0.plus(Duration.ofDays(1)));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDueQueueOnTheClockRunsJobsWhenTheClockIsMovedNotBefore() throws Exception {
    ManualClock clock = new ManualClock(T0, ZoneOffset.UTC);
    List<String> ran = new CopyOnWriteArrayList<>();
    CountDownLatch both = new CountDownLatch(2);
    try (DueQueue q = new DueQueue("test", clock, 1)) {
      q.schedule("b", T0.plus(Duration.ofHours(2)), () -> {
        ran.add("b");
        both.countDown();
      });
      q.schedule("a", T0.plus(Duration.ofHours(1)), () -> {
        ran.add("a");
        both.countDown();
      });
      Thread.sleep(50);
      assertThat(ran).isEmpty();
      clock.advance(Duration.ofHours(2));
      assertThat(both.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(ran).containsExactly("a", "b");
    }
  }
}
