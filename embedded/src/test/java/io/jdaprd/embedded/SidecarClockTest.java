package io.jdaprd.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Actor reminders, timers and idle deactivation on a sidecar's controlled clock: days of scheduled work in
 * milliseconds of real time, each tick once, and nothing before the clock is moved.
 */
class SidecarClockTest {
  private FakeActorApp app;
  private JdaprdSidecar sidecar;

  @BeforeEach
  void start() throws Exception {
    app = new FakeActorApp();
    sidecar = JdaprdSidecar.builder().appId("clock").withAppPort(app.port()).withControlledClock().start();
  }

  @AfterEach
  void stop() {
    sidecar.close();
    app.close();
  }

  @Test
  void aDailyReminderFiresOncePerDayTheClockIsMoved() throws Exception {
    assertThat(FakeActorApp.post(sidecar, "r1/reminders/daily", "{\"dueTime\":\"24h\",\"period\":\"24h\"}"))
        .isEqualTo(204);
    sidecar.clock().advance(Duration.ofHours(23));
    Thread.sleep(50);
    assertThat(app.of("r1", "remind")).as("not due before a day has passed").isEmpty();

    sidecar.clock().advance(Duration.ofHours(1));
    assertThat(app.await("r1", "remind", 1)).containsExactly("r1:remind:daily");
    sidecar.clock().advance(Duration.ofDays(3));
    assertThat(app.await("r1", "remind", 4)).hasSize(4);
    Thread.sleep(50);
    assertThat(app.of("r1", "remind")).as("each day once, no more").hasSize(4);
  }

  @Test
  void aTimerTicksOncePerPeriodPassed() throws Exception {
    assertThat(FakeActorApp.post(sidecar, "t1/timers/tick", "{\"dueTime\":\"1m\",\"period\":\"1m\"}"))
        .isEqualTo(204);
    Thread.sleep(50);
    assertThat(app.of("t1", "timer")).isEmpty();
    sidecar.clock().advance(Duration.ofMinutes(5));
    assertThat(app.await("t1", "timer", 5)).containsOnly("t1:timer:tick").hasSize(5);
  }

  @Test
  void anIdleActorIsDeactivatedOnceItsIdleTimeoutPassesOnTheClock() throws Exception {
    // A method call: it returns once the sidecar counted the actor as used (a timer's delivery would race it).
    assertThat(FakeActorApp.post(sidecar, "i1/method/ping", "")).isEqualTo(200);
    sidecar.clock().advance(Duration.ofMinutes(59));
    Thread.sleep(50);
    assertThat(app.of("i1", "deactivated")).isEmpty();
    sidecar.clock().advance(Duration.ofMinutes(2));
    assertThat(app.await("i1", "deactivated", 1)).containsExactly("i1:deactivated");
  }

  @Test
  void realTimeByDefaultAndTheClockCannotBeMovedThen() {
    try (JdaprdSidecar plain = JdaprdSidecar.builder().appId("real").start()) {
      assertThat(plain.clock().controlled()).isFalse();
      assertThat(plain.clock().now()).isCloseTo(Instant.now(), org.assertj.core.api.Assertions.within(
          5, java.time.temporal.ChronoUnit.SECONDS));
      assertThatThrownBy(() -> plain.clock().advance(Duration.ofMinutes(1)))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("withControlledClock");
    }
    Instant before = sidecar.clock().now();
    sidecar.clock().advance(Duration.ofDays(1));
    assertThat(sidecar.clock().now()).isEqualTo(before.plus(Duration.ofDays(1)));
  }
}
