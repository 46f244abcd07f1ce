package io.jdaprd.core.configuration;

import io.jdaprd.core.configuration.ConfigurationBlock.UpdateSink;
import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gRPC client's configuration subscription: the first message carries only its id; the store's updates wait until
 * that message is out and then go one at a time. {@link #close} (the client went away) and {@link #stop} (the
 * subscription was ended by id) unsubscribe from the store once.
 */
public final class StreamSubscription implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSubscription.class);

  private final ConfigurationStore store;
  private final UpdateSink sink;
  private final Runnable ended;
  private final Consumer<String> forget;
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile String id;
  private boolean closed;

  StreamSubscription(ConfigurationStore store, UpdateSink sink, Runnable ended, Consumer<String> forget) {
    this.store = store;
    this.sink = sink;
    this.ended = ended;
    this.forget = forget;
  }

  /** The id the store answered. */
  public String id() {
    return id;
  }

  /** Sends the id; answers whether the stream took it (else the subscription is already closed). */
  boolean start(String subscriptionId) {
    this.id = subscriptionId;
    try {
      synchronized (this) {
        sink.send(new ConfigurationUpdate(subscriptionId, Map.of()));
      }
      return true;
    } catch (Exception e) {
      LOG.debug("configuration subscription {}: the stream did not take its id: {}", subscriptionId, e.toString());
      close();
      return false;
    } finally {
      ready.countDown();
    }
  }

  void deliver(ConfigurationUpdate update) throws Exception {
    ready.await();
    synchronized (this) {
      if (closed) {
        return;
      }
      sink.send(update);
    }
  }

  /** Ended by id: unsubscribes from the store, then ends the stream. */
  void stop() {
    if (unsubscribe()) {
      synchronized (this) {
        ended.run();
      }
    }
  }

  /** The client went away: unsubscribes from the store. Idempotent. */
  @Override
  public void close() {
    unsubscribe();
  }

  private boolean unsubscribe() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
    }
    String current = id;
    if (current == null) {
      return true;
    }
    forget.accept(current);
    try {
      store.unsubscribe(current);
    } catch (ConfigurationException | RuntimeException e) {
      LOG.warn("configuration subscription {}: unsubscribing from the store failed: {}", current, e.getMessage());
    }
    return true;
  }
}
