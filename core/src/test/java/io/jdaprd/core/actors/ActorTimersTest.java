package io.jdaprd.core.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jdaprd.core.Transport;
import io.jdaprd.errors.DaprException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timers over a fake app, and daprd's time formats. */
class ActorTimersTest {

  private static ActorsBlock hosting(FakeActorApp app) {
    ActorsBlock block = new ActorsBlock("myapp", new SelfPlacement("myapp"), null, false);
    block.host(app);
    return block;
  }

  private static FakeActorApp app() throws Exception {
    return new FakeActorApp(ActorsConfig.parse("{\"entities\":[\"Cart\"]}".getBytes(StandardCharsets.UTF_8)));
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
  }

  @Test
  void firesWithDaprdsBodyAsOftenAsItsRepetitionsSay() throws Exception {
    FakeActorApp app = app();
    List<String> bodies = new CopyOnWriteArrayList<>();
    app.body = (t, i, m, r) -> {
      bodies.add(m + " " + new String(r.body(), StandardCharsets.UTF_8));
      return FakeActorApp.reply(200, "");
    };
    ActorsBlock block = hosting(app);
    block.createTimer(new ActorsBlock.TimerRequest("Cart", "1", "t", "0s", "R3/PT0S", "", "cb", "{\"a\": 1}"),
        null, Transport.HTTP);
    block.createTimer(new ActorsBlock.TimerRequest("Cart", "2", "t", "10ms", "20ms", "", "cb", null), null,
        Transport.HTTP);
    await(() -> bodies.stream().filter(b -> b.contains("\"period\":\"20ms\"")).count() >= 3);
    block.deleteTimer("Cart", "2", "t", Transport.HTTP);
    assertThat(bodies).contains("timer/t {\"data\":{\"a\":1},\"callback\":\"cb\",\"dueTime\":\"0s\","
        + "\"period\":\"R3/PT0S\"}");
    assertThat(bodies.stream().filter(b -> b.contains("R3/PT0S")).count()).as("R3/PT0S is not repeating")
        .isEqualTo(1);
    int seen = bodies.size();
    Thread.sleep(80);
    assertThat(bodies.size()).as("a deleted timer stops").isLessThanOrEqualTo(seen + 1);
    block.close();
  }

  @Test
  void theAppCancelsATimerWithTheReminderCancelHeader() throws Exception {
    FakeActorApp app = app();
    app.body = (t, i, m, r) -> FakeActorApp.reply(200, "", "X-Daprremindercancel", "true");
    ActorsBlock block = hosting(app);
    block.createTimer(new ActorsBlock.TimerRequest("Cart", "1", "t", "", "10ms", "", "", null), null,
        Transport.HTTP);
    await(() -> !app.calls.isEmpty());
    Thread.sleep(60);
    assertThat(app.calls).containsExactly("Cart/1/timer/t");
    block.close();
  }

  @Test
  void refusesTimersAsDaprd() throws Exception {
    ActorsBlock block = hosting(app());
    DaprException other = catchThrowableOfType(DaprException.class, () -> block.createTimer(
        new ActorsBlock.TimerRequest("Shop", "1", "t", "1s", "", "", "", null), null, Transport.HTTP));
    assertThat(other.getMessage()).isEqualTo("error creating actor timer: can't create timer for actor Shop||1: "
        + "actor type not registered");
    DaprException period = catchThrowableOfType(DaprException.class, () -> block.createTimer(
        new ActorsBlock.TimerRequest("Cart", "1", "t", "1s", "R0/PT1S", "", "", null), null, Transport.HTTP));
    assertThat(period.getMessage()).isEqualTo("error creating actor timer: invalid timer period: has zero "
        + "repetitions");
    DaprException bad = catchThrowableOfType(DaprException.class, () -> block.createTimer(
        new ActorsBlock.TimerRequest("Cart", "1", "t", "soon", "", "", "", null), null, Transport.HTTP));
    assertThat(bad.getMessage()).isEqualTo("error creating actor timer: error parsing timer due time: "
        + "unsupported time/duration format: soon");
    DaprException name = catchThrowableOfType(DaprException.class, () -> block.createTimer(
        new ActorsBlock.TimerRequest("Cart", "1", "..", "1s", "", "", "", null), null, Transport.GRPC));
    assertThat(name.errorCode()).isEqualTo("ERR_BAD_REQUEST");
    block.close();
  }

  @Test
  void readsDaprdsDurations() throws Exception {
    ReminderTimes.Period p = ReminderTimes.period("R5/P1Y2M1W3DT4H5M6S");
    assertThat(p).isEqualTo(new ReminderTimes.Period(1, 2, 10, Duration.parse("PT4H5M6S"), 5,
        "R5/P1Y2M1W3DT4H5M6S"));
    assertThat(ReminderTimes.period("1h30m").duration()).isEqualTo(Duration.ofMinutes(90));
    assertThat(ReminderTimes.period("").repeating()).isFalse();
    assertThatThrownBy(() -> ReminderTimes.period("P1H")).hasMessage("parse error: unsupported duration format: "
        + "P1H");
    Instant start = Instant.parse("2026-01-31T00:00:00Z");
    assertThat(ReminderTimes.time("P1M", start)).as("as Go's AddDate").isEqualTo(
        Instant.parse("2026-03-03T00:00:00Z"));
    assertThat(ReminderTimes.time("2026-05-01T10:00:00+02:00", start)).isEqualTo(
        Instant.parse("2026-05-01T08:00:00Z"));
    assertThatThrownBy(() -> ReminderTimes.time("R2/PT1S", start)).hasMessage("repetitions are not allowed");
  }
}
