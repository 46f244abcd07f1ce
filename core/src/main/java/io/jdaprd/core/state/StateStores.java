package io.jdaprd.core.state;

import io.jdaprd.core.component.InFlight;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.spi.state.StateStore;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The state stores of this sidecar, by name, each with its key prefix. Hot reload replaces and removes stores while
 * requests run ({@link #put}, {@link #remove}); a request reads the current set once, at its lookup.
 */
public final class StateStores {
  private volatile Map<String, Store> stores;
  private final String appId;
  private final Metrics metrics;

  /**
   * @param stores the loaded stores, by component name, each with its prefix
   * @param appId this sidecar's app id (for daprd's HTTP error metadata)
   */
  public StateStores(Map<String, Store> stores, String appId) {
    this(stores, appId, Metrics.NONE);
  }

  /** {@link #StateStores(Map, String)} whose calls the state block records in {@code metrics}. */
  public StateStores(Map<String, Store> stores, String appId, Metrics metrics) {
    this.stores = Collections.unmodifiableMap(new LinkedHashMap<>(stores));
    this.appId = appId;
    this.metrics = metrics;
  }

  /** Where the state block records the store calls ({@code dapr_component_state_*}). */
  public Metrics metrics() {
    return metrics;
  }

  /**
   * One store and its key prefix.
   *
   * @param inFlight the calls on this store in flight (the state block counts them; hot reload waits for them)
   */
  public record Store(String name, StateStore store, KeyPrefix prefix, InFlight inFlight) {

    /** A store whose calls are counted from now on. */
    public Store(String name, StateStore store, KeyPrefix prefix) {
      this(name, store, prefix, new InFlight());
    }

    /** The stored key for a user key, refusing {@code ||} with daprd's illegal-key error. */
    public String storedKey(String key) {
      return storedKey(key, () -> StateErrors.illegalKey(name, key));
    }

    /** The stored key for a user key, refusing {@code ||} with {@code illegalKey}. */
    public String storedKey(String key, Supplier<DaprException> illegalKey) {
      if (key.contains(KeyPrefix.SEPARATOR)) {
        throw illegalKey.get();
      }
      return prefix.apply(key);
    }
  }

  /** The store named {@code name}, or daprd's not-configured / not-found error. */
  public Store require(String name) {
    if (stores.isEmpty()) {
      throw StateErrors.notConfigured(name, appId);
    }
    Store s = stores.get(name);
    if (s == null) {
      throw StateErrors.notFound(name, appId);
    }
    return s;
  }

  /** The error for a call on store {@code name} that was closed by hot reload after the call looked it up. */
  public DaprException gone(String name) {
    return stores.isEmpty() ? StateErrors.notConfigured(name, appId) : StateErrors.notFound(name, appId);
  }

  /** {@link #require} for the query API, whose errors carry no app id. */
  public Store requireForQuery(String name) {
    if (stores.isEmpty()) {
      throw StateErrors.notConfiguredForQuery(name);
    }
    Store s = stores.get(name);
    if (s == null) {
      throw StateErrors.notFoundForQuery(name);
    }
    return s;
  }

  /** Every store, by name (the set of now). */
  public Map<String, Store> all() {
    return stores;
  }

  /** Adds {@code store}, or replaces the store of its name; returns the replaced one, {@code null} when none. */
  public synchronized Store put(Store store) {
    Map<String, Store> next = new LinkedHashMap<>(stores);
    Store old = next.put(store.name(), store);
    stores = Collections.unmodifiableMap(next);
    return old;
  }

  /** Removes the store named {@code name}; returns it, {@code null} when there was none. */
  public synchronized Store remove(String name) {
    if (!stores.containsKey(name)) {
      return null;
    }
    Map<String, Store> next = new LinkedHashMap<>(stores);
    Store old = next.remove(name);
    stores = Collections.unmodifiableMap(next);
    return old;
  }
}
