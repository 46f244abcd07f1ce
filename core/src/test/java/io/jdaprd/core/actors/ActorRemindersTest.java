package io.jdaprd.core.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.Transport;
import io.jdaprd.errors.DaprException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.GetRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Durable reminders on the real in-memory store, over a fake app. */
class ActorRemindersTest {
  private InMemoryStateStore store;

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemoryStateStore();
    store.init(new ComponentMetadata("statestore", "state.in-memory", "v1", "myapp", Map.of()));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private ActorsBlock hosting(FakeActorApp app) {
    ActorsBlock block = new ActorsBlock("myapp", new SelfPlacement("myapp"), store, false);
    block.host(app);
    return block;
  }

  private static FakeActorApp app(List<String> bodies) throws Exception {
    FakeActorApp app = new FakeActorApp(ActorsConfig.parse("{\"entities\":[\"Cart\"]}".getBytes(
        StandardCharsets.UTF_8)));
    app.body = (t, i, m, r) -> {
      bodies.add(i + " " + m + " " + new String(r.body(), StandardCharsets.UTF_8));
      return FakeActorApp.reply(200, "");
    };
    return app;
  }

  private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
  }

  private String stored() throws Exception {
    return store.get(new GetRequest("actors||Cart", Map.of(), null)).map(v -> new String(v.data())).orElse("");
  }

  @Test
  void firesEachRepetitionOnceThenLeavesTheStore() throws Exception {
    List<String> bodies = new CopyOnWriteArrayList<>();
    ActorsBlock block = hosting(app(bodies));
    block.createReminder(new ActorsBlock.ReminderRequest("Cart", "1", "r", "0s", "R2/PT1S", "", "\"x\"", true),
        null, Transport.HTTP);
    assertThat(block.getReminder("Cart", "1", "r", Transport.HTTP)).isEqualTo(
        new ActorsBlock.ReminderView("Cart", "1", "\"x\"", "0s", "@every 1s", null));
    await(() -> bodies.size() >= 2);
    Thread.sleep(100);
    // daprd 1.18's ticks (from Scheduler) carry neither due time nor period.
    assertThat(bodies).containsExactly("1 remind/r {\"data\":\"x\",\"dueTime\":\"\",\"period\":\"\"}",
        "1 remind/r {\"data\":\"x\",\"dueTime\":\"\",\"period\":\"\"}");
    await(() -> {
      try {
        return stored().equals("[]");
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(stored()).isEqualTo("[]");
    DaprException gone = catchThrowableOfType(DaprException.class,
        () -> block.getReminder("Cart", "1", "r", Transport.HTTP));
    assertThat(gone.errorCode()).isEqualTo("ERR_ACTOR_REMINDER_NOT_FOUND");
    block.close();
  }

  @Test
  void survivesARestartOfTheSidecar() throws Exception {
    List<String> first = new CopyOnWriteArrayList<>();
    ActorsBlock block = hosting(app(first));
    block.createReminder(new ActorsBlock.ReminderRequest("Cart", "7", "later", "300ms", "", "", null, true), null,
        Transport.GRPC);
    block.close();
    assertThat(stored()).contains("\"actorID\":\"7\"").contains("\"name\":\"later\"");
    List<String> second = new CopyOnWriteArrayList<>();
    ActorsBlock restarted = hosting(app(second));
    await(() -> !second.isEmpty());
    Thread.sleep(50);
    assertThat(first).isEmpty();
    assertThat(second).containsExactly("7 remind/later {\"dueTime\":\"\",\"period\":\"\"}");
    restarted.close();
  }

  @Test
  void aTickThatFailsBecauseTheSidecarIsClosingStaysStored() throws Exception {
    java.util.concurrent.atomic.AtomicReference<ActorReminders> self = new java.util.concurrent.atomic.AtomicReference<>();
    java.util.concurrent.CountDownLatch tried = new java.util.concurrent.CountDownLatch(1);
    ActorReminders reminders = new ActorReminders(store, e -> {
      self.get().close();
      tried.countDown();
      throw new ActorApp.ActorCallException("actor runtime is closed");
    }, (type, id) -> true, java.time.Clock.systemUTC());
    self.set(reminders);
    reminders.create(new ActorReminders.Entry("Cart", "7", "once", null, "0s", "", java.time.Instant.now(), -1, null),
        true);
    assertThat(tried.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200);
    assertThat(stored()).as("the undelivered one-shot reminder, for the next start").contains("\"name\":\"once\"");
  }

  @Test
  void reportsThePeriodAsDaprdsSchedulerJobAndRefusesCalendarPeriods() throws Exception {
    ActorsBlock block = hosting(app(new CopyOnWriteArrayList<>()));
    Map<String, String> golden = new java.util.LinkedHashMap<>();
    golden.put("1h", "@every 1h0m0s");
    golden.put("90m", "@every 1h30m0s");
    golden.put("1.5s", "@every 1.5s");
    golden.put("500ms", "@every 500ms");
    golden.put("2h45m", "@every 2h45m0s");
    golden.put("PT1S", "@every 1s");
    golden.put("PT1H30M", "@every 1h30m0s");
    golden.put("R5/PT1S", "@every 1s");
    golden.put("R0/PT10S", "@every 10s");
    golden.put("", "");
    int n = 0;
    for (Map.Entry<String, String> g : golden.entrySet()) {
      String name = "p" + n++;
      block.createReminder(new ActorsBlock.ReminderRequest("Cart", "g", name, "1h", g.getKey(), "", null, true),
          null, Transport.GRPC);
      assertThat(block.getReminder("Cart", "g", name, Transport.GRPC).period()).as(g.getKey())
          .isEqualTo(g.getValue());
    }
    assertThat(block.listReminders("Cart", "g")).extracting(r -> r.reminder().period())
        .containsExactlyElementsOf(golden.values());
    for (String calendar : List.of("P1D", "P1W", "P1Y", "P2M", "R3/P1DT1H", "bogus")) {
      DaprException e = catchThrowableOfType(DaprException.class, () -> block.createReminder(
          new ActorsBlock.ReminderRequest("Cart", "g", "bad", "", calendar, "", null, true), null, Transport.HTTP));
      assertThat(e.errorCode()).isEqualTo("ERR_ACTOR_REMINDER_CREATE");
      assertThat(e.getMessage()).isEqualTo("error creating actor reminder: unsupported period format: " + calendar);
    }
    block.close();
  }

  @Test
  void reportsOnlyATtlGivenAsATimeAsDaprdsSchedulerJobDoes() throws Exception {
    ActorsBlock block = hosting(app(new CopyOnWriteArrayList<>()));
    Map<String, String> golden = new java.util.LinkedHashMap<>();
    golden.put("2099-01-01T00:00:00Z", "2099-01-01T00:00:00Z");
    golden.put("2099-01-01T02:00:00.500+02:00", "2099-01-01T02:00:00.5+02:00");
    golden.put("2099-01-01T00:00:00.000000001-05:30", "2099-01-01T00:00:00.000000001-05:30");
    golden.put("1h", null);
    golden.put("PT2H", null);
    int n = 0;
    for (Map.Entry<String, String> g : golden.entrySet()) {
      String name = "t" + n++;
      block.createReminder(new ActorsBlock.ReminderRequest("Cart", "t", name, "1h", "", g.getKey(), null, true),
          null, Transport.HTTP);
      assertThat(block.getReminder("Cart", "t", name, Transport.HTTP).ttl()).as(g.getKey()).isEqualTo(g.getValue());
    }
    block.close();
  }

  @Test
  void refusesAsDaprd() throws Exception {
    ActorsBlock block = hosting(app(new CopyOnWriteArrayList<>()));
    block.createReminder(new ActorsBlock.ReminderRequest("Cart", "1", "r", "1h", "", "", null, true), null,
        Transport.HTTP);
    DaprException exists = catchThrowableOfType(DaprException.class, () -> block.createReminder(
        new ActorsBlock.ReminderRequest("Cart", "1", "r", "1h", "", "", null, false), null, Transport.HTTP));
    assertThat(exists.errorCode()).isEqualTo("ERR_ACTOR_REMINDER_ALREADY_EXISTS");
    DaprException other = catchThrowableOfType(DaprException.class, () -> block.createReminder(
        new ActorsBlock.ReminderRequest("Shop", "1", "r", "1h", "", "", null, true), null, Transport.HTTP));
    assertThat(other.errorCode()).isEqualTo("ERR_ACTOR_REMINDER_NON_HOSTED");
    DaprException ttl = catchThrowableOfType(DaprException.class, () -> block.createReminder(
        new ActorsBlock.ReminderRequest("Cart", "1", "t", "1h", "", "2020-01-01T00:00:00Z", null, true), null,
        Transport.HTTP));
    assertThat(ttl.getMessage()).startsWith("error creating actor reminder: reminder Cart||1||t has already "
        + "expired");
    block.deleteReminder("Cart", "1", "r", Transport.HTTP);
    block.deleteReminder("Cart", "1", "r", Transport.HTTP);
    assertThat(stored()).isEqualTo("[]");
    block.close();
  }

  private String track(String key) throws Exception {
    return store.get(new GetRequest(key, Map.of(), null)).map(v -> new String(v.data())).orElse(null);
  }

  /** Waits (3 s at most) until the track of reminder {@code Cart||1||r} is as {@code wanted} says. */
  private void awaitTrack(java.util.function.Predicate<String> wanted) throws InterruptedException {
    await(() -> {
      try {
        return wanted.test(track("Cart||1||r"));
      } catch (Exception e) {
        return false;
      }
    });
  }

  private static void settle() throws InterruptedException {
    Thread.sleep(150);
  }

  @Test
  void aDeliveryWritesItsTrackNotTheListAndARestartGoesOnFromTheTrack() throws Exception {
    io.jdaprd.core.scheduler.ManualClock clock = io.jdaprd.core.scheduler.ManualClock.startingNow();
    List<String> ticks = new CopyOnWriteArrayList<>();
    ActorReminders.Delivery counting = e -> {
      ticks.add(e.name());
      return false;
    };
    ActorReminders first = new ActorReminders(store, counting, (type, id) -> true, clock);
    java.time.Instant start = clock.instant();
    first.create(new ActorReminders.Entry("Cart", "1", "r", null, "0s", "@every 1h", start, 3, null), true);
    await(() -> ticks.size() == 1);
    awaitTrack(t -> t != null);
    String list = stored();
    assertThat(track("Cart||1||r")).isEqualTo("{\"lastFiredTime\":\"" + start + "\",\"repetitionLeft\":2}");
    first.close();

    ActorReminders second = new ActorReminders(store, counting, (type, id) -> true, clock);
    second.start(List.of("Cart"));
    settle();
    assertThat(ticks).as("the delivered tick is not repeated after the restart").hasSize(1);
    clock.advance(Duration.ofHours(1));
    await(() -> ticks.size() == 2);
    awaitTrack(t -> t != null && t.contains("\"repetitionLeft\":1"));
    assertThat(stored()).as("deliveries leave the list as it was").isEqualTo(list);
    clock.advance(Duration.ofHours(1));
    await(() -> {
      try {
        return stored().equals("[]");
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(ticks).hasSize(3);
    assertThat(stored()).isEqualTo("[]");
    assertThat(track("Cart||1||r")).as("the track goes with its reminder").isNull();
    clock.advance(Duration.ofHours(1));
    settle();
    assertThat(ticks).hasSize(3);
    second.close();
  }

  /** Reminders on {@link #store}, all owned here, that record {@code what} of each tick in {@code ticks}. */
  private ActorReminders recording(java.time.Clock clock, List<String> ticks,
      java.util.function.Function<ActorReminders.Entry, String> what) {
    return new ActorReminders(store, e -> {
      ticks.add(what.apply(e));
      return false;
    }, (type, id) -> true, clock);
  }

  @Test
  void aTickRecordedByAnotherSidecarIsNotDeliveredAgainHere() throws Exception {
    io.jdaprd.core.scheduler.ManualClock clock = io.jdaprd.core.scheduler.ManualClock.startingNow();
    List<String> here = new CopyOnWriteArrayList<>();
    ActorReminders reminders = recording(clock, here, ActorReminders.Entry::name);
    java.time.Instant due = clock.instant().plus(Duration.ofMinutes(5));
    reminders.create(new ActorReminders.Entry("Cart", "1", "r", null, "5m", "@every 1h", due, -1, null), true);
    // Another sidecar delivered the tick due in 5 minutes (and recorded it) before this one's turn came.
    store.set(new io.jdaprd.spi.state.SetRequest("Cart||1||r", ("{\"lastFiredTime\":\"" + due
        + "\",\"repetitionLeft\":-1}").getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null));
    clock.advance(Duration.ofMinutes(5));
    settle();
    assertThat(here).isEmpty();
    clock.advance(Duration.ofHours(1));
    await(() -> here.size() == 1);
    assertThat(here).containsExactly("r");
    reminders.close();
  }

  @Test
  void aReplacedReminderStartsWithoutTheOldOnesTrack() throws Exception {
    io.jdaprd.core.scheduler.ManualClock clock = io.jdaprd.core.scheduler.ManualClock.startingNow();
    List<String> ticks = new CopyOnWriteArrayList<>();
    ActorReminders reminders = recording(clock, ticks, ActorReminders.Entry::data);
    java.time.Instant now = clock.instant();
    reminders.create(new ActorReminders.Entry("Cart", "1", "r", "old", "0s", "@every 1h", now, -1, null), true);
    await(() -> ticks.size() == 1);
    awaitTrack(t -> t != null);
    reminders.create(new ActorReminders.Entry("Cart", "1", "r", "new", "0s", "@every 1h", now, -1, null), true);
    await(() -> ticks.size() == 2);
    assertThat(ticks).containsExactly("old", "new");
    assertThat(reminders.get("Cart", "1", "r")).map(ActorReminders.Entry::data).contains("new");
    reminders.close();
  }
}
