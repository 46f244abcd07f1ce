package io.jdaprd.components.kafka;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The delivery of one assigned partition, on a virtual thread of its own: the records the reader fetched are handed
 * to the handler one at a time, in offset order, while the workers of other partitions deliver theirs at the same
 * time (as components-contrib's consumer runs one claim per partition).
 *
 * <p>A record whose handler threw waits {@code consumeRetryInterval} and is handed over again, until the handler
 * takes it, while the later records of the partition keep flowing; when {@code consumeRetryEnabled} is false it is
 * logged and dropped instead. {@link #position()} is the offset the reader may commit: the oldest record handed to
 * this worker that is neither handled nor dropped, so a commit never passes a record the handler has not taken.
 *
 * <p>Every method but the constructor is safe to call from any thread. {@link #stop()} lets the handler call in
 * flight finish and starts no other; records not handled by then stay unhandled (the position stays before them).
 */
final class PartitionWorker {
  private static final System.Logger LOG = System.getLogger(PartitionWorker.class.getName());

  private final String label;
  private final TopicPartition partition;
  private final KafkaSettings settings;
  private final KafkaReader.RecordHandler handler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Fetched records not handed to the handler yet, in offset order. */
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> fetched = new ArrayDeque<>();
  /** Refused records waiting for their retry, in the order they fall due (the interval is one for all). */
  private final ArrayDeque<Waiting> retries = new ArrayDeque<>();
  /** The offsets of {@link #retries}, for the position. */
  private final TreeSet<Long> retryOffsets = new TreeSet<>();
  private final Thread thread;
  /** The offset after the last record accepted from the reader. */
  private long next;
  /** The offset of the record the handler has now, or -1. */
  private long inFlight = -1;
  private boolean stopping;

  private record Waiting(ConsumerRecord<byte[], byte[]> record, long dueNanos) {
  }

  /** Starts delivering {@code partition}, whose next record is at {@code position}. */
  PartitionWorker(String label, TopicPartition partition, long position, KafkaSettings settings,
      KafkaReader.RecordHandler handler) {
    this.label = label;
    this.partition = partition;
    this.settings = settings;
    this.handler = handler;
    this.next = position;
    this.thread = Thread.ofVirtual().name("kafka-partition-" + partition).start(this::run);
  }

  TopicPartition partition() {
    return partition;
  }

  /** Queues the fetched {@code records} of this partition; records before the worker's position are ignored. */
  void offer(List<ConsumerRecord<byte[], byte[]>> records) {
    lock.lock();
    try {
      for (ConsumerRecord<byte[], byte[]> r : records) {
        if (r.offset() >= next) {
          fetched.add(r);
          next = r.offset() + 1;
        }
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The offset to commit: the oldest record neither handled nor dropped, else the one after the last accepted. */
  long position() {
    lock.lock();
    try {
      long position = next;
      if (inFlight >= 0) {
        position = Math.min(position, inFlight);
      }
      if (!fetched.isEmpty()) {
        position = Math.min(position, fetched.peekFirst().offset());
      }
      if (!retryOffsets.isEmpty()) {
        position = Math.min(position, retryOffsets.first());
      }
      return position;
    } finally {
      lock.unlock();
    }
  }

  /** How many records wait here: fetched and not handed over yet, or refused and waiting for a retry. */
  int backlog() {
    lock.lock();
    try {
      return fetched.size() + retries.size();
    } finally {
      lock.unlock();
    }
  }

  /** Starts no further handler call; the one in flight finishes. Idempotent. */
  void stop() {
    lock.lock();
    try {
      stopping = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the handler call in flight (if any) returned after {@link #stop()}.
   *
   * @return whether the worker stopped within {@code wait}
   */
  boolean awaitStopped(Duration wait) throws InterruptedException {
    return thread.join(wait);
  }

  private void run() {
    while (true) {
      ConsumerRecord<byte[], byte[]> record = take();
      if (record == null) {
        return;
      }
      boolean taken = deliver(record);
      lock.lock();
      try {
        inFlight = -1;
        if (!taken) {
          retries.add(new Waiting(record, System.nanoTime() + settings.consumeRetryInterval().toNanos()));
          retryOffsets.add(record.offset());
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** The next record to hand over, a due retry first; null once stopping. */
  private ConsumerRecord<byte[], byte[]> take() {
    lock.lock();
    try {
      while (!stopping) {
        Waiting retry = retries.peekFirst();
        long now = System.nanoTime();
        ConsumerRecord<byte[], byte[]> record = null;
        if (retry != null && now - retry.dueNanos() >= 0) {
          retries.removeFirst();
          retryOffsets.remove(retry.record().offset());
          record = retry.record();
        } else if (!fetched.isEmpty()) {
          record = fetched.removeFirst();
        }
        if (record != null) {
          inFlight = record.offset();
          return record;
        }
        try {
          if (retry != null) {
            changed.awaitNanos(retry.dueNanos() - now);
          } else {
            changed.await();
          }
        } catch (InterruptedException e) {
          // The reader never interrupts its workers; stopping is signalled through stop().
          Thread.currentThread().interrupt();
          return null;
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands {@code record} to the handler.
   *
   * @return false when it is to be handed over again (the handler threw and retries are on, or it was interrupted)
   */
  private boolean deliver(ConsumerRecord<byte[], byte[]> record) {
    try {
      handler.handle(record);
      return true;
    } catch (InterruptedException e) {
      LOG.log(Level.DEBUG, label + ": the handler of offset " + record.offset() + " of " + partition
          + " was interrupted; retrying in " + settings.consumeRetryInterval().toMillis() + " ms");
      return false;
    } catch (Exception e) {
      if (!settings.consumeRetryEnabled()) {
        LOG.log(Level.WARNING, label + ": the handler refused offset " + record.offset() + " of " + partition
            + "; consumeRetryEnabled is false, so it is dropped: " + e.getMessage());
        return true;
      }
      LOG.log(Level.DEBUG, label + ": the handler refused offset " + record.offset() + " of " + partition
          + "; retrying in " + settings.consumeRetryInterval().toMillis() + " ms: " + e.getMessage());
      return false;
    }
  }

  @Override
  public String toString() {
    return "PartitionWorker[" + partition + "]";
  }
}
