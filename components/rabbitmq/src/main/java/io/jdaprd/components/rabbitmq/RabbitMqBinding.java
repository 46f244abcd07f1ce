package io.jdaprd.components.rabbitmq;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.InputHandler;
import io.jdaprd.spi.bindings.OutputBinding;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code bindings.rabbitmq}: one queue, written by the output binding and read by the input binding, as Dapr's.
 * Metadata in {@link RabbitMqBindingSettings}; the queue is declared (with {@code x-message-ttl} and
 * {@code x-max-priority} when set) at init and after every reconnection.
 *
 * <p>Output: the single operation {@code create} publishes the request's data to the default exchange with the queue
 * name as routing key, persistent, content type {@code text/plain} unless the request metadata says
 * {@code contentType}; every request metadata entry becomes a string header; request metadata {@code ttl}
 * ({@code ttlInSeconds}) sets the message's expiration, {@code priority} its priority (clamped to 0..255), and
 * {@code messageID}, {@code correlationID}, {@code type} the AMQP properties of those names (matched in any case).
 * Unlike Dapr's, a publish waits for the broker's confirm, so an answered {@code create} is on the broker.
 *
 * <p>Input: see {@link RabbitMqBindingReader}: one message at a time, acknowledged after the handler returns,
 * rejected with requeue when it throws; the string headers become the event's metadata.
 *
 * <p>When the connection is lost, the binding connects again every {@code reconnectWaitInSeconds} until it
 * succeeds or is closed, declares the queue again and resumes its readers; meanwhile {@code create} fails at once.
 */
public final class RabbitMqBinding implements OutputBinding, InputBinding {
  /** The component type. */
  public static final String TYPE = "bindings.rabbitmq";

  private static final System.Logger LOG = System.getLogger(RabbitMqBinding.class.getName());
  private static final List<String> OPERATIONS = List.of("create");
  private static final int TIMEOUT_MILLIS = 10_000;
  private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);

  private final Object connectionLock = new Object();
  private final ReentrantLock publishLock = new ReentrantLock();
  private final Set<RabbitMqBindingReader> readers = ConcurrentHashMap.newKeySet();
  private RabbitMqBindingSettings settings;
  private String label;
  private ConnectionFactory factory;
  private ScheduledExecutorService scheduler;
  private volatile Connection connection;
  private volatile boolean closed;
  private boolean reconnecting;
  private Channel publishChannel;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    settings = RabbitMqBindingSettings.from(metadata);
    label = "rabbitmq binding " + metadata.name();
    try {
      factory = factory(settings);
    } catch (GeneralSecurityException | IOException e) {
      throw new ComponentException(label + ": caCert: " + e.getMessage(), e);
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(
        Thread.ofVirtual().name("bindings.rabbitmq " + metadata.name() + " reconnect").factory());
    try {
      connect();
    } catch (IOException | TimeoutException | RuntimeException e) {
      close();
      throw new ComponentException(label + ": connecting to " + settings.brokerText() + " failed: "
          + settings.scrub(RabbitMqLink.reason(e)), e);
    }
  }

  @Override
  public List<String> operations() {
    return OPERATIONS;
  }

  /** Whether the connection to the broker is open. */
  @Override
  public void check() throws ComponentException {
    openConnection();
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    if (!request.operation().equals("create")) {
      throw new BindingException("invalid operation type: " + request.operation());
    }
    Map<String, String> metadata = request.metadata();
    AMQP.BasicProperties.Builder properties = new AMQP.BasicProperties.Builder().deliveryMode(2)
        .contentType("text/plain").headers(new HashMap<>(metadata));
    Optional<Duration> ttl;
    try {
      ttl = RabbitMqBindingSettings.ttl(metadata);
    } catch (IllegalArgumentException e) {
      throw new BindingException("failed to get TTL: " + e.getMessage());
    }
    ttl.ifPresent(d -> properties.expiration(Long.toString(d.toMillis())));
    String priority = metadata.get("priority");
    if (priority != null && !priority.isEmpty()) {
      try {
        properties.priority((int) Math.max(0, Math.min(255, Long.parseLong(priority))));
      } catch (NumberFormatException e) {
        throw new BindingException("priority value must be a valid integer: actual is '" + priority + "'");
      }
    }
    property(metadata, "contentType").ifPresent(properties::contentType);
    property(metadata, "messageID").ifPresent(properties::messageId);
    property(metadata, "correlationID").ifPresent(properties::correlationId);
    property(metadata, "type").ifPresent(properties::type);
    publish(properties.build(), request.data());
    return BindingResponse.EMPTY;
  }

  @Override
  public BindingReader read(InputHandler handler) throws BindingException {
    if (closed) {
      throw new BindingException("binding already closed");
    }
    RabbitMqBindingReader reader = new RabbitMqBindingReader(this, handler);
    readers.add(reader);
    Connection current = connection;
    if (current != null && current.isOpen()) {
      reader.resume(current);
    }
    return reader;
  }

  /** Closes the readers, then the connection; stops reconnecting. */
  @Override
  public void close() {
    synchronized (connectionLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    for (RabbitMqBindingReader reader : List.copyOf(readers)) {
      reader.close();
    }
    if (scheduler != null) {
      scheduler.shutdownNow();
    }
    Connection current = connection;
    if (current != null && current.isOpen()) {
      try {
        current.close(TIMEOUT_MILLIS);
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> label + ": closing the connection: " + settings.scrub(RabbitMqLink.reason(e)));
      }
    }
  }

  RabbitMqBindingSettings settings() {
    return settings;
  }

  String label() {
    return label;
  }

  boolean isClosed() {
    return closed;
  }

  void forget(RabbitMqBindingReader reader) {
    readers.remove(reader);
  }

  /** Declares the queue on {@code channel} with the component's arguments. */
  void declareQueue(Channel channel) throws IOException {
    Map<String, Object> arguments = new HashMap<>();
    if (settings.queueTtl() != null) {
      arguments.put("x-message-ttl", settings.queueTtl().toMillis());
    }
    if (settings.maxPriority() != null) {
      arguments.put("x-max-priority", settings.maxPriority());
    }
    channel.queueDeclare(settings.queueName(), settings.durable(), settings.exclusive(),
        settings.deleteWhenUnused(), arguments);
  }

  /** Has {@code reader} started again after {@code reconnectWaitInSeconds}, if the connection is open by then. */
  void scheduleResume(RabbitMqBindingReader reader) {
    schedule(() -> {
      Connection current = connection;
      if (!closed && current != null && current.isOpen()) {
        reader.resume(current);
      }
    });
  }

  private void publish(AMQP.BasicProperties properties, byte[] body) throws BindingException {
    publishLock.lock();
    try {
      Channel channel = publishChannel;
      if (channel == null || !channel.isOpen()) {
        channel = openConnection().createChannel();
        if (channel == null) {
          throw new IOException("the broker has no channel left");
        }
        channel.confirmSelect();
        publishChannel = channel;
      }
      channel.basicPublish("", settings.queueName(), false, properties, body);
      channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      dropPublishChannel();
      throw new BindingException("failed to publish message: interrupted", e);
    } catch (IOException | TimeoutException | RuntimeException e) {
      dropPublishChannel();
      throw new BindingException("failed to publish message: " + settings.scrub(RabbitMqLink.reason(e)), e);
    } finally {
      publishLock.unlock();
    }
  }

  private void dropPublishChannel() {
    Channel channel = publishChannel;
    publishChannel = null;
    if (channel != null && channel.isOpen()) {
      try {
        channel.abort();
      } catch (IOException | RuntimeException e) {
        LOG.log(Level.DEBUG, () -> label + ": dropping the publishing channel: " + e);
      }
    }
  }

  private Connection openConnection() throws BindingException {
    Connection current = connection;
    if (closed) {
      throw new BindingException("component is stopped");
    }
    if (current == null || !current.isOpen()) {
      throw new BindingException("channel/connection is not open");
    }
    return current;
  }

  /** Connects and declares the queue, as Dapr's binding does on every (re)connection. */
  private void connect() throws IOException, TimeoutException {
    synchronized (connectionLock) {
      if (closed) {
        throw new IOException("component is stopped");
      }
      Connection opened = factory.newConnection();
      try (Channel channel = opened.createChannel()) {
        declareQueue(channel);
      } catch (IOException | TimeoutException | RuntimeException e) {
        opened.abort();
        throw e;
      }
      opened.addShutdownListener(this::connectionLost);
      connection = opened;
    }
  }

  private void connectionLost(ShutdownSignalException cause) {
    if (closed || cause.isInitiatedByApplication()) {
      return;
    }
    LOG.log(Level.WARNING, () -> label + ": lost the connection to " + settings.brokerText() + " ("
        + settings.scrub(RabbitMqLink.reason(cause)) + "); reconnecting in " + settings.reconnectWait().toMillis()
        + " ms");
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
          + settings.scrub(RabbitMqLink.reason(e)) + "); next attempt in " + settings.reconnectWait().toMillis()
          + " ms");
      synchronized (connectionLock) {
        reconnecting = false;
      }
      startReconnecting();
      return;
    }
    synchronized (connectionLock) {
      reconnecting = false;
    }
    LOG.log(Level.INFO, () -> label + ": reconnected to " + settings.brokerText());
    Connection current = connection;
    for (RabbitMqBindingReader reader : readers) {
      reader.resume(current);
    }
  }

  private void schedule(Runnable task) {
    if (closed) {
      return;
    }
    try {
      scheduler.schedule(task, settings.reconnectWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      LOG.log(Level.DEBUG, () -> label + ": not reconnecting, the component is closed");
    }
  }

  private static Optional<String> property(Map<String, String> metadata, String name) {
    return Optional.ofNullable(RabbitMqBindingSettings.property(metadata, name)).filter(v -> !v.isEmpty());
  }

  private static ConnectionFactory factory(RabbitMqBindingSettings settings) throws GeneralSecurityException,
      IOException {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(settings.uri());
    if (factory.getVirtualHost().isEmpty()) {
      factory.setVirtualHost("/");
    }
    if ("amqps".equalsIgnoreCase(settings.uri().getScheme())) {
      factory.useSslProtocol(RabbitMqLink.sslContext(settings.caCert()));
      factory.enableHostnameVerification();
    }
    factory.setAutomaticRecoveryEnabled(false);
    factory.setTopologyRecoveryEnabled(false);
    factory.setConnectionTimeout(TIMEOUT_MILLIS);
    factory.setHandshakeTimeout(TIMEOUT_MILLIS);
    factory.setShutdownTimeout(TIMEOUT_MILLIS);
    factory.setChannelRpcTimeout(TIMEOUT_MILLIS * 3);
    factory.setRequestedHeartbeat(10);
    return factory;
  }
}
