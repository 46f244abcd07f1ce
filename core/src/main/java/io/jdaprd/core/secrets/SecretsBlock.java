package io.jdaprd.core.secrets;

import io.jdaprd.core.component.LiveComponents;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.Operations;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.SecretErrors;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets API over the loaded secret stores, in daprd's order of checks: no store at all
 * ({@code ERR_SECRET_STORES_NOT_CONFIGURED}), unknown store ({@code ERR_SECRET_STORE_NOT_FOUND}), then for a get the
 * store's secret scope ({@code ERR_PERMISSION_DENIED}), then the store ({@code ERR_SECRET_GET}, which also reports
 * a secret that does not exist). A bulk get leaves out, silently, every secret the scope denies. Errors name stores
 * and secrets, never a value; values are never logged. The stores follow hot reload ({@link #stores()}): a call
 * uses the store of its lookup, which is closed only after it.
 */
public final class SecretsBlock {
  private static final Logger LOG = LoggerFactory.getLogger(SecretsBlock.class);

  private final LiveComponents<SecretStore> stores;
  private final SecretScopes scopes;
  private final Metrics metrics;

  /**
   * @param stores the loaded secret stores by component name
   * @param scopes the Configuration's secret scopes
   */
  public SecretsBlock(Map<String, SecretStore> stores, SecretScopes scopes) {
    this(stores, scopes, Metrics.NONE);
  }

  /** {@link #SecretsBlock(Map, SecretScopes)} recording each store call in {@code metrics}. */
  public SecretsBlock(Map<String, SecretStore> stores, SecretScopes scopes, Metrics metrics) {
    this.stores = new LiveComponents<>(stores);
    this.scopes = scopes;
    this.metrics = metrics;
  }

  /**
   * Reads secret {@code key} of {@code store}.
   *
   * @param metadata the request's metadata, passed to the store
   * @return the secret's key/value pairs as the store answered them
   * @throws DaprException daprd's secrets errors, in its order
   */
  public Map<String, String> get(String store, String key, Map<String, String> metadata) {
    LiveComponents.Entry<SecretStore> entry = store(store);
    try {
      return get(entry.component(), store, key, metadata);
    } finally {
      entry.inFlight().exit();
    }
  }

  private Map<String, String> get(SecretStore secrets, String store, String key, Map<String, String> metadata) {
    if (!scopes.allows(store, key)) {
      DaprException e = SecretErrors.permissionDenied(store, key);
      LOG.debug("{}", e.getMessage());
      throw e;
    }
    long start = System.nanoTime();
    boolean ok = false;
    try {
      Map<String, String> secret = secrets.get(key, metadata);
      ok = true;
      return secret;
    } catch (SecretStoreException | RuntimeException e) {
      DaprException error = SecretErrors.get(store, key, String.valueOf(e.getMessage()));
      LOG.debug("{}", error.getMessage());
      throw error;
    } finally {
      metrics.secretCall(store, Operations.GET, ok, System.nanoTime() - start);
    }
  }

  /**
   * Reads every secret of {@code store} that its scope allows.
   *
   * @param metadata the request's metadata, passed to the store
   * @return secret name to its key/value pairs
   * @throws DaprException daprd's secrets errors, in its order
   */
  public Map<String, Map<String, String>> bulkGet(String store, Map<String, String> metadata) {
    LiveComponents.Entry<SecretStore> entry = store(store);
    try {
      return bulkGet(entry.component(), store, metadata);
    } finally {
      entry.inFlight().exit();
    }
  }

  private Map<String, Map<String, String>> bulkGet(SecretStore secrets, String store, Map<String, String> metadata) {
    Map<String, Map<String, String>> all;
    long start = System.nanoTime();
    boolean ok = false;
    try {
      all = secrets.bulkGet(metadata);
      ok = true;
    } catch (SecretStoreException | RuntimeException e) {
      DaprException error = SecretErrors.bulkGet(store, String.valueOf(e.getMessage()));
      LOG.debug("{}", error.getMessage());
      throw error;
    } finally {
      metrics.secretCall(store, Operations.BULK_GET, ok, System.nanoTime() - start);
    }
    if (all == null) {
      return null;
    }
    Map<String, Map<String, String>> allowed = new LinkedHashMap<>();
    all.forEach((name, secret) -> {
      if (scopes.allows(store, name)) {
        allowed.put(name, secret);
      } else {
        LOG.debug("{}", SecretErrors.permissionDenied(store, name).getMessage());
      }
    });
    return allowed;
  }

  /** The secret stores of now; hot reload puts and removes them. */
  public LiveComponents<SecretStore> stores() {
    return stores;
  }

  /** Store {@code name} counted in flight, or daprd's not-configured / not-found error. */
  private LiveComponents.Entry<SecretStore> store(String name) {
    LiveComponents.Entry<SecretStore> store = stores.acquire(name);
    if (store == null && stores.isEmpty()) {
      throw SecretErrors.notConfigured();
    }
    if (store == null) {
      throw SecretErrors.storeNotFound(name);
    }
    return store;
  }
}
