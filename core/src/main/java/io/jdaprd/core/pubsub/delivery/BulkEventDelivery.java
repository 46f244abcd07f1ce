package io.jdaprd.core.pubsub.delivery;

import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.pubsub.CloudEvents;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.core.resiliency.Policy;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bulk subscribe: gathers a subscription's messages into batches of at most {@code maxMessagesCount}, waiting at
 * most {@code maxAwaitDurationMs} for a batch to fill, and delivers each batch with one call per route path. Every
 * message's handler waits for its entry's status: {@code SUCCESS} acknowledges, {@code DROP} dead-letters (when
 * configured) and acknowledges, {@code RETRY} hands the message back to the broker (the handler throws). A batch can
 * hold no more messages than the broker hands over at once (its concurrency setting).
 *
 * <p>Metrics as daprd 1.18 records a bulk delivery: per batch, {@code dapr_component_pubsub_ingress_bulk_count} and
 * {@code _latencies} (the last app call's latency), and {@code _event_count} by status, counting each entry once per
 * app call it took part in (a retried entry counts as {@code retry}, then as what the next call made of it). A message
 * dropped before it reaches a batch (expired, no route, unreadable and dead-lettered) is counted as {@code drop} in
 * {@code _event_count} alone; an unreadable one handed back to the broker is not counted, as daprd counts it
 * nowhere.
 */
final class BulkEventDelivery implements MessageHandler, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BulkEventDelivery.class);

  private final IncomingEvents incoming;
  private final EventTarget target;
  private final Policy policy;
  private final BulkSubscribeSpec spec;
  private final Metrics metrics;
  private final ScheduledExecutorService timer;
  private final Object lock = new Object();
  private List<Pending> batch = new ArrayList<>();
  private ScheduledFuture<?> flushTimer;

  private record Pending(String entryId, IncomingEvents.Routed routed, CompletableFuture<EventStatus> status) {
  }

  BulkEventDelivery(IncomingEvents incoming, EventTarget target) {
    this(incoming, target, Policy.NONE, Metrics.NONE);
  }

  /**
   * @param policy the pub/sub's inbound resiliency policy, as daprd's {@code applyBulkSubscribeResiliency}: a
   *     batch is retried with only the entries the app asked to retry (or did not answer)
   * @param metrics where each batch is recorded
   */
  BulkEventDelivery(IncomingEvents incoming, EventTarget target, Policy policy, Metrics metrics) {
    this.policy = policy;
    this.metrics = metrics;
    this.incoming = incoming;
    this.target = target;
    this.spec = incoming.subscription().bulk();
    this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("bulk-flush").factory());
  }

  @Override
  public void handle(Message message) throws Exception {
    Optional<IncomingEvents.Routed> routed = incoming.rawPayload() ? incoming.readRaw(message)
        : incoming.read(message);
    if (routed.isEmpty()) {
      metrics.pubsubBulkIngressEntries(incoming.subscription().topic(), "drop", 1);
      return;
    }
    Pending pending = new Pending(UUID.randomUUID().toString(), routed.get(), new CompletableFuture<>());
    List<Pending> full = null;
    synchronized (lock) {
      batch.add(pending);
      if (batch.size() >= spec.maxMessagesCount()) {
        full = takeBatch();
      } else if (batch.size() == 1) {
        flushTimer = timer.schedule(this::flushNow, spec.maxAwaitDurationMs(), TimeUnit.MILLISECONDS);
      }
    }
    if (full != null) {
      deliver(full);
    }
    EventStatus status = pending.status().get();
    switch (status) {
      case SUCCESS -> {
      }
      case DROP -> incoming.deadLetterDropped(message);
      default -> throw new IllegalStateException("bulk entry " + pending.entryId() + " not taken by the app");
    }
  }

  private List<Pending> takeBatch() {
    List<Pending> out = batch;
    batch = new ArrayList<>();
    if (flushTimer != null) {
      flushTimer.cancel(false);
      flushTimer = null;
    }
    return out;
  }

  private void flushNow() {
    List<Pending> taken;
    synchronized (lock) {
      taken = takeBatch();
    }
    if (!taken.isEmpty()) {
      deliver(taken);
    }
  }

  private void deliver(List<Pending> pendings) {
    Map<String, List<Pending>> byPath = new LinkedHashMap<>();
    pendings.forEach(p -> byPath.computeIfAbsent(p.routed().path(), k -> new ArrayList<>()).add(p));
    TopicSubscription s = incoming.subscription();
    Tally tally = new Tally();
    for (Map.Entry<String, List<Pending>> group : byPath.entrySet()) {
      List<BulkTopicEventDelivery.Entry> entries = new ArrayList<>();
      for (Pending p : group.getValue()) {
        Message message = p.routed().message();
        entries.add(incoming.rawPayload()
            ? BulkTopicEventDelivery.Entry.raw(p.entryId(), p.routed().json(), message.contentType(),
                message.metadata())
            : new BulkTopicEventDelivery.Entry(p.entryId(), p.routed().event(), CloudEvents.CONTENT_TYPE,
                message.metadata()));
      }
      Map<String, EventStatus> statuses = new java.util.concurrent.ConcurrentHashMap<>();
      var left = new java.util.concurrent.atomic.AtomicReference<>(entries);
      try {
        policy.run(() -> {
          List<BulkTopicEventDelivery.Entry> retry = attempt(group.getKey(), left.get(), statuses, tally);
          left.set(retry);
          if (!retry.isEmpty()) {
            throw new IllegalStateException(retry.size() + " bulk entries to retry");
          }
          return null;
        }, IllegalStateException::new);
      } catch (RuntimeException e) {
        LOG.debug("bulk delivery to {} for topic {} of pubsub {} ends with entries to retry: {}", group.getKey(),
            s.topic(), s.pubsubName(), e.getMessage());
      }
      for (Pending p : group.getValue()) {
        p.status().complete(statuses.getOrDefault(p.entryId(), EventStatus.RETRY));
      }
    }
    metrics.pubsubBulkIngress(s.topic(), tally.elapsedNanos);
    for (EventStatus status : EventStatus.values()) {
      metrics.pubsubBulkIngressEntries(s.topic(), status.name().toLowerCase(java.util.Locale.ROOT),
          tally.counts[status.ordinal()]);
    }
  }

  /** What the app calls of one batch made of its entries, and the last call's latency. */
  private static final class Tally {
    final long[] counts = new long[EventStatus.values().length];
    volatile long elapsedNanos;

    synchronized void add(EventStatus status) {
      counts[status.ordinal()]++;
    }
  }

  /** One delivery of {@code entries} to {@code path}; returns those the app asked to retry or did not answer. */
  private List<BulkTopicEventDelivery.Entry> attempt(String path, List<BulkTopicEventDelivery.Entry> entries,
      Map<String, EventStatus> statuses, Tally tally) {
    TopicSubscription s = incoming.subscription();
    BulkEventReply reply;
    long start = System.nanoTime();
    try {
      reply = target.deliverBulk(new BulkTopicEventDelivery(UUID.randomUUID().toString(), path,
          s.pubsubName(), s.topic(), entries, Map.of("pubsubName", s.pubsubName())));
    } catch (RuntimeException e) {
      reply = new BulkEventReply(Map.of(), e.toString());
    }
    tally.elapsedNanos = System.nanoTime() - start;
    if (!reply.reason().isEmpty()) {
      LOG.warn("bulk delivery to {} for topic {} of pubsub {}: {}", path, s.topic(), s.pubsubName(),
          reply.reason());
    }
    List<BulkTopicEventDelivery.Entry> retry = new ArrayList<>();
    for (BulkTopicEventDelivery.Entry e : entries) {
      EventStatus status = reply.statuses().getOrDefault(e.entryId(), EventStatus.RETRY);
      statuses.put(e.entryId(), status);
      tally.add(status);
      if (status == EventStatus.RETRY) {
        retry.add(e);
      }
    }
    return retry;
  }

  /** Delivers what is waiting and stops the timer. */
  @Override
  public void close() {
    flushNow();
    timer.shutdownNow();
  }
}
