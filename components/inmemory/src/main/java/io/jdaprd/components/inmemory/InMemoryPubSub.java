package io.jdaprd.components.inmemory;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.Message;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code pubsub.in-memory}: Dapr's process-local message bus. Messages live only in this process: there is no
 * persistence and no redelivery; a handler that throws is logged and its message dropped. Reports
 * {@link PubSubFeature#SUBSCRIBE_WILDCARDS} only (the runtime adds an {@code expiration} to the envelope for TTL).
 *
 * <p><b>Consumer groups.</b> Subscribers of one topic that share a consumer id (the subscription's
 * {@code consumerID} metadata, else the component's, else the app id) form a group; each message published to the
 * topic goes to one member of each group, taking turns (round robin). Different consumer ids each get every message
 * published while they are subscribed. A message published when a topic has no subscriber is dropped. A subscription
 * topic ending in {@code *} (as {@code orders.*}) receives the messages of every topic that starts with what comes
 * before the {@code *} and is longer than it, as in Dapr.
 *
 * <p><b>Delivery.</b> Publish never runs a handler: it puts the message on the chosen subscriber's queue and
 * returns. Each subscription has its own bounded queue ({@code queueDepth}, default {@value #DEFAULT_QUEUE_DEPTH})
 * and {@code concurrency} delivery virtual threads (default 1, which keeps publish order). When the queue is full,
 * publish waits up to {@code publishTimeout} (default 5 s) for room, so that a slow subscriber slows publishers down
 * instead of growing memory without bound; if the queue is still full, publish fails with {@link PubSubException}
 * (copies already queued for other consumer groups stay queued). The subscription's {@code concurrency} metadata
 * overrides the component's.
 *
 * <p><b>Closing.</b> {@link Subscription#close()} stops delivery and waits up to {@code closeTimeout} (default 20 s)
 * for handler calls in flight; messages still queued go to another member of its consumer group, or are dropped
 * when there is none. {@link #close()} closes every subscription at once (so it takes at most one
 * {@code closeTimeout}); publish, subscribe and {@link #check()} fail afterwards.
 */
public final class InMemoryPubSub implements PubSub {
  /** The component type. */
  public static final String TYPE = "pubsub.in-memory";

  private static final System.Logger LOG = System.getLogger(InMemoryPubSub.class.getName());
  private static final Set<PubSubFeature> FEATURES =
      Collections.unmodifiableSet(EnumSet.of(PubSubFeature.SUBSCRIBE_WILDCARDS));
  private static final int DEFAULT_QUEUE_DEPTH = 1000;
  private static final String CONSUMER_ID = "consumerID";
  private static final String CONCURRENCY = "concurrency";
  /** How long a publish waiting for room waits at one member before it looks at the whole group again. */
  private static final Duration ROOM_POLL = Duration.ofMillis(50);

  /** The consumer groups by subscription topic, then consumer id; guarded by {@code this}. */
  private final Map<String, Map<String, ConsumerGroup>> groups = new LinkedHashMap<>();
  private volatile Settings settings;
  private boolean closed;

  /** The settings read from metadata at {@link #init}. */
  private record Settings(String name, String defaultConsumerId, int concurrency, int queueDepth,
      Duration publishTimeout, Duration closeTimeout) {
  }

  /** The subscribers of one subscription topic that share a consumer id; they take turns. */
  private static final class ConsumerGroup {
    private volatile List<InMemorySubscription> members = List.of();
    private final AtomicInteger turn = new AtomicInteger();
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    int concurrency = metadata.getInt(CONCURRENCY, 1);
    if (concurrency < 1) {
      throw metadata.invalid(CONCURRENCY, Integer.toString(concurrency), "an integer of at least 1");
    }
    int queueDepth = metadata.getInt("queueDepth", DEFAULT_QUEUE_DEPTH);
    if (queueDepth < 1) {
      throw metadata.invalid("queueDepth", Integer.toString(queueDepth), "an integer of at least 1");
    }
    Duration publishTimeout = metadata.getDuration("publishTimeout", Duration.ofSeconds(5));
    Duration closeTimeout = metadata.getDuration("closeTimeout", Duration.ofSeconds(20));
    if (publishTimeout.isNegative()) {
      throw metadata.invalid("publishTimeout", metadata.get("publishTimeout", ""), "a duration of 0 or more");
    }
    if (closeTimeout.isNegative()) {
      throw metadata.invalid("closeTimeout", metadata.get("closeTimeout", ""), "a duration of 0 or more");
    }
    String appId = metadata.appId() == null ? "" : metadata.appId();
    settings = new Settings(metadata.name(), metadata.get(CONSUMER_ID, appId), concurrency, queueDepth,
        publishTimeout, closeTimeout);
  }

  @Override
  public Set<PubSubFeature> features() {
    return FEATURES;
  }

  @Override
  public void check() throws PubSubException {
    synchronized (this) {
      if (closed) {
        throw new PubSubException("pubsub.in-memory " + settings.name() + ": the component is closed");
      }
    }
  }

  @Override
  public void publish(PublishRequest request) throws PubSubException {
    String topic = request.topic();
    if (topic == null || topic.isEmpty()) {
      throw new PubSubException("topic: '" + (topic == null ? "" : topic) + "' (expected: a topic name)");
    }
    List<ConsumerGroup> receiving = receivingGroups(topic);
    for (ConsumerGroup group : receiving) {
      Message message = new Message(topic, request.data().clone(), request.contentType(), request.metadata());
      if (!dispatch(group, message, settings.publishTimeout())) {
        throw new PubSubException("pubsub.in-memory " + settings.name() + ": the subscribers of topic " + topic
            + " have had no room for " + settings.publishTimeout() + " (queueDepth: " + settings.queueDepth()
            + "); try again later");
      }
    }
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws PubSubException {
    Settings current = settings;
    String topic = request.topic();
    if (topic == null || topic.isEmpty()) {
      throw new PubSubException("topic: '" + (topic == null ? "" : topic) + "' (expected: a topic name)");
    }
    String consumerId = metadataValue(request.metadata(), CONSUMER_ID);
    if (consumerId == null) {
      consumerId = current.defaultConsumerId();
    }
    int concurrency = subscriptionConcurrency(request.metadata(), current.concurrency());
    String group = consumerId;
    synchronized (this) {
      if (closed) {
        throw new PubSubException("pubsub.in-memory " + current.name() + ": the component is closed");
      }
      ConsumerGroup consumers = groups.computeIfAbsent(topic, t -> new LinkedHashMap<>())
          .computeIfAbsent(group, c -> new ConsumerGroup());
      InMemorySubscription subscription = new InMemorySubscription("topic " + topic + " (consumer " + group + ")",
          handler, concurrency, current.queueDepth(), current.closeTimeout(),
          leaving -> leave(topic, group, leaving), orphans -> rehome(consumers, orphans));
      List<InMemorySubscription> members = new ArrayList<>(consumers.members);
      members.add(subscription);
      consumers.members = List.copyOf(members);
      return subscription;
    }
  }

  @Override
  public void close() {
    List<InMemorySubscription> open = new ArrayList<>();
    synchronized (this) {
      closed = true;
      for (Map<String, ConsumerGroup> byConsumer : groups.values()) {
        for (ConsumerGroup group : byConsumer.values()) {
          open.addAll(group.members);
        }
      }
    }
    List<Thread> closing = new ArrayList<>();
    for (InMemorySubscription subscription : open) {
      closing.add(Thread.ofVirtual().name("pubsub.in-memory close " + subscription.description())
          .start(subscription::close));
    }
    try {
      for (Thread thread : closing) {
        thread.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The groups whose subscription topic matches {@code topic}; throws when the component is closed. */
  private synchronized List<ConsumerGroup> receivingGroups(String topic) throws PubSubException {
    if (closed) {
      throw new PubSubException("pubsub.in-memory " + settings.name() + ": the component is closed");
    }
    List<ConsumerGroup> receiving = new ArrayList<>();
    for (Map.Entry<String, Map<String, ConsumerGroup>> entry : groups.entrySet()) {
      if (matches(entry.getKey(), topic)) {
        receiving.addAll(entry.getValue().values());
      }
    }
    return receiving;
  }

  /** Whether a subscription to {@code pattern} receives messages published to {@code topic}. */
  static boolean matches(String pattern, String topic) {
    if (pattern.equals(topic)) {
      return true;
    }
    if (!pattern.endsWith("*")) {
      return false;
    }
    String prefix = pattern.substring(0, pattern.length() - 1);
    return topic.startsWith(prefix) && topic.length() > prefix.length();
  }

  /**
   * Queues {@code message} on one member of {@code group}: the next in turn with room; when all are full, waits for
   * room (at the member whose turn it is, looking again at the others now and then) until {@code wait} has passed.
   *
   * @return {@code false} when the group still has members and none had room in time; {@code true} when a member
   *     took the message or the group has no member any more (the message is dropped, as for any topic nobody
   *     subscribes to)
   */
  private static boolean dispatch(ConsumerGroup group, Message message, Duration wait) throws PubSubException {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      while (true) {
        List<InMemorySubscription> members = group.members;
        if (members.isEmpty()) {
          return true;
        }
        int first = Math.floorMod(group.turn.getAndIncrement(), members.size());
        for (int i = 0; i < members.size(); i++) {
          if (members.get((first + i) % members.size()).offer(message, Duration.ZERO)) {
            return true;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        Duration slice = Duration.ofNanos(Math.min(left, ROOM_POLL.toNanos()));
        if (members.get(first).offer(message, slice)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PubSubException("pubsub.in-memory: interrupted while waiting for room to publish to topic "
          + message.topic(), e);
    }
  }

  /** Removes {@code leaving} from its group, and the group when it was the last member. */
  private synchronized void leave(String topic, String consumerId, InMemorySubscription leaving) {
    Map<String, ConsumerGroup> byConsumer = groups.get(topic);
    ConsumerGroup group = byConsumer == null ? null : byConsumer.get(consumerId);
    if (group == null) {
      return;
    }
    List<InMemorySubscription> members = new ArrayList<>(group.members);
    members.remove(leaving);
    group.members = List.copyOf(members);
    if (members.isEmpty()) {
      byConsumer.remove(consumerId);
      if (byConsumer.isEmpty()) {
        groups.remove(topic);
      }
    }
  }

  /** Gives the messages a closed member had queued to the other members of its group, or drops them. */
  private static void rehome(ConsumerGroup group, List<Message> orphans) {
    int dropped = 0;
    for (Message message : orphans) {
      try {
        if (group.members.isEmpty() || !dispatch(group, message, Duration.ZERO)) {
          dropped++;
        }
      } catch (PubSubException e) {
        dropped++;
      }
    }
    if (dropped > 0) {
      int count = dropped;
      LOG.log(Level.WARNING, () -> "pubsub.in-memory: " + count + " queued message(s) dropped: their subscription"
          + " closed and its consumer group has no other subscriber with room");
    }
  }

  /** The subscription's {@code concurrency} metadata, else {@code fallback}. */
  private static int subscriptionConcurrency(Map<String, String> metadata, int fallback) throws PubSubException {
    String value = metadataValue(metadata, CONCURRENCY);
    if (value == null) {
      return fallback;
    }
    if (value.matches("[0-9]{1,9}") && Integer.parseInt(value) >= 1) {
      return Integer.parseInt(value);
    }
    throw new PubSubException("subscription metadata " + CONCURRENCY + ": " + value
        + " (expected: an integer of at least 1)");
  }

  /** The value of {@code key} in {@code metadata}, names compared without case as in Dapr; null when blank. */
  private static String metadataValue(Map<String, String> metadata, String key) {
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (entry.getKey().equalsIgnoreCase(key) && entry.getValue() != null && !entry.getValue().isBlank()) {
        return entry.getValue().trim();
      }
    }
    return null;
  }
}
