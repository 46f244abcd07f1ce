package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.jdaprd.spi.pubsub.PubSubException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The component's connection to the broker, and its recovery. One connection carries one publishing channel (shared
 * under a lock, in confirm mode with {@code publisherConfirm}) and one channel per subscription. When the broker
 * closes the connection or stops answering heartbeats, the link connects again every {@code reconnectWaitSeconds}
 * until it succeeds or is closed, then resumes every registered subscription (which declares its topology again).
 * While it is disconnected, publishing fails at once with a {@link PubSubException}. The amqp-client's own
 * automatic recovery is off: this class is the only one that reconnects.
 */
final class RabbitMqLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RabbitMqLink.class.getName());
  /** How long a publish waits for the broker's confirm with {@code publisherConfirm}. */
  static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  private static final int RPC_TIMEOUT_MILLIS = 30_000;

  private final String label;
  private final RabbitMqSettings settings;
  private final RabbitMqTopology topology;
  private final ConnectionFactory factory;
  private final ScheduledExecutorService scheduler;
  private final Set<RabbitMqConsumer> consumers = ConcurrentHashMap.newKeySet();
  private final ReentrantLock publishLock = new ReentrantLock();
  private final Set<String> declaredExchanges = new HashSet<>();
  private final Object connectionLock = new Object();
  private volatile Connection connection;
  private volatile boolean closed;
  private boolean reconnecting;
  private Channel publishChannel;

  /**
   * A link not yet connected.
   *
   * @param label the component's name and type, for messages
   */
  RabbitMqLink(String label, RabbitMqSettings settings, RabbitMqTopology topology) throws GeneralSecurityException,
      IOException {
    this.label = label;
    this.settings = settings;
    this.topology = topology;
    this.factory = factory(settings);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofVirtual().name("pubsub.rabbitmq " + label + " reconnect").factory());
  }

  /** Connects for the first time. */
  void connect() throws IOException, TimeoutException {
    synchronized (connectionLock) {
      if (closed) {
        throw new IOException("the component is closed");
      }
      Connection opened = settings.clientName() == null ? factory.newConnection()
          : factory.newConnection(settings.clientName());
      opened.addShutdownListener(this::connectionLost);
      connection = opened;
    }
  }

  /** Whether the connection is open now. */
  boolean isOpen() {
    Connection current = connection;
    return current != null && current.isOpen();
  }

  /** The open connection. */
  Connection openConnection() throws PubSubException {
    Connection current = connection;
    if (closed) {
      throw new PubSubException(label + ": the component is closed");
    }
    if (current == null || !current.isOpen()) {
      throw new PubSubException(label + ": not connected to the broker at " + settings.brokerText()
          + " (reconnecting every " + settings.reconnectWait().toSeconds() + "s)");
    }
    return current;
  }

  /** The component's name and type, for messages. */
  String label() {
    return label;
  }

  /**
   * Declares the topic's exchange (once per publishing channel), publishes, and waits for the broker's confirm with
   * {@code publisherConfirm}.
   */
  void publish(String topic, String routingKey, AMQP.BasicProperties properties, byte[] body)
      throws PubSubException {
    publishLock.lock();
    try {
      Channel channel = publishChannel();
      if (!declaredExchanges.contains(topic)) {
        topology.declareExchange(channel, topic);
        declaredExchanges.add(topic);
      }
      channel.basicPublish(topic, routingKey, false, properties, body);
      if (settings.publisherConfirm()) {
        channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discardPublishChannel();
      throw failure("publish to topic " + topic, e);
    } catch (IOException | TimeoutException | RuntimeException e) {
      discardPublishChannel();
      throw failure("publish to topic " + topic, e);
    } finally {
      publishLock.unlock();
    }
  }

  /** Adds a subscription to resume after every reconnection. */
  void register(RabbitMqConsumer consumer) {
    consumers.add(consumer);
  }

  /** Forgets a closed subscription. */
  void unregister(RabbitMqConsumer consumer) {
    consumers.remove(consumer);
  }

  /** Has {@code consumer} started again after {@code reconnectWaitSeconds}, if the connection is open by then. */
  void scheduleResume(RabbitMqConsumer consumer) {
    if (closed) {
      return;
    }
    schedule(() -> {
      Connection current = connection;
      if (!closed && current != null && current.isOpen()) {
        consumer.resume(current);
      }
    });
  }

  /** A failure of {@code action}, with the broker's reason and without any password. */
  PubSubException failure(String action, Throwable cause) {
    return new PubSubException(label + ": " + action + " failed on the broker at " + settings.brokerText() + ": "
        + settings.scrub(reason(cause)), cause);
  }

  /** The most telling message in {@code error}'s causes, such as the broker's reply text. */
  static String reason(Throwable error) {
    Throwable t = error;
    while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t instanceof IOException
        && t.getCause() instanceof ShutdownSignalException)) {
      t = t.getCause();
    }
    if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close close) {
      return close.getReplyText() + " (" + close.getReplyCode() + ")";
    }
    if (t instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Connection.Close close) {
      return close.getReplyText() + " (" + close.getReplyCode() + ")";
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** Stops reconnecting and closes the connection. The subscriptions must be closed first. */
  @Override
  public void close() {
    synchronized (connectionLock) {
      closed = true;
    }
    scheduler.shutdownNow();
    Connection current = connection;
    if (current != null && current.isOpen()) {
      try {
        current.close(CONNECT_TIMEOUT_MILLIS);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> label + ": closing the connection: " + settings.scrub(reason(e)));
      }
    }
  }

  private Channel publishChannel() throws IOException, PubSubException {
    if (publishChannel != null && publishChannel.isOpen()) {
      return publishChannel;
    }
    declaredExchanges.clear();
    Channel channel = openConnection().createChannel();
    if (channel == null) {
      throw new PubSubException(label + ": the broker at " + settings.brokerText() + " has no channel left");
    }
    if (settings.publisherConfirm()) {
      channel.confirmSelect();
    }
    publishChannel = channel;
    return channel;
  }

  private void discardPublishChannel() {
    Channel channel = publishChannel;
    publishChannel = null;
    declaredExchanges.clear();
    if (channel != null && channel.isOpen()) {
      try {
        channel.abort();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> label + ": dropping the publishing channel: " + settings.scrub(reason(e)));
      }
    }
  }

  private void connectionLost(ShutdownSignalException cause) {
    if (closed || cause.isInitiatedByApplication()) {
      return;
    }
    LOG.log(Level.WARNING, () -> label + ": lost the connection to " + settings.brokerText() + " ("
        + settings.scrub(reason(cause)) + "); reconnecting in " + settings.reconnectWait().toMillis() + " ms");
    startReconnecting();
  }

  private void startReconnecting() {
    synchronized (connectionLock) {
      if (reconnecting || closed) {
        return;
      }
      reconnecting = true;
    }
    schedule(this::reconnect);
  }

  private void reconnect() {
    try {
      connect();
    } catch (IOException | TimeoutException | RuntimeException e) {
      LOG.log(Level.INFO, () -> label + ": reconnecting to " + settings.brokerText() + " failed ("
          + settings.scrub(reason(e)) + "); next attempt in " + settings.reconnectWait().toMillis() + " ms");
      synchronized (connectionLock) {
        reconnecting = false;
      }
      startReconnecting();
      return;
    }
    synchronized (connectionLock) {
      reconnecting = false;
    }
    LOG.log(Level.INFO, () -> label + ": reconnected to " + settings.brokerText() + "; resuming "
        + consumers.size() + " subscription(s)");
    Connection current = connection;
    for (RabbitMqConsumer consumer : consumers) {
      consumer.resume(current);
    }
  }

  private void schedule(Runnable task) {
    try {
      scheduler.schedule(task, settings.reconnectWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.log(Level.DEBUG, () -> label + ": not reconnecting, the component is closed");
    }
  }

  private static ConnectionFactory factory(RabbitMqSettings settings) throws GeneralSecurityException, IOException {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(settings.uri());
    if (factory.getVirtualHost().isEmpty()) {
      factory.setVirtualHost("/");
    }
    if (settings.tls()) {
      factory.useSslProtocol(sslContext(settings.caCert()));
      factory.enableHostnameVerification();
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setTopologyRecoveryEnabled(false);
    factory.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
    factory.setHandshakeTimeout(CONNECT_TIMEOUT_MILLIS);
    factory.setShutdownTimeout(CONNECT_TIMEOUT_MILLIS);
    factory.setChannelRpcTimeout(RPC_TIMEOUT_MILLIS);
    factory.setRequestedHeartbeat((int) Math.max(0, Math.min(65535, settings.heartBeat().toSeconds())));
    return factory;
  }

  /** A TLS context that trusts {@code caCert} (PEM), or the JVM's authorities when it is {@code null}. */
  static SSLContext sslContext(String caCert) throws GeneralSecurityException, IOException {
    SSLContext context = SSLContext.getInstance("TLS");
    if (caCert == null) {
      context.init(null, null, null);
      return context;
    }
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    int i = 0;
    for (Certificate certificate : CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(caCert.getBytes(StandardCharsets.US_ASCII)))) {
      trusted.setCertificateEntry("ca-" + i++, certificate);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
