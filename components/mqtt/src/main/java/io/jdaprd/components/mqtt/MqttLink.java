package io.jdaprd.components.mqtt;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One MQTT client connection (one client id) with the subscriptions ({@link Tap}s) made on it. Paho reconnects by
 * itself; after a reconnect the link subscribes again to every topic filter it holds (needed with
 * {@code cleanSession: true}, harmless otherwise).
 *
 * <p>Acknowledgement is manual: each message goes to a handler on a virtual thread of its own (so handlers run
 * concurrently, bounded by the broker's in-flight window for QoS 1 and 2), and it is acknowledged only once the
 * handler returned. A message whose handler threw stays unacknowledged and is offered again on the link's
 * {@link Redelivery} plan. Taps of one filter compete: each message goes to one of them, in turn. A message that
 * arrives while no tap takes its topic stays unacknowledged and is held, then offered to the next tap that
 * subscribes to a matching filter. After the connection was lost, messages of the old connection are neither
 * acknowledged nor offered again: the broker sends them again on the new connection, with the same packet id.
 */
final class MqttLink implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(MqttLink.class.getName());
  /** How long a connect, subscribe or publish may take. */
  static final Duration WAIT = Duration.ofSeconds(20);
  /** How long a lost connection may stay down before the {@link ReconnectWatchdog} steps in. */
  static final Duration RECONNECT_STALL = Duration.ofSeconds(15);
  /** How long closing a tap waits for its handlers in flight. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /** One message as it arrived, with the connection it arrived on. */
  record Arrival(String topic, byte[] payload, boolean retained, int id, int qos, long generation, int failures) {
    Arrival failedOnceMore() {
      return new Arrival(topic, payload, retained, id, qos, generation, failures + 1);
    }
  }

  /** What a tap does with a message; returning acknowledges it, throwing leaves it unacknowledged. */
  @FunctionalInterface
  interface Receiver {
    void receive(Arrival arrival) throws Exception;
  }

  private final MqttSettings settings;
  private final String clientId;
  private final Redelivery redelivery;
  private final MqttAsyncClient client;
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<Arrival> held = new ArrayList<>();
  private final AtomicLong generation = new AtomicLong();
  private final ScheduledExecutorService timer;
  private final ReconnectWatchdog watchdog;
  private volatile boolean closed;

  MqttLink(MqttSettings settings, String clientId, Redelivery redelivery) throws MqttException {
    this(settings, clientId, redelivery, RECONNECT_STALL);
  }

  /**
   * @param reconnectStall how long a lost connection may stay down before the link makes Paho try again (see
   *     {@link ReconnectWatchdog}); checked every fifth of it
   */
  MqttLink(MqttSettings settings, String clientId, Redelivery redelivery, Duration reconnectStall)
      throws MqttException {
    this.settings = settings;
    this.clientId = clientId;
    this.redelivery = redelivery;
    this.client = new MqttAsyncClient(settings.serverUri(), clientId, new MemoryPersistence());
    this.client.setManualAcks(true);
    this.client.setCallback(new Callback());
    this.timer = Executors.newSingleThreadScheduledExecutor(
        Thread.ofPlatform().daemon().name("mqtt-redelivery-" + clientId).factory());
    this.watchdog = new ReconnectWatchdog(client, settings.label() + " client " + clientId, reconnectStall);
    long checkMillis = Math.max(1, reconnectStall.toMillis() / 5);
    timer.scheduleWithFixedDelay(watchdog::check, checkMillis, checkMillis, TimeUnit.MILLISECONDS);
  }

  /** Connects, waiting at most {@link #WAIT}. */
  void connect() throws MqttException {
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(settings.cleanSession());
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay(10_000);
    options.setConnectionTimeout((int) WAIT.toSeconds());
    options.setKeepAliveInterval(30);
    options.setMaxInflight(1000);
    if (settings.username() != null && !settings.username().isEmpty()) {
      options.setUserName(settings.username());
    }
    if (settings.password() != null) {
      options.setPassword(settings.password().toCharArray());
    }
    if (settings.tls() != null) {
      options.setSocketFactory(settings.tls().socketFactory());
    }
    client.connect(options).waitForCompletion(WAIT.toMillis());
  }

  /** The client id of this connection. */
  String clientId() {
    return clientId;
  }

  /** Whether the connection is up. */
  boolean isConnected() {
    return client.isConnected();
  }

  /** Publishes and waits until the broker accepted the message (for QoS 1 and 2) or at most {@link #WAIT}. */
  void publish(String topic, byte[] payload, int qos, boolean retain) throws MqttException {
    MqttMessage message = new MqttMessage(payload);
    message.setQos(qos);
    message.setRetained(retain);
    IMqttDeliveryToken token = client.publish(topic, message);
    token.waitForCompletion(WAIT.toMillis());
  }

  /**
   * Adds a tap on {@code filter}; subscribes at the broker when it is the filter's first. Messages held for lack of
   * a tap whose topic the filter matches go to the new tap.
   *
   * @param unsubscribeOnClose whether closing the filter's last tap unsubscribes at the broker (else the broker
   *     keeps queueing for this client id, as daprd does unless {@code cleanSession} or {@code unsubscribeOnClose})
   */
  Tap subscribe(String filter, Receiver receiver, boolean unsubscribeOnClose) throws MqttException {
    Tap tap;
    synchronized (this) {
      if (closed) {
        throw new MqttException(MqttException.REASON_CODE_CLIENT_CLOSED);
      }
      Route route = routes.computeIfAbsent(filter, Route::new);
      tap = new Tap(route, receiver, unsubscribeOnClose);
      route.taps.add(tap);
      if (!route.subscribed) {
        try {
          IMqttToken token = client.subscribe(filter, settings.qos());
          token.waitForCompletion(WAIT.toMillis());
          int[] granted = token.getGrantedQos();
          if (granted != null && granted.length > 0 && granted[0] == 0x80) {
            throw new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
          }
        } catch (MqttException | RuntimeException e) {
          route.taps.remove(tap);
          if (route.taps.isEmpty()) {
            routes.remove(filter);
          }
          throw e;
        }
        route.subscribed = true;
      }
    }
    List<Arrival> waiting = new ArrayList<>();
    synchronized (held) {
      for (Iterator<Arrival> it = held.iterator(); it.hasNext();) {
        Arrival a = it.next();
        if (tap.route.matches(a.topic())) {
          waiting.add(a);
          it.remove();
        }
      }
    }
    waiting.forEach(this::dispatch);
    return tap;
  }

  /** Offers {@code arrival} to a tap of its topic, or holds it when there is none. */
  private void dispatch(Arrival arrival) {
    if (closed || arrival.generation() != generation.get()) {
      return;
    }
    while (true) {
      Tap tap;
      // Picking and holding under one lock: a tap that subscribes meanwhile drains the held messages after it.
      synchronized (held) {
        tap = pick(arrival.topic());
        if (tap == null) {
          held.add(arrival);
          return;
        }
      }
      if (tap.begin()) {
        Thread.ofVirtual().name("mqtt-handler-" + clientId).start(() -> run(tap, arrival));
        return;
      }
    }
  }

  private void run(Tap tap, Arrival arrival) {
    try {
      tap.receiver.receive(arrival);
      acknowledge(arrival);
    } catch (Exception | Error e) {
      Arrival failed = arrival.failedOnceMore();
      Duration wait = redelivery.after(failed.failures());
      if (wait == null) {
        LOG.log(Level.WARNING, "{0}: message #{1} on topic {2} failed {3} times; left unacknowledged for the broker"
            + " to send again after the next reconnect: {4}", settings.label(), String.valueOf(arrival.id()),
            arrival.topic(), String.valueOf(failed.failures()), String.valueOf(e.getMessage()));
      } else {
        LOG.log(Level.DEBUG, "{0}: message #{1} on topic {2} failed; offered again in {3}: {4}", settings.label(),
            String.valueOf(arrival.id()), arrival.topic(), wait, String.valueOf(e.getMessage()));
        try {
          timer.schedule(() -> dispatch(failed), wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
          // the link closes: the message stays with the broker
        }
      }
    } finally {
      tap.end();
    }
  }

  private void acknowledge(Arrival arrival) {
    if (arrival.qos() == 0 || arrival.generation() != generation.get()) {
      return;
    }
    try {
      client.messageArrivedComplete(arrival.id(), arrival.qos());
    } catch (MqttException | RuntimeException e) {
      LOG.log(Level.DEBUG, "{0}: cannot acknowledge message #{1}; the broker sends it again: {2}",
          settings.label(), String.valueOf(arrival.id()), String.valueOf(e.getMessage()));
    }
  }

  /** An open tap whose filter matches {@code topic}, taking the taps of a filter in turn; null when none. */
  private Tap pick(String topic) {
    Route exact = routes.get(topic);
    Tap tap = exact == null ? null : exact.next();
    if (tap != null) {
      return tap;
    }
    for (Route r : routes.values()) {
      if (r.matches(topic)) {
        tap = r.next();
        if (tap != null) {
          return tap;
        }
      }
    }
    return null;
  }

  /** Closes the taps (waiting for their handlers) and disconnects, leaving the session with the broker. */
  @Override
  public void close() {
    List<Tap> taps = new ArrayList<>();
    synchronized (this) {
      closed = true;
      routes.values().forEach(r -> taps.addAll(r.taps));
    }
    taps.forEach(Tap::stopAndWait);
    watchdog.stop();
    timer.shutdownNow();
    try {
      if (client.isConnected()) {
        client.disconnect(200).waitForCompletion(2000);
      }
    } catch (MqttException | RuntimeException e) {
      try {
        client.disconnectForcibly(0, 500, false);
      } catch (MqttException | RuntimeException ignored) {
        // nothing more to do
      }
    }
    try {
      client.close(true);
    } catch (MqttException | RuntimeException e) {
      LOG.log(Level.DEBUG, "{0}: closing client {1}: {2}", settings.label(), clientId, e.getMessage());
    }
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectionLost(Throwable cause) {
      watchdog.lost();
      generation.incrementAndGet();
      synchronized (held) {
        held.clear();
      }
      LOG.log(Level.WARNING, "{0}: connection of client {1} to {2} lost; reconnecting: {3}", settings.label(),
          clientId, settings.brokerText(), settings.scrubText(cause == null ? "" : String.valueOf(cause)));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      dispatch(new Arrival(topic, message.getPayload(), message.isRetained(), message.getId(), message.getQos(),
          generation.get(), 0));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // publishes wait for their own tokens
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      watchdog.connected();
      if (!reconnect) {
        return;
      }
      LOG.log(Level.INFO, "{0}: client {1} reconnected to {2}", settings.label(), clientId, settings.brokerText());
      for (Route r : routes.values()) {
        if (r.subscribed) {
          try {
            client.subscribe(r.filter, settings.qos());
          } catch (MqttException | RuntimeException e) {
            LOG.log(Level.WARNING, "{0}: cannot subscribe again to {1}: {2}", settings.label(), r.filter,
                e.getMessage());
          }
        }
      }
    }
  }

  /** The taps of one topic filter. */
  private final class Route {
    final String filter;
    /** The filter without a shared-subscription prefix {@code $share/<group>/}, as topics are matched. */
    final String matched;
    final List<Tap> taps = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean subscribed;
    private int next;

    Route(String filter) {
      this.filter = filter;
      String m = filter;
      if (m.startsWith("$share/")) {
        int slash = m.indexOf('/', "$share/".length());
        m = slash < 0 ? m : m.substring(slash + 1);
      }
      this.matched = m;
    }

    boolean matches(String topic) {
      try {
        return matched.equals(topic) || org.eclipse.paho.client.mqttv3.MqttTopic.isMatched(matched, topic);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    synchronized Tap next() {
      int n = taps.size();
      for (int i = 0; i < n; i++) {
        Tap t = taps.get(Math.floorMod(next++, n));
        if (t.isOpen()) {
          return t;
        }
      }
      return null;
    }
  }

  /** One subscription on the link: a receiver of the messages of one filter, until closed. */
  final class Tap {
    private final Route route;
    private final Receiver receiver;
    private final boolean unsubscribeOnClose;
    private int inFlight;
    private boolean open = true;

    private Tap(Route route, Receiver receiver, boolean unsubscribeOnClose) {
      this.route = route;
      this.receiver = receiver;
      this.unsubscribeOnClose = unsubscribeOnClose;
    }

    synchronized boolean isOpen() {
      return open;
    }

    private synchronized boolean begin() {
      if (!open) {
        return false;
      }
      inFlight++;
      return true;
    }

    private synchronized void end() {
      inFlight--;
      notifyAll();
    }

    /**
     * Stops offering messages to this tap, waits (at most 30 s) for its handlers in flight, and, when it was the
     * filter's last tap and the subscription asked for it (or the session is clean), unsubscribes at the broker.
     * Idempotent.
     */
    void close() {
      if (!stopAndWait()) {
        return;
      }
      boolean unsubscribe = false;
      synchronized (MqttLink.this) {
        route.taps.remove(this);
        if (route.taps.isEmpty() && (unsubscribeOnClose || settings.cleanSession()) && !closed) {
          routes.remove(route.filter);
          unsubscribe = true;
        }
      }
      if (unsubscribe) {
        try {
          client.unsubscribe(route.filter).waitForCompletion(WAIT.toMillis());
        } catch (MqttException | RuntimeException e) {
          LOG.log(Level.WARNING, "{0}: cannot unsubscribe from {1}: {2}", settings.label(), route.filter,
              e.getMessage());
        }
      }
    }

    /** Closes the tap and waits for its handlers; false when it was closed already. */
    private boolean stopAndWait() {
      synchronized (this) {
        if (!open) {
          return false;
        }
        open = false;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (inFlight > 0) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          if (left <= 0) {
            LOG.log(Level.WARNING, "{0}: {1} handler(s) of {2} still running after {3}; closing anyway",
                settings.label(), inFlight, route.filter, CLOSE_WAIT);
            break;
          }
          try {
            wait(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
        return true;
      }
    }
  }
}
