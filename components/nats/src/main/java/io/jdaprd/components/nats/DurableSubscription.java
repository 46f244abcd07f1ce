package io.jdaprd.components.nats;

import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.Subscription;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.impl.Headers;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One subscription of a topic, bound to its durable push consumer. Each has its own NATS dispatcher (so a slow
 * handler of one topic never holds up another). With {@code concurrency=single} the handler runs on the dispatcher's
 * thread, one message at a time; with {@code parallel} each message gets a virtual thread, at most
 * {@code maxAckPending} (default 1000) at once. While a handler runs longer than half the acknowledgement wait, the
 * message is reported in progress so that the server does not hand it to another subscriber meanwhile.
 */
final class DurableSubscription implements Subscription {
  private static final System.Logger LOG = System.getLogger(DurableSubscription.class.getName());
  /** The header that carries the content type of a published message. */
  static final String CONTENT_TYPE_HEADER = "Content-Type";
  /** The metadata key under which Dapr's component passes the message's subject. */
  static final String TOPIC_METADATA = "Topic";
  private static final int DEFAULT_PARALLEL_LIMIT = 1000;
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
  private final Semaphore parallelSlots;
  private final Consumer<DurableSubscription> onClose;
  private Dispatcher dispatcher;
  private io.nats.client.JetStreamSubscription natsSubscription;
  /** Handler calls in flight; guarded by {@code this}. */
  private int inFlight;
  private volatile boolean closed;

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
    long limit = settings.maxAckPending() > 0 ? settings.maxAckPending() : DEFAULT_PARALLEL_LIMIT;
    this.parallelSlots = new Semaphore((int) Math.min(limit, Integer.MAX_VALUE));
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

  /** A new dispatcher for this subscription alone; {@link #bound} takes the subscription made with it. */
  Dispatcher newDispatcher() {
    dispatcher = connection.createDispatcher();
    return dispatcher;
  }

  /** Records the NATS subscription that feeds this one. */
  void bound(io.nats.client.JetStreamSubscription subscription) {
    natsSubscription = subscription;
  }

  /** Takes one message from the dispatcher: the NATS message handler of this subscription. */
  void onMessage(io.nats.client.Message natsMessage) throws InterruptedException {
    if (!natsMessage.isJetStream()) {
      return;
    }
    if (closed) {
      if (settings.acknowledges()) {
        natsMessage.nak();
      }
      return;
    }
    if (!settings.parallel()) {
      started();
      deliver(natsMessage);
      return;
    }
    parallelSlots.acquire();
    started();
    Thread.ofVirtual().name("jetstream-" + topic).start(() -> {
      try {
        deliver(natsMessage);
      } finally {
        parallelSlots.release();
      }
    });
  }

  private synchronized void started() {
    inFlight++;
  }

  private void deliver(io.nats.client.Message natsMessage) {
    ScheduledFuture<?> progress = null;
    try {
      if (settings.acknowledges()) {
        long period = Math.max(100, settings.firstAckWait().toMillis() / 2);
        progress = ticker.scheduleAtFixedRate(natsMessage::inProgress, period, period, TimeUnit.MILLISECONDS);
      }
      boolean handled = call(natsMessage);
      if (progress != null) {
        progress.cancel(false);
      }
      if (!settings.acknowledges()) {
        return;
      }
      if (handled) {
        natsMessage.ack();
        return;
      }
      Duration delay = settings.redeliveryDelay(natsMessage.metaData().deliveredCount());
      if (delay == null) {
        natsMessage.nak();
      } else {
        natsMessage.nakWithDelay(delay);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "pubsub.jetstream: cannot acknowledge a message of topic " + topic + ": "
          + settings.scrub(e.getMessage()));
    } finally {
      if (progress != null) {
        progress.cancel(false);
      }
      synchronized (this) {
        inFlight--;
        notifyAll();
      }
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
   * Stops taking messages (the durable consumer stays, with every message not yet acknowledged) and waits up to the
   * close timeout for the handlers in flight; their messages are acknowledged as usual.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (natsSubscription != null && dispatcher != null) {
        dispatcher.unsubscribe(natsSubscription);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "pubsub.jetstream: unsubscribing from topic " + topic + " failed: " + e.getMessage());
    }
    awaitHandlers();
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
