package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Consumer;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * Consuming one queue on a channel of its own, what a pub/sub subscription ({@link RabbitMqConsumer}) and the input
 * binding ({@link RabbitMqBindingReader}) share: each delivery goes to the subclass's executor, where
 * {@link #handle} hands it over and settles it ({@link #settle}: acknowledged, or rejected with or without requeue,
 * on the channel it came from). When the channel is lost (the connection dropped, the queue was deleted) or the
 * broker cancels the consumer, the broker takes back every message not acknowledged and the owner is asked to start
 * this consumer again ({@link #scheduleResume()}); the owner also {@link #resume}s it after reconnecting.
 *
 * @param <E> what {@link #prepare} throws besides {@link IOException} when the queue's set-up is wrong
 */
abstract class RabbitMqQueueConsumer<E extends Exception> {
  private static final System.Logger LOG = System.getLogger(RabbitMqQueueConsumer.class.getName());
  /** How long {@link #close()} waits for the handlers in flight. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final String label;
  private final String queue;
  private final Duration reconnectWait;
  private final UnaryOperator<String> scrub;
  private final ExecutorService workers;
  private final Object lock = new Object();
  private volatile boolean closed;
  private Channel channel;
  private String consumerTag;

  /**
   * A consumer not started yet.
   *
   * @param label the component's label, for logs
   * @param queue the queue it consumes
   * @param reconnectWait the pause before the owner starts it again, for logs
   * @param scrub takes any password out of a broker's reason before it is logged
   * @param workers where the deliveries are handled (one thread for one at a time)
   */
  RabbitMqQueueConsumer(String label, String queue, Duration reconnectWait, UnaryOperator<String> scrub,
      ExecutorService workers) {
    this.label = label;
    this.queue = queue;
    this.reconnectWait = reconnectWait;
    this.scrub = scrub;
    this.workers = workers;
  }

  /** Declares what the queue needs on {@code opened} and sets its prefetch. */
  abstract void prepare(Channel opened) throws IOException, E;

  /** Starts consuming the queue on {@code opened} with {@code deliveries}; returns the consumer tag. */
  abstract String consume(Channel opened, Consumer deliveries) throws IOException;

  /** Hands one delivery over, on a worker; settles it ({@link #settle}) unless the broker needs no answer. */
  abstract void handle(Channel from, Envelope envelope, AMQP.BasicProperties properties, byte[] body);

  /** Asks the owner to {@link #resume} this consumer after the reconnection wait. */
  abstract void scheduleResume();

  /** Tells the owner that this consumer is closed: it is not to be resumed any more. */
  abstract void detach();

  /** The queue this consumer reads. */
  final String queue() {
    return queue;
  }

  final boolean isClosed() {
    return closed;
  }

  /**
   * Prepares the queue and starts consuming on {@code connection}, unless closed or already consuming on an open
   * channel.
   *
   * @throws IOException when the broker refuses a declaration or the consume
   */
  final void start(Connection connection) throws IOException, E {
    synchronized (lock) {
      if (closed || channel != null && channel.isOpen()) {
        return;
      }
      Channel opened = connection.createChannel();
      if (opened == null) {
        throw new IOException("the broker has no channel left");
      }
      try {
        prepare(opened);
        opened.addShutdownListener(this::channelLost);
        channel = opened;
        consumerTag = consume(opened, new Deliveries(opened));
      } catch (Exception e) {
        channel = null;
        consumerTag = null;
        abort(opened);
        throw e;
      }
    }
  }

  /** Starts again on {@code connection} after a loss; on failure, asks the owner to try again later. */
  final void resume(Connection connection) {
    if (closed) {
      return;
    }
    try {
      start(connection);
      LOG.log(Level.INFO, () -> label + ": consuming queue " + queue + " again");
    } catch (Exception e) {
      if (!closed) {
        LOG.log(Level.WARNING, () -> label + ": consuming queue " + queue + " failed ("
            + scrub.apply(RabbitMqLink.reason(e)) + "); trying again in " + reconnectWait.toMillis() + " ms");
        scheduleResume();
      }
    }
  }

  /**
   * Cancels the consumer, waits up to {@link #CLOSE_TIMEOUT} for the handlers in flight (which still settle their
   * messages), then closes the channel: the broker takes back every message it sent that was not acknowledged.
   * Idempotent.
   */
  public void close() {
    Channel current;
    String tag;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      current = channel;
      tag = consumerTag;
    }
    detach();
    if (current != null && current.isOpen() && tag != null) {
      try {
        current.basicCancel(tag);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> label + ": cancelling the consumer of " + queue + ": "
            + scrub.apply(RabbitMqLink.reason(e)));
      }
    }
    workers.shutdown();
    try {
      if (!workers.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.log(Level.WARNING, () -> label + ": handlers of queue " + queue + " still run after " + CLOSE_TIMEOUT
            + "; their messages stay with the broker");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (lock) {
      channel = null;
      consumerTag = null;
    }
    if (current != null && current.isOpen()) {
      try {
        current.close();
      } catch (IOException | TimeoutException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> label + ": closing the channel of " + queue + ": "
            + scrub.apply(RabbitMqLink.reason(e)));
      }
    }
  }

  /**
   * Acknowledges the delivery when {@code handled}, else rejects it with {@code requeue}, on the channel it came
   * from; a failure is only logged (the broker delivers the message again once that channel is gone).
   */
  final void settle(Channel from, Envelope envelope, boolean handled, boolean requeue) {
    try {
      if (handled) {
        from.basicAck(envelope.getDeliveryTag(), false);
      } else {
        from.basicNack(envelope.getDeliveryTag(), false, requeue);
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.INFO, () -> label + ": could not settle a message of queue " + queue + " ("
          + scrub.apply(RabbitMqLink.reason(e)) + "); the broker delivers it again");
    }
  }

  private void channelLost(ShutdownSignalException cause) {
    synchronized (lock) {
      if (cause.getReference() != channel) {
        return;
      }
      channel = null;
      consumerTag = null;
    }
    if (closed || cause.isInitiatedByApplication() || cause.isHardError()) {
      return;
    }
    LOG.log(Level.WARNING, () -> label + ": the broker closed the channel of queue " + queue + " ("
        + scrub.apply(RabbitMqLink.reason(cause)) + "); consuming again in " + reconnectWait.toMillis() + " ms");
    scheduleResume();
  }

  private void abort(Channel opened) {
    try {
      if (opened.isOpen()) {
        opened.abort();
      }
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, () -> label + ": aborting a channel of " + queue + ": "
          + scrub.apply(RabbitMqLink.reason(e)));
    }
  }

  /** Receives the deliveries of one channel and hands them to the workers. */
  private final class Deliveries extends DefaultConsumer {
    private final Channel from;

    Deliveries(Channel from) {
      super(from);
      this.from = from;
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties properties, byte[] body) {
      if (closed) {
        return;
      }
      try {
        workers.execute(() -> handle(from, envelope, properties, body));
      } catch (RejectedExecutionException e) {
        LOG.log(Level.DEBUG, () -> label + ": a message of " + queue + " arrived while closing; it stays with the"
            + " broker");
      }
    }

    @Override
    public void handleCancel(String tag) {
      synchronized (lock) {
        if (channel != from) {
          return;
        }
        channel = null;
        consumerTag = null;
      }
      abort(from);
      if (!closed) {
        LOG.log(Level.WARNING, () -> label + ": the broker cancelled the consumer of queue " + queue
            + " (deleted?); consuming again in " + reconnectWait.toMillis() + " ms");
        scheduleResume();
      }
    }
  }
}
