package io.jdaprd.spi.testkit.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import io.jdaprd.spi.testkit.timing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of the configuration store SPI: the contract of {@link ConfigurationStore}, checked against a
 * real backend. A store's test extends this class, says how to make the store and how to write an item straight into
 * its backend (as an operator or daprd's app would). Each check uses keys with a random part, so checks never see
 * each other's items.
 *
 * <pre>{@code
 * class MyStoreTest extends ConfigurationStoreConformance {
 *   protected ConfigurationStore createStore() { return new MyStore(); }
 *   protected Map<String, String> metadata() { return Map.of("redisHost", address); }
 *   protected void write(String key, String value, String version) { ... }
 * }
 * }</pre>
 */
public abstract class ConfigurationStoreConformance {
  private final List<ConfigurationStore> opened = new CopyOnWriteArrayList<>();
  private String unique;

  /** A new, uninitialised store; the suite calls {@code init} itself. */
  protected abstract ConfigurationStore createStore() throws Exception;

  /** The component's metadata. */
  protected abstract Map<String, String> metadata();

  /** The component type ({@code configuration.redis}). */
  protected abstract String componentType();

  /** Writes (creates or replaces) item {@code key} straight into the backend. */
  protected abstract void write(String key, String value, String version) throws Exception;

  /** The metadata a subscription needs (for example postgres' {@code pgNotifyChannel}); empty by default. */
  protected Map<String, String> subscribeMetadata() {
    return Map.of();
  }

  /** How long an update may take to arrive. The default is 5 seconds. */
  protected Duration propagation() {
    return Duration.ofSeconds(5);
  }

  @BeforeEach
  void newKeys() {
    unique = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(ConfigurationStore::close);
    opened.clear();
  }

  /** A key unique to this check. */
  protected String key(String name) {
    return "conf" + unique + name;
  }

  /** A new store, initialised with {@link #metadata()}, closed after the check. */
  protected ConfigurationStore open() throws Exception {
    ConfigurationStore store = createStore();
    store.init(new ComponentMetadata("conformance", componentType(), "v1", "conformance-app", metadata()));
    opened.add(store);
    return store;
  }

  @Test
  @DisplayName("get answers the value and version of each key asked for")
  void getAnswersValueAndVersion() throws Exception {
    ConfigurationStore store = open();
    write(key("a"), "alpha", "1");
    write(key("b"), "beta", "7");
    Map<String, ConfigurationItem> items = store.get(List.of(key("a"), key("b")), Map.of());
    assertThat(items).containsOnlyKeys(key("a"), key("b"));
    assertThat(items.get(key("a")).value()).isEqualTo("alpha");
    assertThat(items.get(key("a")).version()).isEqualTo("1");
    assertThat(items.get(key("b")).value()).isEqualTo("beta");
    assertThat(items.get(key("b")).version()).isEqualTo("7");
  }

  @Test
  @DisplayName("a key the store does not hold is left out, without error")
  void missingKeyIsLeftOut() throws Exception {
    ConfigurationStore store = open();
    write(key("here"), "v", "1");
    assertThat(store.get(List.of(key("here"), key("absent")), Map.of())).containsOnlyKeys(key("here"));
    assertThat(store.get(List.of(key("absent")), Map.of())).isEmpty();
  }

  @Test
  @DisplayName("get without keys answers every item, those just written among them")
  void getWithoutKeysAnswersEverything() throws Exception {
    ConfigurationStore store = open();
    write(key("x"), "ex", "2");
    write(key("y"), "why", "3");
    Map<String, ConfigurationItem> items = store.get(List.of(), Map.of());
    assertThat(items).containsKeys(key("x"), key("y"));
    assertThat(items.get(key("y")).value()).isEqualTo("why");
  }

  @Test
  @DisplayName("a subscription reports a write of its key, with its id, and not writes of other keys")
  void subscriptionReportsItsKeys() throws Exception {
    ConfigurationStore store = open();
    List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
    String id = store.subscribe(List.of(key("watched")), subscribeMetadata(), updates::add);
    assertThat(id).isNotBlank();
    write(key("other"), "nope", "1");
    write(key("watched"), "new", "5");
    Poll.await("the update of the watched key", propagation(),
        () -> updates.stream().anyMatch(u -> u.items().containsKey(key("watched"))));
    ConfigurationUpdate update = updates.stream().filter(u -> u.items().containsKey(key("watched")))
        .findFirst().orElseThrow();
    assertThat(update.subscriptionId()).isEqualTo(id);
    assertThat(update.items().get(key("watched")).value()).isEqualTo("new");
    assertThat(update.items().get(key("watched")).version()).isEqualTo("5");
    assertThat(updates).as("updates of keys not subscribed to")
        .allSatisfy(u -> assertThat(u.items()).doesNotContainKey(key("other")));
  }

  @Test
  @DisplayName("a subscription without keys reports writes of any key")
  void subscriptionWithoutKeysReportsAll() throws Exception {
    ConfigurationStore store = open();
    List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
    store.subscribe(List.of(), subscribeMetadata(), updates::add);
    write(key("any"), "thing", "1");
    Poll.await("the update of a key", propagation(),
        () -> updates.stream().anyMatch(u -> u.items().containsKey(key("any"))));
  }

  @Test
  @DisplayName("subscriptions get distinct ids, and each reports to its own listener")
  void subscriptionsAreDistinct() throws Exception {
    ConfigurationStore store = open();
    List<ConfigurationUpdate> first = new CopyOnWriteArrayList<>();
    List<ConfigurationUpdate> second = new CopyOnWriteArrayList<>();
    String a = store.subscribe(List.of(key("k")), subscribeMetadata(), first::add);
    String b = store.subscribe(List.of(key("k")), subscribeMetadata(), second::add);
    assertThat(a).isNotEqualTo(b);
    write(key("k"), "v", "1");
    Poll.await("both updates", propagation(), () -> !first.isEmpty() && !second.isEmpty());
    assertThat(first).allSatisfy(u -> assertThat(u.subscriptionId()).isEqualTo(a));
    assertThat(second).allSatisfy(u -> assertThat(u.subscriptionId()).isEqualTo(b));
  }

  @Test
  @DisplayName("after unsubscribe no update arrives, and the id is unknown")
  void unsubscribeEndsTheSubscription() throws Exception {
    ConfigurationStore store = open();
    List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
    String id = store.subscribe(List.of(key("u")), subscribeMetadata(), updates::add);
    write(key("u"), "before", "1");
    Poll.await("the update before unsubscribing", propagation(), () -> !updates.isEmpty());
    store.unsubscribe(id);
    int seen = updates.size();
    write(key("u"), "after", "2");
    assertThat(Poll.until(Duration.ofMillis(700), () -> updates.size() > seen))
        .as("an update after unsubscribe").isFalse();
    assertThatThrownBy(() -> store.unsubscribe(id)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  @DisplayName("unsubscribing an id the store never answered fails")
  void unknownIdFails() throws Exception {
    ConfigurationStore store = open();
    assertThatThrownBy(() -> store.unsubscribe("no-such-" + unique)).isInstanceOf(ConfigurationException.class);
  }

  @Test
  @DisplayName("a store sees items written while another store of the same backend watches them")
  void storesShareTheBackend() throws Exception {
    ConfigurationStore reader = open();
    ConfigurationStore watcher = open();
    List<ConfigurationUpdate> updates = new CopyOnWriteArrayList<>();
    watcher.subscribe(List.of(key("s")), subscribeMetadata(), updates::add);
    write(key("s"), "shared", "9");
    assertThat(reader.get(List.of(key("s")), Map.of()).get(key("s")).value()).isEqualTo("shared");
    Poll.await("the watcher's update", propagation(), () -> !updates.isEmpty());
  }
}
