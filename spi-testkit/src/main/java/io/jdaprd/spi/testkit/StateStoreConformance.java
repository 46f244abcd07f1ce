package io.jdaprd.spi.testkit;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The conformance suite of the state store SPI: what Dapr promises about state stores, checked against a real
 * backend. A store's test extends this class and says how to make the store and what metadata its backend needs;
 * the suite initializes it, runs every check on a fresh store with fresh keys, and closes it afterwards. Checks of
 * features the store does not report ({@code ETAG}, {@code TTL}) and of transactions, for a store that is not a
 * {@link io.jdaprd.spi.state.TransactionalStateStore}, are skipped.
 *
 * <pre>{@code
 * class MyStoreTest extends StateStoreConformance {
 *   protected StateStore createStore(ComponentMetadata metadata) { return new MyStore(); }
 *   protected Map<String, String> storeMetadata() { return Map.of("host", "localhost:1234"); }
 *   protected String storeType() { return "state.mine"; }
 * }
 * }</pre>
 */
public abstract class StateStoreConformance
    implements StateBasicsChecks, StateEtagChecks, StateTtlChecks, StateTransactionChecks {

  /** The component name the suite gives every store. */
  public static final String COMPONENT_NAME = "conformance";
  /** The app id the suite runs as; every key starts with {@code testapp||}. */
  public static final String APP_ID = "testapp";

  private final List<StateStore> opened = new ArrayList<>();
  private StateStore store;
  private String keyPrefix;

  /**
   * A new, uninitialized store; the suite calls {@code init} itself.
   *
   * @param metadata the metadata the suite will initialize it with
   */
  protected abstract StateStore createStore(ComponentMetadata metadata) throws Exception;

  /** The metadata properties the backend needs, for example its address; called for every store opened. */
  protected abstract Map<String, String> storeMetadata();

  /** The component type, for example {@code state.sqlite}. */
  protected abstract String storeType();

  /** The metadata the suite initializes stores with: name, type, version {@code v1}, app id, properties. */
  protected ComponentMetadata componentMetadata() {
    return new ComponentMetadata(COMPONENT_NAME, storeType(), "v1", APP_ID, storeMetadata());
  }

  /**
   * Creates and initializes another store with {@link #componentMetadata()}; the suite closes it after the test.
   * Useful for checks across instances, such as data surviving a reopen.
   */
  protected final StateStore openStore() throws Exception {
    ComponentMetadata metadata = componentMetadata();
    StateStore created = createStore(metadata);
    opened.add(created);
    created.init(metadata);
    return created;
  }

  /** Closes {@code closing} now instead of after the test (it must come from {@link #openStore()}). */
  protected final void closeStore(StateStore closing) {
    if (opened.remove(closing)) {
      closing.close();
    }
  }

  @BeforeEach
  protected final void openStoreUnderTest() throws Exception {
    keyPrefix = APP_ID + "||" + UUID.randomUUID().toString().substring(0, 8) + "-";
    store = openStore();
  }

  @AfterEach
  protected final void closeStores() {
    RuntimeException failure = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      try {
        opened.get(i).close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public final StateStore store() {
    return store;
  }

  @Override
  public final String key(String name) {
    return keyPrefix + name;
  }
}
