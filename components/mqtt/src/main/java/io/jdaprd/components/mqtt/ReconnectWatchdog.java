package io.jdaprd.components.mqtt;

import java.lang.System.Logger.Level;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Brings a lost connection back where Paho's automatic reconnect stops trying. Paho 1.2.5 ends its reconnect cycle
 * for good in two cases: an attempt whose {@code connect} throws at once (it logs the exception and schedules no
 * further attempt), and an attempt whose {@code CONNACK} never comes (its connection timeout bounds the TCP connect
 * only), as on a connection a restarting broker accepted but never served, or one a network dropped without a
 * reset. Either way the client stays disconnected while the broker is back, and its subscriptions get nothing.
 *
 * <p>{@link #check()}, run every few seconds, watches a connection from {@link #lost()} until {@link #connected()}:
 * once it has been down for {@code stall}, it asks Paho for an attempt now ({@link MqttAsyncClient#reconnect()},
 * which also restarts Paho's own cycle if that attempt fails), then again every {@code stall}; and when an attempt is
 * still in progress at two such checks, it drops that attempt ({@code disconnectForcibly}) and starts another.
 */
final class ReconnectWatchdog {
  private static final System.Logger LOG = System.getLogger(ReconnectWatchdog.class.getName());

  private final MqttAsyncClient client;
  private final String label;
  private final long stallNanos;
  private long lostAtNanos;
  private boolean down;
  private boolean connectingAtLastTry;
  private boolean stopped;

  /**
   * @param client the client to watch
   * @param label  how log lines name the component and client
   * @param stall  how long a connection may stay down before the watchdog steps in; longer than Paho's longest
   *     reconnect delay, so that its own cycle gets its chance first
   */
  ReconnectWatchdog(MqttAsyncClient client, String label, Duration stall) {
    this.client = client;
    this.label = label;
    this.stallNanos = stall.toNanos();
  }

  /** The connection was lost: watch it from now. */
  synchronized void lost() {
    down = true;
    lostAtNanos = System.nanoTime();
    connectingAtLastTry = false;
  }

  /** The connection is up again: nothing to watch. */
  synchronized void connected() {
    down = false;
    connectingAtLastTry = false;
  }

  /** Stops watching for good (the link closes); no check is running once this returns. */
  synchronized void stop() {
    stopped = true;
  }

  /** Steps in when the connection has been down for the stall time since it was lost or since the last try. */
  synchronized void check() {
    if (stopped || !down || client.isConnected()) {
      return;
    }
    long now = System.nanoTime();
    if (now - lostAtNanos < stallNanos) {
      return;
    }
    lostAtNanos = now;
    if (!attemptInProgressAfterAsking()) {
      connectingAtLastTry = false;
      return;
    }
    if (!connectingAtLastTry) {
      connectingAtLastTry = true;
      return;
    }
    LOG.log(Level.WARNING, "{0}: a connect attempt got no answer for {1}; dropping it and connecting again", label,
        Duration.ofNanos(stallNanos));
    try {
      client.disconnectForcibly(0, 1000, false);
    } catch (MqttException | RuntimeException e) {
      LOG.log(Level.DEBUG, "{0}: dropping the attempt: {1}", label, e.getMessage());
    }
    connectingAtLastTry = false;
    attemptInProgressAfterAsking();
  }

  /** Asks Paho for an attempt now; true when it refused because one is already in progress. */
  private boolean attemptInProgressAfterAsking() {
    try {
      client.reconnect();
      LOG.log(Level.INFO, "{0}: still disconnected after {1}; connecting again", label,
          Duration.ofNanos(stallNanos));
      return false;
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttException.REASON_CODE_CONNECT_IN_PROGRESS) {
        return true;
      }
      LOG.log(Level.DEBUG, "{0}: cannot connect again now: {1}", label, e.getMessage());
      return false;
    } catch (RuntimeException e) {
      LOG.log(Level.DEBUG, "{0}: cannot connect again now: {1}", label, e.getMessage());
      return false;
    }
  }
}
