package io.jdaprd.components.nats;

import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.Subscription;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.impl.Headers;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One subscription of a topic, bound to its durable push consumer, with a NATS dispatcher of its own.
 *
 * <p>The dispatcher only takes messages in: each waits in this subscription's queue for its turn, and a pump thread
 * hands them to the handler in arrival order, one at a time with {@code concurrency=single}, each on a virtual thread
 * of its own with {@code parallel}, at most {@code maxAckPending} (default 1000) at once. Every message the
 * subscription holds, waiting or being handled, is reported in progress every half acknowledgement wait (the shortest
 * of {@code ackWait} and the {@code backOff} delays), so the server neither hands it out again while it waits behind a
 * slow or failing handler nor delivers a copy that would reach the app after the app took the message. Should the
 * server deliver a message again anyway (an in-progress notice came too late), the copy of a message still held is
 * not handed to the handler a second time, and the copy of one the handler recently took is acknowledged at once.
 */
final class DurableSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(DurableSubscription.class.getName());
  /** The header that carries the content type of a published message. */
  static final String CONTENT_TYPE_HEADER = "Content-Type";
  /** The metadata key under which Dapr's component passes the message's subject. */
  static final String TOPIC_METADATA = "Topic";
  private static final int DEFAULT_PARALLEL_LIMIT = 1000;
  /** How many stream sequences of acknowledged messages a subscription remembers to recognise late copies. */
  private static final int REMEMBERED_ACKS = 4096;
  /** The subscription whose handler the current thread runs, so that a handler may close its own subscription. */
  private static final ThreadLocal<DurableSubscription> HANDLING = new ThreadLocal<>();

  private final String topic;
  private final String stream;
  private final String consumer;
  private final MessageHandler handler;
  private final JetStreamSettings settings;
  private final Connection connection;
  private final ScheduledExecutorService ticker;
  private final Duration closeTimeout;
  private final Semaphore slots;
  private final Consumer<DurableSubscription> onClose;
  /** Messages held, waiting or being handled, by stream sequence; guarded by {@code this}. */
  private final Map<Long, Held> held = new LinkedHashMap<>();
  /** Messages waiting for their turn, in arrival order; guarded by {@code this}. */
  private final ArrayDeque<Held> waiting = new ArrayDeque<>();
  /** Stream sequences of messages recently acknowledged, oldest first; guarded by {@code this}. */
  private final Map<Long, Boolean> acknowledged = new LinkedHashMap<>(64, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
      return size() > REMEMBERED_ACKS;
    }
  };
  private Dispatcher dispatcher;
  private io.nats.client.JetStreamSubscription natsSubscription;
  private Thread pump;
  private ScheduledFuture<?> progress;
  /** Handler calls in flight; guarded by {@code this}. */
  private int inFlight;
  private volatile boolean closed;

  /** A message this subscription holds: the delivery it arrived with and the newest copy the server sent of it. */
  private static final class Held {
    private final io.nats.client.Message first;
    private volatile io.nats.client.Message latest;
    /** Whether it was acknowledged or negatively acknowledged; after that, no in-progress notice; guarded by this. */
    private boolean settled;

    Held(io.nats.client.Message first) {
      this.first = first;
      this.latest = first;
    }
  }

  DurableSubscription(String topic, String stream, String consumer, MessageHandler handler,
      JetStreamSettings settings, Connection connection, ScheduledExecutorService ticker, Duration closeTimeout,
      Consumer<DurableSubscription> onClose) {
    this.topic = topic;
    this.stream = stream;
    this.consumer = consumer;
    this.handler = handler;
    this.settings = settings;
    this.connection = connection;
    this.ticker = ticker;
    this.closeTimeout = closeTimeout;
    this.onClose = onClose;
    long limit = !settings.parallel() ? 1 : settings.maxAckPending() > 0 ? settings.maxAckPending()
        : DEFAULT_PARALLEL_LIMIT;
    this.slots = new Semaphore((int) Math.min(limit, Integer.MAX_VALUE));
  }

  /** The topic. */
  String topic() {
    return topic;
  }

  /** The stream that keeps the topic. */
  String stream() {
    return stream;
  }

  /** The durable consumer it is bound to. */
  String consumer() {
    return consumer;
  }

  /**
   * A new dispatcher for this subscription alone, and starts handing messages to the handler; {@link #bound} takes
   * the subscription made with it.
   */
  Dispatcher newDispatcher() {
    dispatcher = connection.createDispatcher();
    pump = Thread.ofVirtual().name("jetstream-" + topic).start(this::pump);
    if (settings.acknowledges()) {
      long period = progressPeriod().toMillis();
      progress = ticker.scheduleAtFixedRate(this::reportProgress, period, period, TimeUnit.MILLISECONDS);
    }
    return dispatcher;
  }

  /** Records the NATS subscription that feeds this one. */
  void bound(io.nats.client.JetStreamSubscription subscription) {
    natsSubscription = subscription;
  }

  /** Half the shortest acknowledgement wait of any delivery, at least 100 ms. */
  private Duration progressPeriod() {
    Duration shortest = settings.firstAckWait();
    for (Duration delay : settings.backOff()) {
      if (delay.compareTo(shortest) < 0) {
        shortest = delay;
      }
    }
    return Duration.ofMillis(Math.max(100, shortest.toMillis() / 2));
  }

  /** Takes one message from the dispatcher into the queue: the NATS message handler of this subscription. */
  void onMessage(io.nats.client.Message natsMessage) {
    if (!natsMessage.isJetStream()) {
      return;
    }
    if (!settings.acknowledges()) {
      synchronized (this) {
        if (!closed) {
          waiting.add(new Held(natsMessage));
          notifyAll();
        }
      }
      return;
    }
    long sequence = natsMessage.metaData().streamSequence();
    boolean ackCopy = false;
    synchronized (this) {
      if (closed) {
        acknowledge(natsMessage, false);
        return;
      }
      Held already = held.get(sequence);
      if (already != null) {
        already.latest = natsMessage;
        LOG.log(Level.DEBUG, "pubsub.jetstream: topic " + topic + ": delivery " + natsMessage.metaData()
            .deliveredCount() + " of stream sequence " + sequence + " arrived while the message is held; not handed"
            + " to the handler again");
        return;
      }
      if (natsMessage.metaData().deliveredCount() > 1 && acknowledged.containsKey(sequence)) {
        ackCopy = true;
      } else {
        Held message = new Held(natsMessage);
        held.put(sequence, message);
        waiting.add(message);
        notifyAll();
      }
    }
    if (ackCopy) {
      LOG.log(Level.DEBUG, "pubsub.jetstream: topic " + topic + ": stream sequence " + sequence + " delivered again"
          + " after the handler took it; acknowledged without handling");
      acknowledge(natsMessage, true);
    }
  }

  /** Hands the waiting messages to the handler in order, within the concurrency limit, until the subscription closes. */
  private void pump() {
    try {
      while (true) {
        slots.acquire();
        Held next;
        synchronized (this) {
          while (waiting.isEmpty() && !closed) {
            wait();
          }
          if (closed) {
            slots.release();
            return;
          }
          next = waiting.poll();
          inFlight++;
        }
        Thread.ofVirtual().name("jetstream-" + topic).start(() -> {
          try {
            deliver(next);
          } finally {
            slots.release();
          }
        });
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps every held message from being delivered again while it waits or is handled. */
  private void reportProgress() {
    List<Held> now;
    synchronized (this) {
      now = new ArrayList<>(held.values());
    }
    for (Held message : now) {
      try {
        synchronized (message) {
          if (!message.settled) {
            message.latest.inProgress();
          }
        }
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "pubsub.jetstream: cannot report a message of topic " + topic + " in progress: "
            + settings.scrub(e.getMessage()));
      }
    }
  }

  private void deliver(Held message) {
    try {
      boolean handled = call(message.first);
      if (!settings.acknowledges()) {
        return;
      }
      io.nats.client.Message latest;
      long sequence = message.first.metaData().streamSequence();
      synchronized (this) {
        held.remove(sequence);
        if (handled) {
          acknowledged.put(sequence, Boolean.TRUE);
        }
        latest = message.latest;
      }
      synchronized (message) {
        message.settled = true;
      }
      if (handled) {
        acknowledge(latest, true);
        return;
      }
      Duration delay = settings.redeliveryDelay(latest.metaData().deliveredCount());
      if (delay == null) {
        latest.nak();
      } else {
        latest.nakWithDelay(delay);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "pubsub.jetstream: cannot acknowledge a message of topic " + topic + ": "
          + settings.scrub(e.getMessage()));
    } finally {
      synchronized (this) {
        inFlight--;
        if (closed && inFlight == 0 && progress != null) {
          progress.cancel(false);
        }
        notifyAll();
      }
    }
  }

  /** Acknowledges ({@code taken}) or negatively acknowledges a message, logging a failure. */
  private void acknowledge(io.nats.client.Message natsMessage, boolean taken) {
    try {
      if (taken) {
        natsMessage.ack();
      } else {
        natsMessage.nak();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "pubsub.jetstream: cannot acknowledge a message of topic " + topic + ": "
          + settings.scrub(e.getMessage()));
    }
  }

  /** Runs the handler; whether it returned normally. */
  private boolean call(io.nats.client.Message natsMessage) {
    Headers headers = natsMessage.getHeaders();
    String contentType = headers == null ? null : headers.getFirst(CONTENT_TYPE_HEADER);
    Message message = new Message(topic, natsMessage.getData() == null ? new byte[0] : natsMessage.getData(),
        contentType, Map.of(TOPIC_METADATA, natsMessage.getSubject()));
    HANDLING.set(this);
    try {
      handler.handle(message);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (Exception e) {
      LOG.log(Level.DEBUG, "pubsub.jetstream: the handler of topic " + topic + " failed (stream sequence "
          + natsMessage.metaData().streamSequence() + ", delivery " + natsMessage.metaData().deliveredCount()
          + "); the message is delivered again: " + e);
      return false;
    } finally {
      HANDLING.remove();
    }
  }

  /**
   * Stops taking messages (the durable consumer stays, with every message not yet acknowledged): the messages still
   * waiting are negatively acknowledged, so the server delivers them again at once, and the handlers in flight get up
   * to the close timeout; their messages are acknowledged as usual.
   */
  @Override
  public void close() {
    List<Held> returned;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      returned = new ArrayList<>(waiting);
      waiting.clear();
      for (Held message : returned) {
        if (settings.acknowledges()) {
          held.remove(message.first.metaData().streamSequence());
        }
      }
      notifyAll();
    }
    if (pump != null) {
      pump.interrupt();
    }
    try {
      if (natsSubscription != null && dispatcher != null) {
        dispatcher.unsubscribe(natsSubscription);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "pubsub.jetstream: unsubscribing from topic " + topic + " failed: " + e.getMessage());
    }
    if (settings.acknowledges()) {
      for (Held message : returned) {
        acknowledge(message.latest, false);
      }
    }
    awaitHandlers();
    synchronized (this) {
      if (inFlight == 0 && progress != null) {
        progress.cancel(false);
      }
    }
    if (dispatcher != null) {
      try {
        connection.closeDispatcher(dispatcher);
      } catch (RuntimeException e) {
        LOG.log(Level.DEBUG, "pubsub.jetstream: closing the dispatcher of topic " + topic + " failed: "
            + e.getMessage());
      }
    }
    onClose.accept(this);
  }

  private synchronized void awaitHandlers() {
    long deadline = System.nanoTime() + closeTimeout.toNanos();
    int own = HANDLING.get() == this ? 1 : 0;
    while (inFlight > own) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.log(Level.WARNING, "pubsub.jetstream: closed the subscription of topic " + topic + " with " + inFlight
            + " handler calls still running after " + closeTimeout + "; their messages will be delivered again");
        return;
      }
      try {
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
