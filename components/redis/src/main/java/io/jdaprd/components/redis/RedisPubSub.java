package io.jdaprd.components.redis;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * {@code pubsub.redis}: Dapr's Redis Streams broker, laid out exactly as daprd lays it out, so that daprd and jdaprd
 * publishers and subscribers can share a Redis database. Each topic is a stream; each message one entry with the
 * fields {@code data} and {@code metadata} ({@link StreamEntries}); each consumer id a consumer group of that stream,
 * whose members all read under the consumer name of the consumer id, as daprd's do. Reports
 * {@link PubSubFeature#DURABLE} only: like daprd's, it has no native message TTL (the runtime adds an
 * {@code expiration} to the envelope instead; {@code streamTTL} only trims old entries).
 *
 * <p>Metadata: the connection metadata of {@code state.redis} ({@code redisHost} required, {@code redisPassword},
 * {@code redisUsername}, {@code redisDB}, {@code enableTLS}, {@code redisType}, {@code failover} with
 * {@code sentinelMasterName}, timeouts and retries), and {@code consumerID} (default: the app id; a subscription's
 * {@code consumerID} metadata overrides it), {@code redeliverInterval} (60s; 0 switches redelivery off),
 * {@code processingTimeout} (15s; 0 switches redelivery off), {@code queueDepth} (100), {@code concurrency} (10),
 * {@code maxLenApprox} (trims each stream to about that many entries at publish, {@code XADD MAXLEN ~}; a publish's
 * own {@code maxLenApprox} metadata overrides it) and {@code streamTTL} (trims entries older than that at publish,
 * {@code XADD MINID ~}; ignored when {@code maxLenApprox} applies, as in Dapr).
 *
 * <p><b>Subscriptions</b> ({@link StreamSubscription}): the consumer group is created from the start of the stream
 * ({@code XGROUP CREATE <topic> <consumerID> 0 MKSTREAM}, an existing group is kept), so a new consumer id also gets
 * the entries already in the stream. Entries are read with {@code XREADGROUP}, handed to at most
 * {@code concurrency} handlers at once, and acknowledged ({@code XACK}) when the handler returns. An entry whose
 * handler threw stays pending and, every {@code redeliverInterval}, pending entries idle for longer than
 * {@code processingTimeout} are claimed ({@code XCLAIM}) and delivered again. Unlike daprd 1.17, which acknowledges
 * an entry once the runtime's own retries are exhausted, a failed entry is never acknowledged here: the SPI contract
 * of a {@link PubSubFeature#DURABLE} broker.
 *
 * <p><b>Faults.</b> The connection comes back by itself after Redis does; the subscriptions keep reading (retrying
 * with a short backoff) and create their consumer group again if Redis lost it. A publish while Redis is away fails
 * with a {@link PubSubException} that names the component and the address and contains no password.
 */
public final class RedisPubSub implements PubSub {
  /** The component type. */
  public static final String TYPE = "pubsub.redis";

  private static final Set<PubSubFeature> FEATURES =
      Collections.unmodifiableSet(EnumSet.of(PubSubFeature.DURABLE));

  /** The entries being handled in this process, by stream, group and id, across its subscriptions. */
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<StreamSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private String label;
  private RedisPubSubSettings settings;
  private RedisFailures failures;
  private RedisLink link;
  private volatile boolean closed;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    label = "redis pubsub " + metadata.name();
    settings = RedisPubSubSettings.from(metadata);
    failures = new RedisFailures(label, settings.connection());
    link = RedisLink.open(settings.connection(), label);
    try {
      check();
    } catch (PubSubException e) {
      link.close();
      throw new ComponentException(e.getMessage(), e);
    }
  }

  @Override
  public Set<PubSubFeature> features() {
    return FEATURES;
  }

  /** Sends {@code PING}. */
  @Override
  public void check() throws PubSubException {
    requireOpen();
    call("ping", RedisClusterAsyncCommands::ping);
  }

  /**
   * Appends one entry to the topic's stream ({@code XADD}), trimming the stream as {@code maxLenApprox} (of the
   * publish, else of the component) or {@code streamTTL} say.
   */
  @Override
  public void publish(PublishRequest request) throws PubSubException {
    requireOpen();
    requireTopic(request.topic());
    long maxLen;
    try {
      maxLen = settings.maxLenApprox(request.metadata());
    } catch (IllegalArgumentException e) {
      throw new PubSubException(e.getMessage());
    }
    XAddArgs args = new XAddArgs();
    Optional<String> minId = settings.minId(Instant.now());
    if (maxLen > 0) {
      args.maxlen(maxLen).approximateTrimming();
    } else if (minId.isPresent()) {
      args.minId(minId.get()).approximateTrimming();
    }
    Map<String, byte[]> fields = StreamEntries.fields(request.data(), request.metadata());
    call("publish", commands -> commands.xadd(request.topic(), args, fields));
  }

  /**
   * Creates the consumer group if needed and starts reading; the consumer group is the subscription's
   * {@code consumerID} metadata, else the component's.
   *
   * @throws PubSubException when Redis cannot be reached or refuses to create the group
   */
  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws PubSubException {
    requireOpen();
    requireTopic(request.topic());
    String group = settings.consumerId();
    for (Map.Entry<String, String> e : request.metadata().entrySet()) {
      if (e.getKey().equalsIgnoreCase(RedisPubSubSettings.CONSUMER_ID) && e.getValue() != null
          && !e.getValue().isBlank()) {
        group = e.getValue().trim();
      }
    }
    StreamSubscription subscription = new StreamSubscription(new StreamSubscription.Target(label, request.topic(),
        group), handler, settings, link, failures, inFlight, subscriptions::remove);
    subscriptions.add(subscription);
    try {
      subscription.start();
    } catch (PubSubException | RuntimeException e) {
      subscription.close();
      throw e;
    }
    if (closed) {
      subscription.close();
      throw closedFailure();
    }
    return subscription;
  }

  /** Closes every subscription (each waits for its handlers in flight), then the connection. */
  @Override
  public void close() {
    closed = true;
    List<StreamSubscription> open = new ArrayList<>(subscriptions);
    for (StreamSubscription subscription : open) {
      subscription.close();
    }
    if (link != null) {
      link.close();
    }
  }

  private void requireOpen() throws PubSubException {
    if (closed) {
      throw closedFailure();
    }
  }

  private PubSubException closedFailure() {
    return new PubSubException(label + ": the component is closed");
  }

  private static void requireTopic(String topic) throws PubSubException {
    if (topic == null || topic.isEmpty()) {
      throw new PubSubException("topic: '" + (topic == null ? "" : topic) + "' (expected: a topic name)");
    }
  }

  private <T> T call(String operation, Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> send)
      throws PubSubException {
    try {
      return link.call(send);
    } catch (ExecutionException | RuntimeException | InterruptedException e) {
      throw failures.ofPubSub(operation, e);
    }
  }
}
