package io.jdaprd.components.inmemory;

import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.Subscription;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One subscriber of {@link InMemoryPubSub}: a bounded queue of messages and {@code concurrency} virtual threads
 * that take them in order and call the handler. With one thread, the handler sees the messages in the order they
 * were queued.
 *
 * <p>The queue holds at most {@code queueDepth} messages not yet taken by a thread; {@link #offer} waits up to the
 * given time for room. {@link #close()} stops taking messages, waits up to {@code closeTimeout} for the handler
 * calls in flight, and hands the messages still queued to {@code orphans} (the component gives them to another
 * member of the consumer group, or drops them).
 */
final class InMemorySubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(InMemorySubscription.class.getName());
  /** Tells a delivery thread to stop. */
  private static final Object STOP = new Object();

  private final String description;
  private final MessageHandler handler;
  private final Semaphore room;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private final List<Message> setAside = new ArrayList<>();
  private final Duration closeTimeout;
  private final Consumer<InMemorySubscription> onClose;
  private final Consumer<List<Message>> orphans;
  private final Object lock = new Object();
  private boolean closed;

  /**
   * Starts the delivery threads.
   *
   * @param description the topic and consumer id, for thread names and log lines
   * @param handler the application's handler
   * @param concurrency how many handler calls may run at once, at least 1
   * @param queueDepth how many messages may wait, at least 1
   * @param closeTimeout how long {@link #close()} waits for handler calls in flight
   * @param onClose called once when closing starts, before the queue is handed over (leaves the consumer group)
   * @param orphans receives the messages that were queued but not handled when the subscription closed
   */
  InMemorySubscription(String description, MessageHandler handler, int concurrency, int queueDepth,
      Duration closeTimeout, Consumer<InMemorySubscription> onClose, Consumer<List<Message>> orphans) {
    this.description = description;
    this.handler = handler;
    this.room = new Semaphore(queueDepth);
    this.closeTimeout = closeTimeout;
    this.onClose = onClose;
    this.orphans = orphans;
    for (int i = 0; i < concurrency; i++) {
      threads.add(Thread.ofVirtual().name("pubsub.in-memory " + description + " #" + i).start(this::deliver));
    }
  }

  /**
   * Queues {@code message}, waiting up to {@code wait} for room.
   *
   * @return {@code false} when the queue stayed full that long or the subscription is closed
   */
  boolean offer(Message message, Duration wait) throws InterruptedException {
    if (!room.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    synchronized (lock) {
      if (closed) {
        room.release();
        return false;
      }
      queue.add(message);
      return true;
    }
  }

  /** What this subscriber listens to, for messages: topic and consumer id. */
  String description() {
    return description;
  }

  private void deliver() {
    while (true) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item == STOP) {
        return;
      }
      room.release();
      Message message = (Message) item;
      synchronized (lock) {
        if (closed) {
          setAside.add(message);
          continue;
        }
      }
      try {
        handler.handle(message);
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.interrupted();
        }
        LOG.log(Level.WARNING, () -> "pubsub.in-memory: the handler of " + description
            + " failed; the message is dropped (pubsub.in-memory does not redeliver): " + e, e);
      }
    }
  }

  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    onClose.accept(this);
    for (int i = 0; i < threads.size(); i++) {
      queue.add(STOP);
    }
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    boolean interrupted = false;
    for (Thread thread : threads) {
      if (thread == Thread.currentThread()) {
        continue;
      }
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        if (left > 0 && !thread.join(Duration.ofNanos(left))) {
          LOG.log(Level.WARNING, () -> "pubsub.in-memory: a handler of " + description + " still runs "
              + closeTimeout + " after the subscription was closed; not waiting for it any more");
        }
      } catch (InterruptedException e) {
        interrupted = true;
        break;
      }
    }
    List<Message> left = new ArrayList<>();
    synchronized (lock) {
      left.addAll(setAside);
      setAside.clear();
    }
    for (Object item; (item = queue.poll()) != null; ) {
      if (item != STOP) {
        left.add((Message) item);
      }
    }
    if (!left.isEmpty()) {
      orphans.accept(left);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
