package io.jdaprd.components.kafka;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * One consumer in a consumer group, reading some topics on a thread of its own and handing the records of each
 * assigned partition to a {@link PartitionWorker} of that partition: records of one partition reach the handler one
 * at a time in offset order, partitions are delivered in parallel (components-contrib's model: one claim per
 * partition). Delivery is at least once:
 *
 * <ul>
 *   <li>a partition's committed offset never passes a record whose handler has not returned normally: the reader
 *       commits, at most every {@value #COMMIT_INTERVAL_MS} ms (as daprd's client commits marked offsets every
 *       second) and when it stops or loses partitions, each worker's {@link PartitionWorker#position() position}:
 *       the first record of the partition that is neither handled nor dropped;</li>
 *   <li>a record whose handler threw is handed over again after {@code consumeRetryInterval} while the later records
 *       of its partition keep flowing, or dropped when {@code consumeRetryEnabled} is false ({@link PartitionWorker});
 *       a partition with more than {@value #MAX_BACKLOG} records waiting in its worker is paused until fewer than
 *       half as many do;</li>
 *   <li>when a rebalance takes partitions away, their workers start no further handler call, the calls in flight
 *       are waited for (at most {@link #HANDLER_WAIT}), and the positions are committed before the partitions go; the
 *       new owner reads from there. Partitions lost without a rebalance (the session expired) are dropped without a
 *       commit.</li>
 * </ul>
 *
 * <p>Before the first assignment the position of each assigned partition is fixed (where the group left off, else
 * {@code initialOffset}) and committed, so that records published once {@link #start} returned are never skipped.
 */
final class KafkaReader implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KafkaReader.class.getName());
  /** Records waiting in a partition's worker beyond which the reader stops fetching that partition. */
  static final int MAX_BACKLOG = 1000;
  private static final Duration POLL = Duration.ofMillis(100);
  /** The poll timeout while a partition is paused, so that it is resumed soon after its worker caught up. */
  private static final Duration POLL_WHILE_PAUSED = Duration.ofMillis(10);
  /** How often, at most, the reader commits while it reads: a commit per poll would load the broker for nothing. */
  static final long COMMIT_INTERVAL_MS = 500;
  /** How long closing or a rebalance waits for the handler calls in flight. */
  static final Duration HANDLER_WAIT = Duration.ofSeconds(60);
  private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** Handles one record; throws when it was not taken. Called from several threads at once, one per partition. */
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
  /** The workers of the assigned partitions; only the reader's thread touches this map and the two below. */
  private final Map<TopicPartition, PartitionWorker> workers = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();
  private final Set<TopicPartition> paused = new HashSet<>();
  private volatile boolean closing;
  private Thread thread;
  private long lastCommit = System.nanoTime();

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
          records = consumer.poll(paused.isEmpty() ? POLL : POLL_WHILE_PAUSED);
        } catch (WakeupException e) {
          continue;
        }
        for (TopicPartition tp : records.partitions()) {
          List<ConsumerRecord<byte[], byte[]>> fetched = records.records(tp);
          PartitionWorker worker = workers.get(tp);
          if (worker == null && consumer.assignment().contains(tp)) {
            // Its position could not be read at assignment: its worker starts at its first fetched record.
            worker = new PartitionWorker(label, tp, fetched.getFirst().offset(), settings, handler);
            workers.put(tp, worker);
          }
          if (worker != null) {
            worker.offer(fetched);
          }
        }
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
      stopWorkers(workers.values());
      try {
        try {
          commit(true);
        } catch (WakeupException e) {
          // The wake-up of close() was still pending (it came while the workers finished): it is used up now.
          commit(true);
        }
      } catch (KafkaException e) {
        LOG.log(Level.WARNING, label + ": committing at close failed (the records since are read again): "
            + e.getMessage());
      }
      workers.clear();
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (KafkaException e) {
        LOG.log(Level.DEBUG, label + ": closing the consumer: " + e.getMessage());
      }
      assigned.countDown();
      finished.countDown();
    }
  }

  /** Stops {@code stopping} and waits, at most {@link #HANDLER_WAIT} in all, for their handler calls in flight. */
  private void stopWorkers(Collection<PartitionWorker> stopping) {
    List<PartitionWorker> list = List.copyOf(stopping);
    list.forEach(PartitionWorker::stop);
    long deadline = System.nanoTime() + HANDLER_WAIT.toNanos();
    for (PartitionWorker w : list) {
      try {
        if (!w.awaitStopped(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
          LOG.log(Level.WARNING, label + ": the handler of " + w.partition() + " still runs after " + HANDLER_WAIT
              + "; its record stays uncommitted");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Pauses the partitions whose workers fell behind, and resumes them once they have caught up. */
  private void flowControl() {
    List<TopicPartition> pause = new ArrayList<>();
    List<TopicPartition> resume = new ArrayList<>();
    for (PartitionWorker w : workers.values()) {
      int backlog = w.backlog();
      boolean isPaused = paused.contains(w.partition());
      if (!isPaused && backlog > MAX_BACKLOG) {
        pause.add(w.partition());
      } else if (isPaused && backlog <= MAX_BACKLOG / 2) {
        resume.add(w.partition());
      }
    }
    if (!pause.isEmpty()) {
      consumer.pause(pause);
      paused.addAll(pause);
    }
    if (!resume.isEmpty()) {
      consumer.resume(resume);
      resume.forEach(paused::remove);
    }
  }

  /** The offsets to commit for {@code partitions}: each worker's position, where it moved since the last commit. */
  private Map<TopicPartition, OffsetAndMetadata> positions(Collection<TopicPartition> partitions) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : partitions) {
      PartitionWorker w = workers.get(tp);
      if (w == null) {
        continue;
      }
      long offset = w.position();
      Long last = committed.get(tp);
      if (last == null || last != offset) {
        offsets.put(tp, new OffsetAndMetadata(offset));
      }
    }
    return offsets;
  }

  private void commit(boolean sync) {
    Map<TopicPartition, OffsetAndMetadata> offsets = positions(workers.keySet());
    if (offsets.isEmpty()) {
      return;
    }
    if (sync) {
      consumer.commitSync(offsets, COMMIT_TIMEOUT);
      offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
    } else {
      consumer.commitAsync(offsets, (done, failure) -> {
        if (failure == null) {
          done.forEach((tp, o) -> {
            if (workers.containsKey(tp)) {
              committed.merge(tp, o.offset(), Math::max);
            }
          });
        } else {
          LOG.log(Level.DEBUG, label + ": commit failed, retried after the next batch: " + failure.getMessage());
        }
      });
    }
  }

  /** Finishes and commits what a rebalance takes away, and starts workers for what it gives. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      List<PartitionWorker> revoked = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        PartitionWorker w = workers.get(tp);
        if (w != null) {
          revoked.add(w);
        }
      }
      stopWorkers(revoked);
      Map<TopicPartition, OffsetAndMetadata> offsets = positions(partitions);
      try {
        if (!offsets.isEmpty()) {
          consumer.commitSync(offsets, COMMIT_TIMEOUT);
        }
      } catch (KafkaException e) {
        LOG.log(Level.WARNING, label + ": committing revoked partitions failed (their records since are read"
            + " again): " + e.getMessage());
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        PartitionWorker w = workers.get(tp);
        if (w != null) {
          w.stop();
        }
      }
      forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        try {
          long position = consumer.position(tp, COMMIT_TIMEOUT);
          workers.put(tp, new PartitionWorker(label, tp, position, settings, handler));
        } catch (KafkaException e) {
          LOG.log(Level.WARNING, label + ": no position for " + tp + " yet: " + e.getMessage());
        }
      }
      try {
        Map<TopicPartition, OffsetAndMetadata> offsets = positions(partitions);
        if (!offsets.isEmpty()) {
          consumer.commitSync(offsets, COMMIT_TIMEOUT);
          offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        }
      } catch (KafkaException e) {
        LOG.log(Level.DEBUG, label + ": committing the starting positions failed: " + e.getMessage());
      }
      assigned.countDown();
    }

    private void forget(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        workers.remove(tp);
        committed.remove(tp);
        paused.remove(tp);
      }
    }
  }

  /**
   * Stops reading: lets the handler calls in flight finish (waiting at most {@link #HANDLER_WAIT}), commits what was
   * handled and leaves the group. Idempotent.
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
      if (!finished.await(HANDLER_WAIT.plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, label + ": the reader of " + topics + " did not stop within " + HANDLER_WAIT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
