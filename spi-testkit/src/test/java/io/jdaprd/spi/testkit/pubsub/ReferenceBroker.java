package io.jdaprd.spi.testkit.pubsub;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal durable broker kept in memory, for checking the conformance suite itself: one queue per consumer group
 * of a topic, kept while the group has no subscriber; each subscription is one virtual thread taking from its
 * group's queue; a message whose handler threw goes back to the queue. With {@link Defect#NONE} it keeps every
 * promise the suite checks of a {@code DURABLE} broker (it cannot be restarted, so the restart check skips); each
 * other {@link Defect} breaks exactly one.
 */
final class ReferenceBroker implements PubSub {

  /** The one promise this broker breaks. */
  enum Defect {
    /** None: the broker conforms. */
    NONE,
    /** {@link Subscription#close()} returns at once, without waiting for the handler in flight. */
    CLOSE_DOES_NOT_WAIT,
    /** A message whose handler threw is dropped, though the broker reports {@code DURABLE}. */
    LOSES_FAILED_MESSAGES
  }

  private static final long POLL_MILLIS = 20;
  private static final long REDELIVERY_PAUSE_MILLIS = 50;
  private static final long CLOSE_WAIT_SECONDS = 30;

  private final Defect defect;
  private final Map<String, Map<String, BlockingQueue<Message>>> groupsByTopic = new HashMap<>();

  ReferenceBroker(Defect defect) {
    this.defect = defect;
  }

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public Set<PubSubFeature> features() {
    return EnumSet.of(PubSubFeature.DURABLE);
  }

  @Override
  public void publish(PublishRequest request) {
    Message message = new Message(request.topic(), request.data().clone(), request.contentType(), Map.of());
    List<BlockingQueue<Message>> queues;
    synchronized (groupsByTopic) {
      queues = new ArrayList<>(groupsByTopic.getOrDefault(request.topic(), Map.of()).values());
    }
    queues.forEach(queue -> queue.add(message));
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) {
    String group = request.metadata().getOrDefault("consumerID", "default");
    BlockingQueue<Message> queue;
    synchronized (groupsByTopic) {
      queue = groupsByTopic.computeIfAbsent(request.topic(), t -> new HashMap<>())
          .computeIfAbsent(group, g -> new LinkedBlockingQueue<>());
    }
    return new Consumer(queue, handler);
  }

  /** One subscription: a thread that hands the group's messages to the handler until closed. */
  private final class Consumer implements Subscription {
    private final BlockingQueue<Message> queue;
    private final MessageHandler handler;
    private final Thread thread;
    private volatile boolean closed;

    Consumer(BlockingQueue<Message> queue, MessageHandler handler) {
      this.queue = queue;
      this.handler = handler;
      this.thread = Thread.ofVirtual().name("reference-broker-consumer").start(this::run);
    }

    private void run() {
      try {
        while (!closed) {
          Message message = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
          if (message == null) {
            continue;
          }
          if (closed) {
            queue.add(message);
            return;
          }
          try {
            handler.handle(message);
          } catch (Exception e) {
            if (defect != Defect.LOSES_FAILED_MESSAGES) {
              Thread.sleep(REDELIVERY_PAUSE_MILLIS);
              queue.add(message);
            }
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      closed = true;
      if (defect == Defect.CLOSE_DOES_NOT_WAIT) {
        return;
      }
      try {
        thread.join(TimeUnit.SECONDS.toMillis(CLOSE_WAIT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
