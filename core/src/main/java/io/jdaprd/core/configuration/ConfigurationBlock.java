package io.jdaprd.core.configuration;

import io.jdaprd.core.component.LiveComponents;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.Operations;
import io.jdaprd.core.invoke.AppInvoker;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.ConfigurationErrors;
import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Configuration, as daprd 1.18 answers it. Every operation checks, in daprd's order: a store is loaded at all
 * ({@code ERR_CONFIGURATION_STORE_NOT_CONFIGURED}), then the named store exists
 * ({@code ERR_CONFIGURATION_STORE_NOT_FOUND}).
 *
 * <p>Subscriptions come in daprd's two kinds. An HTTP client's subscription ({@link #subscribeForApp}) pushes each
 * update to the app ({@link AppUpdates}) and is ended by the store itself ({@link #unsubscribe}): the runtime keeps
 * no record of it. A gRPC client's subscription ({@link #subscribeStream}) lives as long as its stream; the runtime
 * keeps it by id, so that the deprecated {@code UnsubscribeConfiguration} RPC ({@link #unsubscribeStream}) can end
 * the stream, and knows no HTTP subscription.
 *
 * <p>The stores follow hot reload ({@link #stores()}). As in daprd, a subscription belongs to the store instance it
 * was made on: when hot reload removes or replaces that store, the store is closed and its subscriptions with it (a
 * gRPC stream stays open until its client ends it, and gets no more updates); a client subscribes again to get the
 * updates of the new store.
 */
public final class ConfigurationBlock {
  private final LiveComponents<ConfigurationStore> stores;
  private final AppUpdates app;
  private final Metrics metrics;
  private final Map<String, StreamSubscription> streams = new ConcurrentHashMap<>();

  /**
   * A block over {@code stores}, by component name.
   *
   * @param app the app, or {@code null} when the sidecar has none (HTTP subscriptions then fail as daprd's)
   */
  public ConfigurationBlock(Map<String, ConfigurationStore> stores, AppInvoker app) {
    this(stores, app, Metrics.NONE);
  }

  /** {@link #ConfigurationBlock(Map, AppInvoker)} recording each get in {@code metrics}. */
  public ConfigurationBlock(Map<String, ConfigurationStore> stores, AppInvoker app, Metrics metrics) {
    this.stores = new LiveComponents<>(stores);
    this.app = app == null ? null : new AppUpdates(app);
    this.metrics = metrics;
  }

  /** A block with no store and no app. */
  public ConfigurationBlock() {
    this(Map.of(), null);
  }

  /**
   * Reads {@code keys} (every item for none) of {@code store}.
   *
   * @return the items by key; empty when the store holds none of them
   * @throws DaprException daprd's not-configured, not-found or {@code ERR_CONFIGURATION_GET}
   */
  public Map<String, ConfigurationItem> get(String store, List<String> keys, Map<String, String> metadata) {
    LiveComponents.Entry<ConfigurationStore> s = store(store);
    long start = System.nanoTime();
    boolean ok = false;
    try {
      Map<String, ConfigurationItem> items = s.component().get(List.copyOf(keys), metadata);
      ok = true;
      return items;
    } catch (ConfigurationException | RuntimeException e) {
      throw ConfigurationErrors.get(store, keys, e.getMessage());
    } finally {
      s.inFlight().exit();
      metrics.configurationCall(store, Operations.GET, ok, System.nanoTime() - start);
    }
  }

  /**
   * An HTTP client's subscription: checks the store, then that there is an app ({@code ERR_APP_CHANNEL_NIL}), then
   * subscribes; each update is posted to the app at {@code /configuration/{store}/{key}}.
   *
   * @return the subscription's id
   * @throws DaprException the store's errors, {@code ERR_APP_CHANNEL_NIL} or {@code ERR_CONFIGURATION_SUBSCRIBE}
   */
  public String subscribeForApp(String store, List<String> keys, Map<String, String> metadata) {
    LiveComponents.Entry<ConfigurationStore> s = store(store);
    try {
      if (app == null) {
        throw CommonErrors.appChannelNil();
      }
      try {
        return s.component().subscribe(List.copyOf(keys), metadata, update -> app.push(store, update));
      } catch (ConfigurationException | RuntimeException e) {
        throw ConfigurationErrors.subscribe(store, keys, e.getMessage());
      }
    } finally {
      s.inFlight().exit();
    }
  }

  /**
   * Ends subscription {@code id} in {@code store} (the HTTP unsubscribe), whichever client made it.
   *
   * @throws DaprException the store's errors, or {@code ERR_CONFIGURATION_UNSUBSCRIBE} with the store's reason
   */
  public void unsubscribe(String store, String id) {
    LiveComponents.Entry<ConfigurationStore> s = store(store);
    try {
      s.component().unsubscribe(id);
    } catch (ConfigurationException | RuntimeException e) {
      throw ConfigurationErrors.unsubscribe(id, e.getMessage());
    } finally {
      s.inFlight().exit();
    }
  }

  /**
   * A gRPC client's subscription. The keys are sorted first, as daprd sorts them. Once the store has subscribed,
   * {@code sink} gets the update carrying only the id, and then the store's updates, never two at once; when the
   * subscription is ended by {@link #unsubscribeStream}, {@code ended} runs after the store has unsubscribed.
   *
   * @return the subscription; closing it (the client went away) unsubscribes from the store
   * @throws DaprException the store's errors or {@code ERR_CONFIGURATION_SUBSCRIBE}
   */
  public StreamSubscription subscribeStream(String store, List<String> keys, Map<String, String> metadata,
      UpdateSink sink, Runnable ended) {
    LiveComponents.Entry<ConfigurationStore> s = store(store);
    List<String> sorted = new ArrayList<>(keys);
    Collections.sort(sorted);
    StreamSubscription subscription = new StreamSubscription(s.component(), sink, ended, streams::remove);
    String id;
    try {
      id = s.component().subscribe(List.copyOf(sorted), metadata, subscription::deliver);
    } catch (ConfigurationException | RuntimeException e) {
      throw ConfigurationErrors.subscribe(store, sorted, e.getMessage());
    } finally {
      s.inFlight().exit();
    }
    if (subscription.start(id)) {
      streams.put(id, subscription);
    }
    return subscription;
  }

  /**
   * The deprecated {@code UnsubscribeConfiguration} RPC: ends the gRPC subscription {@code id} and its stream.
   *
   * @return {@code null} when it was ended, else why not (daprd answers OK with {@code ok=false} and this text)
   */
  public String unsubscribeStream(String id) {
    StreamSubscription subscription = streams.remove(id);
    if (subscription == null) {
      return ConfigurationErrors.unsubscribe(id, "subscription does not exist").getMessage();
    }
    subscription.stop();
    return null;
  }

  /** Ends every gRPC subscription (shutdown), as daprd's API server does when it closes. */
  public void closeStreams() {
    new ArrayList<>(streams.values()).forEach(StreamSubscription::stop);
  }

  /** The configuration stores of now; hot reload puts and removes them. */
  public LiveComponents<ConfigurationStore> stores() {
    return stores;
  }

  /** Store {@code name} counted in flight, or daprd's not-configured / not-found error. */
  private LiveComponents.Entry<ConfigurationStore> store(String name) {
    LiveComponents.Entry<ConfigurationStore> store = stores.acquire(name);
    if (store == null && stores.isEmpty()) {
      throw ConfigurationErrors.notConfigured();
    }
    if (store == null) {
      throw ConfigurationErrors.storeNotFound(name);
    }
    return store;
  }

  /** Receives the messages of a gRPC subscription. */
  @FunctionalInterface
  public interface UpdateSink {
    /** Sends one update; a failure is logged by the store. */
    void send(ConfigurationUpdate update) throws Exception;
  }
}
