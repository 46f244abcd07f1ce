package io.jdaprd.core.scheduler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jobs keyed by name, each run once at its due time: one dispatcher thread waits for the earliest due time in a
 * priority queue and hands each due job to a virtual thread of its own, with at most {@code maxRunning} jobs
 * running at once (the dispatcher waits for a slot, so a burst of due jobs is delivered as fast as they finish and
 * never all at once). Scheduling a key that is already scheduled replaces it; cancelled and replaced jobs are
 * dropped lazily when they reach the head of the queue, or all at once when they outnumber the live ones.
 * Costs one queue entry and one map entry per scheduled job, and no thread: the in-process half of a durable
 * scheduler (the caller keeps the durable half, for example reminders on the actor state store, and schedules
 * again what it loads at start). Jobs due at the same instant run in the order they were scheduled. Thread-safe.
 */
public final class DueQueue implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DueQueue.class);
  /**
   * The longest the dispatcher sleeps without looking at the clock again (a clock that jumps is noticed; a
   * {@link ManualClock} wakes it at once when moved).
   */
  private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Clock clock;
  private final Semaphore running;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Slot> queue = new PriorityQueue<>();
  private final Map<String, Slot> live = new HashMap<>();
  private final Thread dispatcher;
  private final Runnable wake = this::wake;
  private long sequence;
  private int stale;
  private volatile boolean closed;

  private record Slot(String key, Instant due, long seq, Runnable job) implements Comparable<Slot> {
    @Override
    public int compareTo(Slot o) {
      int c = due.compareTo(o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /**
   * @param name the dispatcher thread's name
   * @param clock the clock due times are read against
   * @param maxRunning the most jobs running at once (at least 1)
   */
  public DueQueue(String name, Clock clock, int maxRunning) {
    this.clock = clock;
    this.running = new Semaphore(Math.max(1, maxRunning));
    this.dispatcher = Thread.ofPlatform().daemon().name(name).start(this::dispatch);
    if (clock instanceof ManualClock manual) {
      manual.onAdvance(wake);
    }
  }

  /** Makes the dispatcher look at the clock again (a {@link ManualClock} was moved). */
  private void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Schedules {@code job} to run once at {@code due} (at once when it is past), replacing any job of {@code key}. */
  public void schedule(String key, Instant due, Runnable job) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      Slot slot = new Slot(key, due, sequence++, job);
      if (live.put(key, slot) != null) {
        dropped(1);
      }
      queue.add(slot);
      if (queue.peek() == slot) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Cancels the job of {@code key}; {@code false} when none was waiting (a job already running runs on). */
  public boolean cancel(String key) {
    lock.lock();
    try {
      boolean had = live.remove(key) != null;
      if (had) {
        dropped(1);
      }
      return had;
    } finally {
      lock.unlock();
    }
  }

  /** Cancels every waiting job whose key {@code matches}; answers how many. */
  public int cancelIf(Predicate<String> matches) {
    lock.lock();
    try {
      int before = live.size();
      live.keySet().removeIf(matches);
      int n = before - live.size();
      dropped(n);
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a job of {@code key} is waiting. */
  public boolean scheduled(String key) {
    lock.lock();
    try {
      return live.containsKey(key);
    } finally {
      lock.unlock();
    }
  }

  /** How many jobs are waiting. */
  public int size() {
    lock.lock();
    try {
      return live.size();
    } finally {
      lock.unlock();
    }
  }

  /** How many entries the queue holds, dropped ones not yet removed included (for tests). */
  int queued() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts {@code n} more dropped slots; rebuilds the queue once they pass a quarter of the live ones (a dropped slot
   * holds its job, and what the job holds, until then; the rebuild is linear, so it costs a few steps per drop).
   */
  private void dropped(int n) {
    stale += n;
    if (stale > 1024 && stale * 4L > live.size()) {
      queue.removeIf(s -> live.get(s.key()) != s);
      stale = 0;
    }
  }

  private void dispatch() {
    while (!closed) {
      Slot ready;
      lock.lock();
      try {
        ready = next();
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (ready == null) {
        return;
      }
      try {
        running.acquire();
      } catch (InterruptedException e) {
        return;
      }
      Thread.ofVirtual().name("due-" + ready.key()).start(() -> {
        try {
          ready.job().run();
        } catch (RuntimeException e) {
          LOG.error("scheduled job {} failed: {}", ready.key(), e.toString());
        } finally {
          running.release();
        }
      });
    }
  }

  /** Waits (holding the lock) for the next live slot to fall due and takes it; null once closed. */
  private Slot next() throws InterruptedException {
    while (!closed) {
      Slot head = queue.peek();
      if (head == null) {
        changed.await();
        continue;
      }
      if (live.get(head.key()) != head) {
        queue.poll();
        stale = Math.max(0, stale - 1);
        continue;
      }
      long wait = Duration.between(clock.instant(), head.due()).toNanos();
      if (wait > 0) {
        changed.awaitNanos(Math.min(wait, MAX_WAIT_NANOS));
        continue;
      }
      queue.poll();
      live.remove(head.key());
      return head;
    }
    return null;
  }

  /** Stops dispatching; jobs running finish on their own, waiting ones are dropped. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      live.clear();
      queue.clear();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (clock instanceof ManualClock manual) {
      manual.removeListener(wake);
    }
    dispatcher.interrupt();
  }
}
