package io.jdaprd.core.pubsub.delivery;

import static io.jdaprd.core.pubsub.delivery.Deliveries.cloudEvent;
import static io.jdaprd.core.pubsub.delivery.Deliveries.incoming;
import static io.jdaprd.core.pubsub.delivery.Deliveries.subscription;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.spi.pubsub.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bulk subscribe: batches by count and by time, per-entry statuses, raw payloads, delivery of the rest on close. */
class BulkEventDeliveryTest {
  private final Deliveries.DeadLetterTopic deadLetters = new Deliveries.DeadLetterTopic();
  private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    handlers.shutdownNow();
  }

  /** Answers each entry with the status its CloudEvent id names ("ok-", "drop-", "retry-", "silent-"). */
  private static BulkEventReply byId(BulkTopicEventDelivery batch) {
    Map<String, EventStatus> statuses = new HashMap<>();
    for (BulkTopicEventDelivery.Entry e : batch.entries()) {
      String id = e.cloudEvent() == null ? "ok-raw" : String.valueOf(e.cloudEvent().get("id"));
      if (id.startsWith("ok-")) {
        statuses.put(e.entryId(), EventStatus.SUCCESS);
      } else if (id.startsWith("drop-")) {
        statuses.put(e.entryId(), EventStatus.DROP);
      } else if (id.startsWith("retry-")) {
        statuses.put(e.entryId(), EventStatus.RETRY);
      }
    }
    return new BulkEventReply(statuses, "");
  }

  private BulkEventDelivery bulk(int maxCount, int maxAwaitMs, Map<String, String> metadata,
      Function<BulkTopicEventDelivery, BulkEventReply> answer, Deliveries.ScriptedTarget[] targetOut) {
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(List.of(EventReply.SUCCESS), answer);
    targetOut[0] = target;
    return new BulkEventDelivery(incoming(subscription("poison", new BulkSubscribeSpec(true, maxCount, maxAwaitMs),
        metadata, List.of()), deadLetters), target);
  }

  private List<Future<?>> handleAll(BulkEventDelivery bulk, Message... messages) {
    List<Future<?>> futures = new ArrayList<>();
    for (Message m : messages) {
      futures.add(handlers.submit(() -> {
        bulk.handle(m);
        return null;
      }));
    }
    return futures;
  }

  @Test
  void aFullBatchIsDeliveredAtOnceInOneCall() throws Exception {
    Deliveries.ScriptedTarget[] target = new Deliveries.ScriptedTarget[1];
    try (BulkEventDelivery bulk = bulk(3, 60_000, Map.of(), BulkEventDeliveryTest::byId, target)) {
      for (Future<?> f : handleAll(bulk, cloudEvent("ok-1"), cloudEvent("ok-2"), cloudEvent("ok-3"))) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(target[0].batches).singleElement().satisfies(b -> {
        assertThat(b.path()).isEqualTo("/orders");
        assertThat(b.pubsubName()).isEqualTo("pubsub");
        assertThat(b.metadata()).containsEntry("pubsubName", "pubsub");
        assertThat(b.entries()).allSatisfy(e -> assertThat(e.contentType()).isEqualTo("application/cloudevents+json"));
      });
      assertThat(target[0].entryIds()).containsExactlyInAnyOrder("ok-1", "ok-2", "ok-3");
    }
  }

  @Test
  void aBatchThatDoesNotFillIsDeliveredAfterTheMaximumWait() throws Exception {
    Deliveries.ScriptedTarget[] target = new Deliveries.ScriptedTarget[1];
    try (BulkEventDelivery bulk = bulk(100, 100, Map.of(), BulkEventDeliveryTest::byId, target)) {
      long start = System.nanoTime();
      handleAll(bulk, cloudEvent("ok-1")).getFirst().get(10, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
      assertThat(target[0].entryIds()).containsExactly("ok-1");
    }
  }

  @Test
  void eachEntryFollowsItsOwnStatus() throws Exception {
    Deliveries.ScriptedTarget[] target = new Deliveries.ScriptedTarget[1];
    try (BulkEventDelivery bulk = bulk(4, 60_000, Map.of(), BulkEventDeliveryTest::byId, target)) {
      List<Future<?>> f = handleAll(bulk, cloudEvent("ok-1"), cloudEvent("drop-2"), cloudEvent("retry-3"),
          cloudEvent("silent-4"));
      f.get(0).get(10, TimeUnit.SECONDS);
      f.get(1).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> f.get(2).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasMessageContaining("not taken by the app");
      assertThatThrownBy(() -> f.get(3).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
          .hasMessageContaining("not taken by the app");
      assertThat(deadLetters.sent).singleElement().asString().contains("\"id\":\"drop-2\"");
    }
  }

  @Test
  void aBatchTheTargetCannotTakeIsHandedBackWhole() throws Exception {
    Deliveries.ScriptedTarget[] target = new Deliveries.ScriptedTarget[1];
    try (BulkEventDelivery bulk = bulk(2, 60_000, Map.of(), batch -> {
      throw new IllegalStateException("app down");
    }, target)) {
      for (Future<?> f : handleAll(bulk, cloudEvent("ok-1"), cloudEvent("ok-2"))) {
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      }
      assertThat(deadLetters.sent).isEmpty();
    }
  }

  @Test
  void closingDeliversWhatIsWaiting() throws Exception {
    Deliveries.ScriptedTarget[] target = new Deliveries.ScriptedTarget[1];
    BulkEventDelivery bulk = bulk(100, 60_000, Map.of(), BulkEventDeliveryTest::byId, target);
    Future<?> waiting = handleAll(bulk, cloudEvent("ok-1")).getFirst();
    Thread.sleep(300);
    assertThat(target[0].batches).as("nothing delivered before the close").isEmpty();
    bulk.close();
    waiting.get(10, TimeUnit.SECONDS);
    assertThat(target[0].entryIds()).containsExactly("ok-1");
  }

  @Test
  void rawPayloadEntriesCarryTheMessageBytesNotACloudEvent() throws Exception {
    Deliveries.ScriptedTarget[] target = new Deliveries.ScriptedTarget[1];
    try (BulkEventDelivery bulk = bulk(2, 60_000, Map.of("rawPayload", "true"), BulkEventDeliveryTest::byId,
        target)) {
      Message plain = new Message("orders", "hello".getBytes(StandardCharsets.UTF_8), null, Map.of("k", "v"));
      Message typed = new Message("orders", new byte[] {1, 2}, "application/x-thing", Map.of());
      for (Future<?> f : handleAll(bulk, plain, typed)) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(target[0].batches).singleElement().satisfies(b -> assertThat(b.entries()).allSatisfy(e -> {
        assertThat(e.isRaw()).isTrue();
        assertThat(e.cloudEvent()).isNull();
      }).anySatisfy(e -> {
        assertThat(new String(e.rawEvent(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(e.contentType()).isEmpty();
        assertThat(e.metadata()).containsEntry("k", "v");
      }).anySatisfy(e -> {
        assertThat(e.rawEvent()).containsExactly(1, 2);
        assertThat(e.contentType()).isEqualTo("application/x-thing");
      }));
    }
  }

  @Test
  void underAnInboundPolicyOnlyTheEntriesToRetryAreDeliveredAgain() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    Function<BulkTopicEventDelivery, BulkEventReply> answer = batch -> {
      int call = calls.incrementAndGet();
      Map<String, EventStatus> statuses = new HashMap<>();
      for (BulkTopicEventDelivery.Entry e : batch.entries()) {
        String id = String.valueOf(e.cloudEvent().get("id"));
        boolean retry = id.startsWith("retry-") || id.startsWith("flaky-") && call == 1;
        statuses.put(e.entryId(), retry ? EventStatus.RETRY : EventStatus.SUCCESS);
      }
      return new BulkEventReply(statuses, "");
    };
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(List.of(EventReply.SUCCESS), answer);
    io.jdaprd.core.resiliency.Policy twice = new io.jdaprd.core.resiliency.Policy("component[pubsub] input",
        Duration.ZERO, io.jdaprd.core.resiliency.RetrySpec.constant(Duration.ofMillis(1), 2), null,
        io.jdaprd.core.resiliency.Ticker.SYSTEM);
    try (BulkEventDelivery bulk = new BulkEventDelivery(incoming(subscription("poison", new BulkSubscribeSpec(true, 3,
        60_000), Map.of(), List.of()), deadLetters), target, twice, io.jdaprd.core.metrics.Metrics.NONE)) {
      List<Future<?>> f = handleAll(bulk, cloudEvent("ok-1"), cloudEvent("flaky-2"), cloudEvent("retry-3"));
      f.get(0).get(10, TimeUnit.SECONDS);
      f.get(1).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> f.get(2).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      assertThat(target.batches).extracting(b -> b.entries().stream().map(e -> String.valueOf(e.cloudEvent()
          .get("id"))).sorted().toList())
          .containsExactly(List.of("flaky-2", "ok-1", "retry-3"), List.of("flaky-2", "retry-3"), List.of("retry-3"));
    }
  }

  @Test
  void eachBatchIsCountedWithItsEntriesByStatusAsDaprdCountsThem() throws Exception {
    io.jdaprd.core.metrics.Metrics metrics = new io.jdaprd.core.metrics.Metrics("app", null,
        io.jdaprd.core.metrics.MetricsSpec.DEFAULT);
    Deliveries.ScriptedTarget target = new Deliveries.ScriptedTarget(List.of(EventReply.SUCCESS),
        BulkEventDeliveryTest::byId);
    io.jdaprd.core.resiliency.Policy twice = new io.jdaprd.core.resiliency.Policy("component[pubsub] input",
        Duration.ZERO, io.jdaprd.core.resiliency.RetrySpec.constant(Duration.ofMillis(1), 1), null,
        io.jdaprd.core.resiliency.Ticker.SYSTEM);
    try (BulkEventDelivery bulk = new BulkEventDelivery(incoming(subscription("poison", new BulkSubscribeSpec(true, 3,
        60_000), Map.of(), List.of()), deadLetters), target, twice, metrics)) {
      List<Future<?>> f = handleAll(bulk, cloudEvent("ok-1"), cloudEvent("drop-2"), cloudEvent("retry-3"));
      f.get(0).get(10, TimeUnit.SECONDS);
      f.get(1).get(10, TimeUnit.SECONDS);
      assertThatThrownBy(() -> f.get(2).get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
      // an expired event never reaches a batch: a drop in the event count alone
      bulk.handle(cloudEvent("expired-4", ",\"expiration\":\"2020-01-01T00:00:00Z\""));
    }
    String labels = "{app_id=\"app\",component=\"pubsubName\",namespace=\"\",";
    // one batch, two app calls (the retry sends retry-3 once more): each call's statuses count
    assertThat(metrics.scrape(false))
        .contains("dapr_component_pubsub_ingress_bulk_count" + labels + "process_status=\"\",topic=\"orders\"} 1\n")
        .contains("dapr_component_pubsub_ingress_bulk_event_count" + labels
            + "process_status=\"success\",topic=\"orders\"} 1\n")
        .contains("dapr_component_pubsub_ingress_bulk_event_count" + labels
            + "process_status=\"drop\",topic=\"orders\"} 2\n")
        .contains("dapr_component_pubsub_ingress_bulk_event_count" + labels
            + "process_status=\"retry\",topic=\"orders\"} 2\n");
  }
}
