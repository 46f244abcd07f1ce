package io.jdaprd.components.kafka;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * One consumer in a consumer group, reading some topics on a thread of its own and handing every record to a
 * handler, one at a time, with at-least-once delivery:
 *
 * <ul>
 *   <li>a partition's committed offset never passes a record whose handler has not returned normally: the reader
 *       commits, at most every {@value #COMMIT_INTERVAL_MS} ms (as daprd's client commits marked offsets every
 *       second) and when it stops or loses partitions, the offset of the first record of each partition that is
 *       neither handled nor waiting for a retry;</li>
 *   <li>a record whose handler threw waits {@code consumeRetryInterval} and is handed over again, until the handler
 *       takes it, while later records keep flowing (when {@code consumeRetryEnabled} is false it is logged and
 *       dropped instead, as components-contrib's binding does); more than {@value #MAX_WAITING} records waiting for a
 *       retry pause the reader's partitions until some are taken;</li>
 *   <li>when partitions are taken away in a rebalance, their offsets are committed first and their waiting records
 *       forgotten: the new owner reads them again from the committed offset.</li>
 * </ul>
 *
 * <p>Before the first assignment the position of each assigned partition is fixed (where the group left off, else
 * {@code initialOffset}) and committed, so that records published once {@link #start} returned are never skipped.
 */
final class KafkaReader implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaReader.class.getName());
  /** Records waiting for a retry beyond which the reader stops fetching. */
  static final int MAX_WAITING = 1000;
  private static final Duration POLL = Duration.ofMillis(100);
  /** How often, at most, the reader commits while it reads: a commit per poll would load the broker for nothing. */
  static final long COMMIT_INTERVAL_MS = 500;
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

  /** Handles one record; throws when it was not taken. */
  @FunctionalInterface
  interface RecordHandler {
    void handle(ConsumerRecord<byte[], byte[]> record) throws Exception;
  }

  private final String label;
  private final KafkaSettings settings;
  private final Collection<String> topics;
  private final RecordHandler handler;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final CountDownLatch assigned = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);
  /** Per assigned partition: the offset of the next record not yet handed to the handler. */
  private final Map<TopicPartition, Long> next = new HashMap<>();
  /** Per assigned partition: the records waiting for a retry, by offset. */
  private final Map<TopicPartition, TreeMap<Long, Waiting>> waiting = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private volatile boolean closing;
  private Thread thread;
  private boolean paused;
  private long lastCommit = System.nanoTime();

  private record Waiting(ConsumerRecord<byte[], byte[]> record, long dueNanos) {
  }

  KafkaReader(String label, KafkaSettings settings, String group, Collection<String> topics, RecordHandler handler) {
    this.label = label;
    this.settings = settings;
    this.topics = List.copyOf(topics);
    this.handler = handler;
    Map<String, Object> p = settings.common();
    p.put("group.id", group);
    p.put("enable.auto.commit", false);
    p.put("auto.offset.reset", settings.latest() ? "latest" : "earliest");
    p.put("heartbeat.interval.ms", (int) settings.heartbeatInterval().toMillis());
    p.put("session.timeout.ms", (int) settings.sessionTimeout().toMillis());
    p.put("max.poll.records", 100);
    p.put("allow.auto.create.topics", true);
    this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * Starts reading and waits, at most {@code assignmentWait}, until the group has given this reader its partitions
   * (possibly none) and their positions are fixed.
   *
   * @return whether the assignment came in time (when not, the reader goes on trying in the background)
   */
  boolean start(Duration assignmentWait) throws InterruptedException {
    thread = Thread.ofPlatform().daemon().name("kafka-reader-" + String.join(",", topics)).start(this::run);
    return assigned.await(assignmentWait.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void run() {
    try {
      consumer.subscribe(topics, new Rebalance());
      while (!closing) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(pollTimeout());
        } catch (WakeupException e) {
          continue;
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (closing) {
            break;
          }
          TopicPartition tp = new TopicPartition(record.topic(), record.partition());
          if (!next.containsKey(tp)) {
            continue;
          }
          deliver(tp, record, false);
          next.put(tp, record.offset() + 1);
        }
        retryDue();
        flowControl();
        if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL_MS * 1_000_000) {
          commit(false);
          lastCommit = System.nanoTime();
        }
      }
    } catch (WakeupException e) {
      // Closing.
    } catch (KafkaException | IllegalStateException e) {
      if (!closing) {
        LOG.log(Level.ERROR, label + ": the reader of " + topics + " stopped: " + e.getMessage(), e);
      }
    } finally {
      try {
        try {
          commit(true);
        } catch (WakeupException e) {
          // The wake-up of close() was still pending (it came while the handler ran): it is used up now.
          commit(true);
        }
      } catch (KafkaException e) {
        LOG.log(Level.WARNING, label + ": committing at close failed (the records since are read again): "
            + e.getMessage());
      }
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (KafkaException e) {
        LOG.log(Level.DEBUG, label + ": closing the consumer: " + e.getMessage());
      }
      assigned.countDown();
      finished.countDown();
    }
  }

  /** Hands {@code record} to the handler; on failure schedules (or, without retries, drops) it. */
  private void deliver(TopicPartition tp, ConsumerRecord<byte[], byte[]> record, boolean retry) {
    try {
      handler.handle(record);
      if (retry) {
        waiting.get(tp).remove(record.offset());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      schedule(tp, record);
    } catch (Exception e) {
      if (!settings.consumeRetryEnabled()) {
        LOG.log(Level.WARNING, label + ": the handler refused offset " + record.offset() + " of " + tp
            + "; consumeRetryEnabled is false, so it is dropped: " + e.getMessage());
        return;
      }
      LOG.log(Level.DEBUG, label + ": the handler refused offset " + record.offset() + " of " + tp + "; retrying in "
          + settings.consumeRetryInterval().toMillis() + " ms: " + e.getMessage());
      schedule(tp, record);
    }
  }

  private void schedule(TopicPartition tp, ConsumerRecord<byte[], byte[]> record) {
    long due = System.nanoTime() + settings.consumeRetryInterval().toNanos();
    waiting.computeIfAbsent(tp, k -> new TreeMap<>()).put(record.offset(), new Waiting(record, due));
  }

  /** Hands over again the waiting records whose retry time came, oldest first. */
  private void retryDue() {
    long now = System.nanoTime();
    for (Map.Entry<TopicPartition, TreeMap<Long, Waiting>> e : new ArrayList<>(waiting.entrySet())) {
      List<Waiting> due = e.getValue().values().stream().filter(w -> now - w.dueNanos() >= 0).toList();
      for (Waiting w : due) {
        if (closing || !waiting.containsKey(e.getKey())) {
          return;
        }
        deliver(e.getKey(), w.record(), true);
      }
    }
  }

  private Duration pollTimeout() {
    long now = System.nanoTime();
    long soonest = POLL.toNanos();
    for (TreeMap<Long, Waiting> m : waiting.values()) {
      for (Waiting w : m.values()) {
        soonest = Math.min(soonest, Math.max(0, w.dueNanos() - now));
      }
    }
    return Duration.ofNanos(soonest);
  }

  /** Pauses fetching while too many records wait for a retry, and resumes once few enough do. */
  private void flowControl() {
    int count = waiting.values().stream().mapToInt(Map::size).sum();
    if (!paused && count > MAX_WAITING) {
      consumer.pause(consumer.assignment());
      paused = true;
    } else if (paused && count <= MAX_WAITING / 2) {
      consumer.resume(consumer.paused());
      paused = false;
    }
  }

  /** The offsets to commit: per partition, the first record neither handled nor waiting. */
  private Map<TopicPartition, OffsetAndMetadata> watermarks(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      Long offset = next.get(tp);
      if (offset == null) {
        continue;
      }
      TreeMap<Long, Waiting> w = waiting.get(tp);
      if (w != null && !w.isEmpty()) {
        offset = Math.min(offset, w.firstKey());
      }
      if (!offset.equals(committed.get(tp))) {
        offsets.put(tp, new OffsetAndMetadata(offset));
      }
    }
    return offsets;
  }

  private void commit(boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = watermarks(next.keySet());
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(offsets, Duration.ofSeconds(10));
      offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
    } else {
      consumer.commitAsync(offsets, (done, failure) -> {
        if (failure == null) {
          done.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
        } else {
          LOG.log(Level.DEBUG, label + ": commit failed, retried after the next batch: " + failure.getMessage());
        }
      });
    }
  }

  /** Commits what a rebalance takes away, and fixes the position of what it gives. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      Map<TopicPartition, OffsetAndMetadata> offsets = watermarks(partitions);
      try {
        if (!offsets.isEmpty()) {
          consumer.commitSync(offsets, Duration.ofSeconds(10));
        }
      } catch (KafkaException e) {
        LOG.log(Level.WARNING, label + ": committing revoked partitions failed (their records since are read"
            + " again): " + e.getMessage());
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        try {
          next.put(tp, consumer.position(tp, Duration.ofSeconds(10)));
        } catch (KafkaException e) {
          LOG.log(Level.WARNING, label + ": no position for " + tp + " yet: " + e.getMessage());
        }
      }
      if (paused) {
        consumer.pause(partitions);
      }
      try {
        Map<TopicPartition, OffsetAndMetadata> offsets = watermarks(partitions);
        if (!offsets.isEmpty()) {
          consumer.commitSync(offsets, Duration.ofSeconds(10));
          offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        }
      } catch (KafkaException e) {
        LOG.log(Level.DEBUG, label + ": committing the starting positions failed: " + e.getMessage());
      }
      assigned.countDown();
    }

    private void forget(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        next.remove(tp);
        waiting.remove(tp);
        committed.remove(tp);
      }
    }
  }

  /**
   * Stops reading: lets the handler call in flight finish (waiting at most a minute), commits what was handled and
   * leaves the group. Idempotent.
   */
  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    if (thread == null) {
      consumer.close(Duration.ZERO);
      return;
    }
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      if (!finished.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, label + ": the reader of " + topics + " did not stop within " + CLOSE_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
