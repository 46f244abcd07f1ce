package io.jdaprd.components.nats;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Consumer;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.impl.Headers;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@code pubsub.jetstream}: NATS JetStream, with Dapr's metadata ({@link JetStreamSettings}). Reports
 * {@link PubSubFeature#DURABLE} unless {@code memoryStorage} is on or {@code ackPolicy} is {@code none}; like daprd it
 * reports no {@code MESSAGE_TTL}, so the runtime puts an {@code expiration} into the envelope instead.
 *
 * <p><b>Streams.</b> daprd expects a stream that keeps the topic's subject to exist already. jdaprd uses it when there
 * is one, and otherwise creates it: when {@code streamName} is set, a stream of that name (or, if it exists, the topic
 * is added to its subjects); else a stream named after the topic ({@link StreamCatalog#derivedStreamName}). A stream
 * this component creates keeps its messages in files ({@code replicas} replicas, default 1) with the server's default
 * limits. Publishing works the same way, so a message published before anyone subscribes is kept.
 *
 * <p><b>Consumer groups.</b> Every subscription binds to a durable push consumer of the topic's stream, filtered to
 * the topic: {@code durableName} when set (daprd's behaviour: one name for every subscription, so leave it unset when
 * one stream keeps several topics), else a name made of the consumer id (the subscription's {@code consumerID}, else
 * the component's, else the app id) and the topic. Its deliver subject is fixed (the inbox prefix, {@code jdaprd.},
 * the stream and the consumer name) and subscribers join the queue group {@code queueGroupName}, else the consumer
 * name. So subscribers with one consumer id compete for its messages, different consumer ids each get every message,
 * and messages published while a group has no subscriber wait for it. NATS queue groups take no flow control or
 * heartbeats: with {@code flowControl} or {@code heartbeat} a consumer group takes one subscriber at a time and a
 * second subscription fails. A consumer that exists already is updated to the component's settings when the server
 * allows it; if it refuses, subscribing fails with the server's reason.
 *
 * <p><b>Acknowledgement.</b> A handler that returns acknowledges its message; one that throws gets a negative
 * acknowledgement, delayed by the {@code backOff} delay of that delivery, else by {@code ackWait} (as daprd does), else
 * none; {@code maxDeliver} bounds the deliveries. With {@code ackPolicy=none} nothing is acknowledged and nothing
 * redelivered. Every message a subscription holds, whether it waits for its turn or is being handled, is kept with
 * an in-progress notice every half acknowledgement wait, so a message that waits behind a slow or failing handler is
 * not delivered again, and a copy the server sends anyway of a message held or just taken is not handed to the
 * handler (daprd lets such messages run out their ack wait and delivers them twice). {@code concurrency=single} (the
 * default) handles one message at a time per subscription; {@code parallel} handles up to {@code maxAckPending}
 * (default 1000) at once.
 *
 * <p><b>Publishing</b> returns once the stream has stored the message. When the payload is a CloudEvent, its
 * {@code id} becomes the {@code Nats-Msg-Id}, as in daprd, so that the stream drops a duplicate published within its
 * duplicate window (2 minutes by default). The content type travels in a {@code Content-Type} header.
 *
 * <p><b>Faults.</b> The client reconnects by itself, for ever, and resubscribes; after a reconnection every open
 * subscription's consumer is created again if the server lost it (a memory-storage consumer). Publishing while the
 * server is away fails after the request timeout. {@link #check()} passes while the connection is up.
 * {@link Subscription#close()} unsubscribes (the durable consumer and its unacknowledged messages stay) and waits up
 * to 10 s for the handlers in flight; {@link #close()} closes every subscription, then the connection.
 */
public final class JetStreamPubSub implements PubSub {
  /** The component type. */
  public static final String TYPE = "pubsub.jetstream";

  private static final System.Logger LOG = System.getLogger(JetStreamPubSub.class.getName());
  private static final String CONSUMER_ID = "consumerID";
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  /** The JetStream API error code of "consumer not found". */
  private static final int CONSUMER_NOT_FOUND = 10014;

  private final List<DurableSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private ComponentMetadata metadata;
  private JetStreamSettings settings;
  private Connection connection;
  private JetStream jetStream;
  private JetStreamManagement management;
  private StreamCatalog streams;
  private ConsumerPlans plans;
  private ScheduledExecutorService ticker;
  private Set<PubSubFeature> features = Set.of();
  private volatile boolean closed;

  /** A component to be configured by {@link #init}. */
  public JetStreamPubSub() {
  }

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    this.metadata = metadata;
    settings = JetStreamSettings.from(metadata);
    Options options = options();
    try {
      connection = Nats.connect(options);
    } catch (IOException e) {
      throw new ComponentException(prefix() + "cannot connect to natsURL " + settings.serverText() + ": "
          + settings.scrub(e.getMessage()), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ComponentException(prefix() + "interrupted while connecting to " + settings.serverText(), e);
    }
    try {
      JetStreamOptions jsOptions = jetStreamOptions();
      management = connection.jetStreamManagement(jsOptions);
      management.getAccountStatistics();
      jetStream = connection.jetStream(jsOptions);
    } catch (IOException | JetStreamApiException e) {
      closeConnection();
      throw new ComponentException(prefix() + "JetStream does not answer at natsURL " + settings.serverText()
          + " (is the server started with JetStream, -js?): " + settings.scrub(e.getMessage()), e);
    }
    streams = new StreamCatalog(management, settings);
    plans = new ConsumerPlans(settings, connection.getOptions().getInboxPrefix());
    ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("jetstream-progress")
        .factory());
    EnumSet<PubSubFeature> reported = EnumSet.noneOf(PubSubFeature.class);
    if (!settings.memoryStorage() && settings.acknowledges()) {
      reported.add(PubSubFeature.DURABLE);
    }
    features = Collections.unmodifiableSet(reported);
  }

  @Override
  public Set<PubSubFeature> features() {
    return features;
  }

  @Override
  public void check() throws PubSubException {
    if (closed) {
      throw new PubSubException(prefix() + "the component is closed");
    }
    Connection.Status status = connection.getStatus();
    if (status != Connection.Status.CONNECTED) {
      throw new PubSubException(prefix() + "not connected to natsURL " + settings.serverText() + " (status: "
          + status + ")");
    }
  }

  @Override
  public void publish(PublishRequest request) throws PubSubException {
    String topic = checkedTopic(request.topic());
    Headers headers = new Headers();
    if (request.contentType() != null && !request.contentType().isEmpty()) {
      headers.put(DurableSubscription.CONTENT_TYPE_HEADER, request.contentType());
    }
    PublishOptions.Builder options = PublishOptions.builder();
    String id = cloudEventId(request.data());
    if (id != null) {
      options.messageId(id);
    }
    byte[] data = request.data() == null ? new byte[0] : request.data();
    streams.streamFor(topic);
    try {
      jetStream.publish(topic, headers, data, options.build());
    } catch (IOException e) {
      if (!isNoResponders(e)) {
        throw publishFailure(topic, e);
      }
      streams.forget(topic);
      streams.streamFor(topic);
      try {
        jetStream.publish(topic, headers, data, options.build());
      } catch (IOException | JetStreamApiException again) {
        throw publishFailure(topic, again);
      }
    } catch (JetStreamApiException e) {
      throw publishFailure(topic, e);
    }
  }

  @Override
  public Subscription subscribe(SubscribeRequest request, MessageHandler handler) throws PubSubException {
    String topic = checkedTopic(request.topic());
    String consumerId = request.metadata().getOrDefault(CONSUMER_ID, "");
    if (consumerId.isBlank()) {
      consumerId = metadata.get(CONSUMER_ID, metadata.appId() == null ? metadata.name() : metadata.appId());
    }
    String stream = streams.streamFor(topic);
    String consumer = plans.consumerName(consumerId, topic);
    DurableSubscription subscription = new DurableSubscription(topic, stream, consumer, handler, settings,
        connection, ticker, CLOSE_TIMEOUT, subscriptions::remove);
    ensureConsumer(subscription);
    String queue = plans.queueGroup(consumer);
    try {
      PushSubscribeOptions bind = PushSubscribeOptions.bind(stream, consumer);
      subscription.bound(jetStream.subscribe(topic, queue, subscription.newDispatcher(), subscription::onMessage,
          false, bind));
    } catch (IOException | JetStreamApiException | IllegalArgumentException | IllegalStateException e) {
      subscription.close();
      String reason = e instanceof JetStreamApiException api ? api.getErrorDescription() : e.getMessage();
      throw new PubSubException(prefix() + "cannot subscribe to topic " + topic + " as consumer " + consumer
          + " of stream " + stream + ": " + settings.scrub(reason)
          + (settings.exclusiveSubscriptions() ? " (with flowControl or heartbeat, a consumer group takes one"
          + " subscriber at a time)" : ""), e);
    }
    subscriptions.add(subscription);
    if (closed) {
      subscription.close();
      throw new PubSubException(prefix() + "the component is closed");
    }
    return subscription;
  }

  @Override
  public void close() {
    closed = true;
    for (DurableSubscription subscription : List.copyOf(subscriptions)) {
      subscription.close();
    }
    closeConnection();
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  /** Creates the subscription's durable consumer, or updates it to the component's settings. */
  private void ensureConsumer(DurableSubscription subscription) throws PubSubException {
    String stream = subscription.stream();
    String consumer = subscription.consumer();
    try {
      String deliverSubject = plans.deliverSubject(stream, consumer);
      try {
        deliverSubject = management.getConsumerInfo(stream, consumer).getConsumerConfiguration().getDeliverSubject();
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() != CONSUMER_NOT_FOUND) {
          throw e;
        }
      }
      management.addOrUpdateConsumer(stream, plans.configuration(subscription.topic(), consumer, deliverSubject));
    } catch (IOException | JetStreamApiException e) {
      String reason = e instanceof JetStreamApiException api ? api.getErrorDescription() : e.getMessage();
      throw new PubSubException(prefix() + "cannot create or update consumer " + consumer + " of stream " + stream
          + " for topic " + subscription.topic() + ": " + settings.scrub(reason), e);
    }
  }

  /** After a reconnection, recreates the consumers the server lost (memory storage), so delivery resumes. */
  private void restoreConsumers() {
    for (DurableSubscription subscription : List.copyOf(subscriptions)) {
      try {
        management.getConsumerInfo(subscription.stream(), subscription.consumer());
      } catch (JetStreamApiException e) {
        if (e.getApiErrorCode() == CONSUMER_NOT_FOUND || e.getApiErrorCode() == StreamCatalog.STREAM_NOT_FOUND) {
          try {
            streams.forget(subscription.topic());
            streams.streamFor(subscription.topic());
            ensureConsumer(subscription);
            LOG.log(Level.INFO, "pubsub.jetstream: recreated consumer " + subscription.consumer() + " of stream "
                + subscription.stream() + " after reconnecting");
          } catch (PubSubException failed) {
            LOG.log(Level.WARNING, failed.getMessage());
          }
        }
      } catch (IOException e) {
        LOG.log(Level.DEBUG, "pubsub.jetstream: cannot look up consumer " + subscription.consumer() + ": "
            + settings.scrub(e.getMessage()));
      }
    }
  }

  private Options options() throws ComponentException {
    Options.Builder builder = Options.builder().servers(settings.servers().toArray(String[]::new))
        .connectionName(settings.connectionName()).maxReconnects(-1).reconnectWait(Duration.ofSeconds(1))
        .connectionTimeout(Duration.ofSeconds(2)).connectionListener(this::onConnectionEvent)
        .errorListener(new LoggedErrors(settings));
    if (settings.jwt() != null) {
      try {
        NKey.fromSeed(settings.seedKey().trim().toCharArray());
      } catch (RuntimeException e) {
        throw metadata.invalid("seedKey", "(set)", "an NKey user seed (SU...)");
      }
      builder.authHandler(Nats.staticCredentials(settings.jwt().trim().toCharArray(),
          settings.seedKey().trim().toCharArray()));
    } else if (settings.token() != null) {
      builder.token(settings.token().toCharArray());
    }
    if (TlsMaterial.configured(settings)) {
      builder.sslContext(TlsMaterial.context(settings, metadata));
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw metadata.invalid("natsURL", settings.serverText(), "server URLs the NATS client accepts: "
          + settings.scrub(e.getMessage()));
    }
  }

  private JetStreamOptions jetStreamOptions() {
    JetStreamOptions.Builder builder = JetStreamOptions.builder().requestTimeout(REQUEST_TIMEOUT);
    if (settings.domain() != null) {
      builder.domain(settings.domain());
    }
    if (settings.apiPrefix() != null) {
      builder.prefix(settings.apiPrefix());
    }
    return builder.build();
  }

  private void onConnectionEvent(Connection source, ConnectionListener.Events event) {
    LOG.log(Level.DEBUG, "pubsub.jetstream: connection " + event);
    if (event == ConnectionListener.Events.RECONNECTED && !closed && plans != null) {
      Thread.ofVirtual().name("jetstream-restore").start(this::restoreConsumers);
    }
  }

  private String checkedTopic(String topic) throws PubSubException {
    if (closed) {
      throw new PubSubException(prefix() + "the component is closed");
    }
    if (topic == null || topic.isEmpty() || topic.chars().anyMatch(Character::isWhitespace)
        || topic.startsWith(".") || topic.endsWith(".") || topic.contains("..")) {
      throw new PubSubException("topic: '" + (topic == null ? "" : topic) + "' (expected: a NATS subject: no"
          + " whitespace, no empty tokens between dots)");
    }
    return topic;
  }

  /** The {@code id} of a CloudEvent payload, or {@code null} when the payload is not a JSON object with one. */
  static String cloudEventId(byte[] data) {
    if (data == null || data.length < 2) {
      return null;
    }
    int first = 0;
    while (first < data.length && Character.isWhitespace(data[first])) {
      first++;
    }
    if (first == data.length || data[first] != '{') {
      return null;
    }
    try {
      JsonValue id = JsonParser.parse(data).map.get("id");
      return id == null || id.string == null || id.string.isEmpty() ? null : id.string;
    } catch (Exception e) {
      return null;
    }
  }

  private static boolean isNoResponders(IOException e) {
    return String.valueOf(e.getMessage()).contains("503");
  }

  private PubSubException publishFailure(String topic, Exception e) {
    String reason = e instanceof JetStreamApiException api ? api.getErrorDescription() : e.getMessage();
    return new PubSubException(prefix() + "cannot publish to topic " + topic + ": " + settings.scrub(reason), e);
  }

  private void closeConnection() {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String prefix() {
    return "component " + metadata.name() + " (" + TYPE + "): ";
  }

  /**
   * The client's errors, in this component's log without credentials: connection failures while reconnecting at
   * debug level (the connection events tell the story), server errors and slow consumers as warnings.
   */
  private record LoggedErrors(JetStreamSettings settings) implements ErrorListener {
    @Override
    public void errorOccurred(Connection conn, String error) {
      LOG.log(Level.WARNING, "pubsub.jetstream: the server reports: " + settings.scrub(error));
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
      LOG.log(Level.DEBUG, "pubsub.jetstream: connection error: " + settings.scrub(String.valueOf(exp)));
    }

    @Override
    public void slowConsumerDetected(Connection conn, Consumer consumer) {
      LOG.log(Level.WARNING, "pubsub.jetstream: a subscription is too slow for its messages; the client drops"
          + " some, which the server delivers again after ackWait");
    }
  }
}
