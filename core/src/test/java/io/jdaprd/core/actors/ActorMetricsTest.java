package io.jdaprd.core.actors;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.MetricsSpec;
import io.jdaprd.spi.ComponentMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** daprd's actor metrics, as the exposition shows them after timers and reminders fire and actors come and go. */
class ActorMetricsTest {
  private final Metrics metrics = new Metrics("myapp", null, MetricsSpec.DEFAULT);

  private static FakeActorApp app() throws Exception {
    return new FakeActorApp(ActorsConfig.parse("{\"entities\":[\"Cart\"]}".getBytes(StandardCharsets.UTF_8)));
  }

  private static void await(BooleanSupplier done) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
  }

  private boolean scraped(String line) {
    return metrics.scrape(false).contains(line);
  }

  @Test
  void timersFiredAreCountedBySuccess() throws Exception {
    FakeActorApp app = app();
    app.body = (t, i, m, r) -> {
      if (i.equals("bad")) {
        throw new ActorApp.ActorCallException("the app failed");
      }
      return FakeActorApp.reply(200, "");
    };
    ActorsBlock block = new ActorsBlock("myapp", new SelfPlacement("myapp"), null, false, metrics);
    block.host(app);
    block.createTimer(new ActorsBlock.TimerRequest("Cart", "1", "t", "0s", "", "", "cb", null), null,
        Transport.HTTP);
    block.createTimer(new ActorsBlock.TimerRequest("Cart", "bad", "t", "0s", "", "", "cb", null), null,
        Transport.HTTP);
    String ok = "dapr_runtime_actor_timers_fired_total{actor_type=\"Cart\",app_id=\"myapp\",success=\"true\"} 1\n";
    String failed =
        "dapr_runtime_actor_timers_fired_total{actor_type=\"Cart\",app_id=\"myapp\",success=\"false\"} 1\n";
    await(() -> scraped(ok) && scraped(failed));
    block.close();
    assertThat(metrics.scrape(false)).contains(ok).contains(failed);
  }

  @Test
  void remindersFiredAreCountedAndACancellationIsNoSuccess() throws Exception {
    InMemoryStateStore store = new InMemoryStateStore();
    store.init(new ComponentMetadata("statestore", "state.in-memory", "v1", "myapp", Map.of()));
    FakeActorApp app = app();
    app.body = (t, i, m, r) -> i.equals("stop") ? FakeActorApp.reply(200, "", "X-Daprremindercancel", "true")
        : FakeActorApp.reply(200, "");
    ActorsBlock block = new ActorsBlock("myapp", new SelfPlacement("myapp"), store, false, metrics);
    block.host(app);
    block.createReminder(new ActorsBlock.ReminderRequest("Cart", "1", "r", "0s", "", "", null, true), null,
        Transport.HTTP);
    block.createReminder(new ActorsBlock.ReminderRequest("Cart", "stop", "r", "0s", "", "", null, true), null,
        Transport.HTTP);
    String ok = "dapr_runtime_actor_reminders_fired_total{actor_type=\"Cart\",app_id=\"myapp\",success=\"true\"} 1\n";
    String cancelled =
        "dapr_runtime_actor_reminders_fired_total{actor_type=\"Cart\",app_id=\"myapp\",success=\"false\"} 1\n";
    await(() -> scraped(ok) && scraped(cancelled));
    block.close();
    store.close();
    assertThat(metrics.scrape(false)).contains(ok).contains(cancelled);
  }

  @Test
  void callsWaitingForATurnAreGaugedAndDeactivationsCounted() throws Exception {
    FakeActorApp app = app();
    CountDownLatch release = new CountDownLatch(1);
    app.body = (t, i, m, r) -> {
      if (m.equals("slow")) {
        release.await();
      }
      return FakeActorApp.reply(200, "");
    };
    ActorTable table = new ActorTable(app, app.config(), Clock.systemUTC(), metrics);
    Request request = new Request(Map.of(), "", "", new byte[0]);
    Thread slow = Thread.ofVirtual().start(() -> call(table, "slow", request));
    await(() -> app.calls.contains("Cart/1/slow"));
    Thread waiting = Thread.ofVirtual().start(() -> call(table, "next", request));
    String one = "dapr_runtime_actor_pending_actor_calls{actor_type=\"Cart\",app_id=\"myapp\"} 1\n";
    await(() -> scraped(one));
    assertThat(metrics.scrape(false)).contains(one);

    release.countDown();
    slow.join();
    waiting.join();
    assertThat(metrics.scrape(false))
        .contains("dapr_runtime_actor_pending_actor_calls{actor_type=\"Cart\",app_id=\"myapp\"} 0\n");

    assertThat(table.deactivate("Cart", "1")).isTrue();
    assertThat(metrics.scrape(false))
        .contains("dapr_runtime_actor_deactivated_total{actor_type=\"Cart\",app_id=\"myapp\"} 1\n");
  }

  private static void call(ActorTable table, String method, Request request) {
    try {
      table.call("Cart", "1", method, request);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
