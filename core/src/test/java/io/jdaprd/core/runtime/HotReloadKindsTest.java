package io.jdaprd.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.bindings.BindingApp;
import io.jdaprd.core.bindings.BindingEventDelivery;
import io.jdaprd.core.bindings.BindingEventReply;
import io.jdaprd.core.bindings.BindingsBlock;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.configuration.ConfigurationBlock;
import io.jdaprd.core.crypto.CryptoBlock;
import io.jdaprd.core.lock.LockBlock;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.secrets.SecretsBlock;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.Component;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingEvent;
import io.jdaprd.spi.bindings.BindingReader;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.bindings.InputHandler;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import io.jdaprd.spi.configuration.UpdateListener;
import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.lock.UnlockStatus;
import io.jdaprd.spi.secrets.SecretStore;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of the kinds beyond state and pub/sub, on a runtime watching a real folder: bindings (output and
 * input), secret stores (and a {@code secretKeyRef} through a reloaded one), configuration stores, lock stores,
 * crypto providers; each added, changed, kept through a broken edit, and removed, answering afterwards exactly as
 * if never configured; a removed lock store closes only after its call in flight.
 */
class HotReloadKindsTest {
  private static final Duration SOON = Duration.ofSeconds(3);

  @TempDir
  Path dir;

  private Runtime runtime;

  /** Every test component: its metadata, failing init on {@code fail}, recording that it was closed. */
  abstract static class Recorded implements Component {
    static final Map<String, Recorded> LIVE = new ConcurrentHashMap<>();
    Map<String, String> metadata;
    volatile boolean closed;

    @Override
    public void init(ComponentMetadata m) throws ComponentException {
      if (m.properties().containsKey("fail")) {
        throw new ComponentException("refused: " + m.properties().get("fail"));
      }
      metadata = Map.copyOf(m.properties());
      LIVE.put(m.name() + "#" + m.properties().getOrDefault("v", ""), this);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A secret store whose secrets are its metadata. */
  public static final class Secrets extends Recorded implements SecretStore {
    @Override
    public Map<String, String> get(String name, Map<String, String> md) {
      return Map.of(name, metadata.getOrDefault(name, ""));
    }

    @Override
    public Map<String, Map<String, String>> bulkGet(Map<String, String> md) {
      Map<String, Map<String, String>> all = new LinkedHashMap<>();
      metadata.forEach((k, v) -> all.put(k, Map.of(k, v)));
      return all;
    }
  }

  /** A configuration store whose items are its metadata; subscribers get {@link #push}ed updates. */
  public static final class Config extends Recorded implements ConfigurationStore {
    final Map<String, UpdateListener> listeners = new ConcurrentHashMap<>();

    @Override
    public Map<String, ConfigurationItem> get(List<String> keys, Map<String, String> md) {
      Map<String, ConfigurationItem> out = new LinkedHashMap<>();
      keys.forEach(k -> out.put(k, new ConfigurationItem(metadata.get(k), "1", Map.of())));
      return out;
    }

    @Override
    public String subscribe(List<String> keys, Map<String, String> md, UpdateListener listener) {
      String id = "s" + listeners.size();
      listeners.put(id, listener);
      return id;
    }

    @Override
    public void unsubscribe(String id) {
      listeners.remove(id);
    }

    @Override
    public void close() {
      super.close();
      listeners.clear();
    }
  }

  /** A lock store in memory; a try-lock on {@code slow} waits for {@link #release}. */
  public static final class Locks extends Recorded implements LockStore {
    static volatile CountDownLatch release = new CountDownLatch(0);
    static final CountDownLatch entered = new CountDownLatch(1);
    final Map<String, String> held = new ConcurrentHashMap<>();

    @Override
    public boolean tryLock(String resourceId, String owner, int expiryInSeconds) {
      if (resourceId.endsWith("slow")) {
        entered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        assertThat(closed).as("the lock store is open while a call runs on it").isFalse();
      }
      return held.putIfAbsent(resourceId, owner) == null;
    }

    @Override
    public UnlockStatus unlock(String resourceId, String owner) {
      return held.remove(resourceId, owner) ? UnlockStatus.SUCCESS : UnlockStatus.LOCK_DOES_NOT_EXIST;
    }
  }

  /** A key provider that knows no key. */
  public static final class Keys extends Recorded implements KeyProvider {
    @Override
    public Set<String> supportedAlgorithms() {
      return Set.of("A256KW");
    }

    @Override
    public PublicKey getKey(String name) {
      return null;
    }

    @Override
    public WrappedKey wrapKey(byte[] key, String algorithm, String keyName, byte[] nonce) {
      throw new IllegalStateException("no key");
    }

    @Override
    public byte[] unwrapKey(byte[] wrapped, String algorithm, String keyName, byte[] nonce, byte[] tag) {
      throw new IllegalStateException("no key");
    }
  }

  /** An input and output binding: {@code create} records, {@link #push} hands an event to the open reader. */
  public static final class Wire extends Recorded implements InputBinding, OutputBinding {
    final List<String> created = new CopyOnWriteArrayList<>();
    volatile InputHandler reader;

    @Override
    public List<String> operations() {
      return List.of("create");
    }

    @Override
    public BindingResponse invoke(BindingRequest request) {
      created.add(new String(request.data(), StandardCharsets.UTF_8));
      return BindingResponse.EMPTY;
    }

    @Override
    public BindingReader read(InputHandler handler) {
      reader = handler;
      return () -> reader = null;
    }

    boolean push(String data) throws Exception {
      InputHandler h = reader;
      if (h == null) {
        return false;
      }
      h.handle(new BindingEvent(data.getBytes(StandardCharsets.UTF_8), Map.of(), null));
      return true;
    }
  }

  private static final ComponentTypes TYPES = new ComponentTypes()
      .register(new ComponentType("secretstores.test", Set.of("v1"), Secrets::new))
      .register(new ComponentType("configuration.test", Set.of("v1"), Config::new))
      .register(new ComponentType("lock.test", Set.of("v1"), Locks::new))
      .register(new ComponentType("crypto.test", Set.of("v1"), Keys::new))
      .register(new ComponentType("bindings.test", Set.of("v1"), Wire::new));

  private void write(String name, String type, String... metadata) throws Exception {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < metadata.length; i += 2) {
      items.append("\n    - name: ").append(metadata[i]).append("\n      ")
          .append(metadata[i + 1].startsWith("ref:") ? "secretKeyRef:\n        name: " + metadata[i + 1].substring(4)
              + "\n        key: " + metadata[i + 1].substring(4) : "value: \"" + metadata[i + 1] + '"');
    }
    String text = "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name + "\nspec:\n  type: "
        + type + "\n  version: v1\n  metadata:" + (items.isEmpty() ? " []" : items)
        + (text(metadata).contains("ref:") ? "\nauth:\n  secretStore: secrets" : "") + "\n";
    Path tmp = dir.resolve(name + ".tmp");
    Files.writeString(tmp, text);
    Files.move(tmp, dir.resolve(name + ".yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static String text(String[] metadata) {
    return String.join(" ", metadata);
  }

  private void start() {
    start(RuntimeOptions.of("app", "test"));
  }

  private void start(RuntimeOptions options) {
    Resources resources = Resources.load(List.of(dir), "app", null, k -> null);
    runtime = Runtime.assemble(options, TYPES, resources, null, () -> { });
    runtime.watchResources(List.of(dir), Duration.ofSeconds(60), () -> Resources.load(List.of(dir), "app", null,
        k -> null));
  }

  @AfterEach
  void stop() {
    Locks.release.countDown();
    if (runtime != null) {
      runtime.close();
    }
    Recorded.LIVE.clear();
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SOON.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what + " within " + SOON.toSeconds() + " s").isTrue();
      Thread.sleep(10);
    }
  }

  private static ErrorCode code(Runnable call) {
    try {
      call.run();
      return null;
    } catch (DaprException e) {
      return e.code();
    }
  }

  private <T> T block(Class<T> type) {
    return runtime.blocks().get(type);
  }

  private Recorded instance(String name, String version) {
    return Recorded.LIVE.get(name + "#" + version);
  }

  private List<String> problems() {
    return runtime.components().problems().stream().map(LoadProblem::describe).toList();
  }

  private List<String> listed() {
    return block(MetadataBlock.class).get().components().stream().map(c -> c.name()).toList();
  }

  private String secret(String store, String key) {
    return block(SecretsBlock.class).get(store, key, Map.of()).get(key);
  }

  @Test
  void aSecretStoreIsAddedChangedKeptThroughABrokenEditAndRemoved() throws Exception {
    start(RuntimeOptions.of("app", "test").withSecretScopes(io.jdaprd.core.secrets.SecretScopes.parse(
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(
            "{\"scopes\":[{\"storeName\":\"secrets\",\"defaultAccess\":\"deny\",\"allowedSecrets\":[\"a\"]}]}"))));
    assertThat(code(() -> secret("secrets", "a"))).isEqualTo(ErrorCode.SECRET_STORES_NOT_CONFIGURED);
    write("secrets", "secretstores.test", "a", "1", "b", "hidden", "v", "1");
    await("the added store serves", () -> code(() -> secret("secrets", "a")) == null);
    assertThat(secret("secrets", "a")).isEqualTo("1");
    assertThat(code(() -> secret("secrets", "b"))).as("the Configuration's scope applies to the added store")
        .isEqualTo(ErrorCode.SECRET_PERMISSION_DENIED);
    write("consumer", "configuration.test", "token", "ref:a", "v", "1");
    await("a component whose secretKeyRef resolves through the added store", () -> block(ConfigurationBlock.class)
        .stores().find("consumer") != null);
    assertThat(block(ConfigurationBlock.class).get("consumer", List.of("token"), Map.of()).get("token").value())
        .isEqualTo("1");

    write("secrets", "secretstores.test", "a", "2", "b", "hidden", "v", "2");
    await("the changed store is swapped in", () -> "2".equals(secret("secrets", "a")));
    assertThat(code(() -> secret("secrets", "b"))).as("and to its successor")
        .isEqualTo(ErrorCode.SECRET_PERMISSION_DENIED);
    await("the old one closed", () -> instance("secrets", "1").closed);
    write("secrets", "secretstores.test", "fail", "bad edit", "v", "3");
    await("the broken edit is reported", () -> problems().stream().anyMatch(p -> p.contains("refused: bad edit")));
    assertThat(secret("secrets", "a")).as("the last good store serves on").isEqualTo("2");
    assertThat(instance("secrets", "2").closed).isFalse();

    Files.delete(dir.resolve("secrets.yaml"));
    await("the removed store is gone", () -> code(() -> secret("secrets", "a")) != null);
    assertThat(code(() -> secret("secrets", "a"))).isEqualTo(ErrorCode.SECRET_STORES_NOT_CONFIGURED);
    assertThat(problems()).isEmpty();
    assertThat(instance("secrets", "2").closed).isTrue();
    assertThat(listed()).containsExactly("consumer");
  }

  @Test
  void aConfigurationStoreIsSwappedAndItsSubscriptionsEndWithTheOldInstance() throws Exception {
    write("other", "configuration.test", "v", "0");
    write("config", "configuration.test", "k", "one", "v", "1");
    start();
    ConfigurationBlock config = block(ConfigurationBlock.class);
    List<ConfigurationUpdate> received = new CopyOnWriteArrayList<>();
    config.subscribeStream("config", List.of("k"), Map.of(), received::add, () -> { });
    Config first = (Config) instance("config", "1");
    assertThat(first.listeners).hasSize(1);

    write("config", "configuration.test", "k", "two", "v", "2");
    await("the changed store serves", () -> "two".equals(config.get("config", List.of("k"), Map.of()).get("k")
        .value()));
    await("the old store is closed, its subscription with it", () -> first.closed && first.listeners.isEmpty());
    config.subscribeStream("config", List.of("k"), Map.of(), received::add, () -> { });
    assertThat(((Config) instance("config", "2")).listeners).as("a new subscription goes to the new store").hasSize(1);

    Files.delete(dir.resolve("config.yaml"));
    await("the removed store answers not found", () -> code(() -> config.get("config", List.of("k"), Map.of()))
        == ErrorCode.CONFIGURATION_STORE_NOT_FOUND);
    assertThat(code(() -> config.subscribeForApp("config", List.of("k"), Map.of())))
        .isEqualTo(ErrorCode.CONFIGURATION_STORE_NOT_FOUND);
    Files.delete(dir.resolve("other.yaml"));
    await("no store left", () -> code(() -> config.get("config", List.of("k"), Map.of()))
        == ErrorCode.CONFIGURATION_STORE_NOT_CONFIGURED);
  }

  @Test
  void aRemovedLockStoreClosesOnlyAfterTheCallInFlight() throws Exception {
    write("locks", "lock.test", "v", "1");
    start();
    LockBlock locks = block(LockBlock.class);
    assertThat(locks.tryLock("locks", "r", "me", 10)).isTrue();
    write("locks", "lock.test", "v", "2");
    await("the changed store is swapped in (a new instance holds no lock)", () -> instance("locks", "2") != null
        && locks.tryLock("locks", "r", "you", 10));
    write("locks", "lock.test", "fail", "no", "v", "3");
    await("the broken edit is reported", () -> problems().stream().anyMatch(p -> p.contains("refused: no")));
    assertThat(locks.unlock("locks", "r", "you")).as("the last good store serves on").isEqualTo(UnlockStatus.SUCCESS);

    Locks.release = new CountDownLatch(1);
    CompletableFuture<Boolean> inFlight = CompletableFuture.supplyAsync(() -> locks.tryLock("locks", "slow", "me",
        10));
    assertThat(Locks.entered.await(5, TimeUnit.SECONDS)).isTrue();
    Files.delete(dir.resolve("locks.yaml"));
    await("the store is taken out", () -> code(() -> locks.tryLock("locks", "x", "me", 10))
        == ErrorCode.LOCK_STORE_NOT_CONFIGURED);
    Thread.sleep(200);
    assertThat(instance("locks", "2").closed).as("not closed while the call runs").isFalse();
    Locks.release.countDown();
    assertThat(inFlight.get(5, TimeUnit.SECONDS)).isTrue();
    await("closed after the call", () -> instance("locks", "2").closed);
  }

  @Test
  void aCryptoProviderIsAddedAndRemoved() throws Exception {
    write("keep", "crypto.test", "v", "0");
    start();
    CryptoBlock crypto = block(CryptoBlock.class);
    assertThat(code(() -> crypto.decrypt("keys", "", new ByteArrayInputStream(new byte[0]))))
        .isEqualTo(ErrorCode.CRYPTO_PROVIDER_NOT_FOUND);
    write("keys", "crypto.test", "v", "1");
    await("the added provider is found", () -> crypto.providers().find("keys") != null);
    assertThat(code(() -> crypto.decrypt("keys", "", new ByteArrayInputStream(new byte[0]))))
        .as("past the lookup: the scheme refuses the empty message").isNotEqualTo(ErrorCode.CRYPTO_PROVIDER_NOT_FOUND);
    Files.delete(dir.resolve("keys.yaml"));
    await("the removed provider is not found", () -> code(() -> crypto.decrypt("keys", "",
        new ByteArrayInputStream(new byte[0]))) == ErrorCode.CRYPTO_PROVIDER_NOT_FOUND);
    await("and closed", () -> instance("keys", "1").closed);
  }

  @Test
  void bindingsAreAddedChangedAndRemovedAndInputBindingsFollow() throws Exception {
    start();
    BindingsBlock bindings = block(BindingsBlock.class);
    List<String> delivered = new CopyOnWriteArrayList<>();
    bindings.startReading(new BindingApp() {
      @Override
      public boolean takesBinding(String name, String route) {
        return true;
      }

      @Override
      public BindingEventReply deliverBindingEvent(BindingEventDelivery event) {
        delivered.add(event.name() + ":" + new String(event.data(), StandardCharsets.UTF_8));
        return BindingEventReply.of(new byte[0]);
      }
    });
    assertThat(code(() -> create(bindings, "wire", "x"))).isEqualTo(ErrorCode.INVOKE_OUTPUT_BINDING);

    write("wire", "bindings.test", "v", "1");
    await("the added output binding serves", () -> code(() -> create(bindings, "wire", "a")) == null);
    Wire first = (Wire) instance("wire", "1");
    assertThat(first.created).contains("a");
    await("the added input binding is read", () -> first.reader != null);
    assertThat(first.push("e1")).isTrue();
    assertThat(delivered).containsExactly("wire:e1");
    // The reload serves a component a moment before the metadata lists it (ComponentReloader: kinds, then list).
    await("the metadata lists the added binding", () -> listed().equals(List.of("wire")));
    assertThat(block(MetadataBlock.class).get().components()).singleElement()
        .satisfies(c -> assertThat(c.capabilities()).contains("INPUT_BINDING", "OUTPUT_BINDING"));

    write("wire", "bindings.test", "v", "2", "direction", "output");
    await("the changed binding is swapped in", () -> instance("wire", "2") != null && first.closed);
    assertThat(first.reader).as("the old input binding is no longer read").isNull();
    Wire second = (Wire) instance("wire", "2");
    assertThat(second.reader).as("output only now: not read").isNull();
    create(bindings, "wire", "b");
    assertThat(second.created).containsExactly("b");
    assertThat(block(MetadataBlock.class).get().components()).singleElement()
        .satisfies(c -> assertThat(c.capabilities()).containsExactly("OUTPUT_BINDING"));

    write("wire", "bindings.test", "fail", "no", "v", "3");
    await("the broken edit is reported", () -> problems().stream().anyMatch(p -> p.contains("refused: no")));
    create(bindings, "wire", "c");
    assertThat(second.created).as("the last good binding serves on").containsExactly("b", "c");

    Files.delete(dir.resolve("wire.yaml"));
    await("the removed binding is not found", () -> code(() -> create(bindings, "wire", "d"))
        == ErrorCode.INVOKE_OUTPUT_BINDING);
    await("and closed", () -> second.closed);
    assertThat(bindings.bindings().outputs()).isEmpty();
    assertThat(listed()).isEmpty();
  }

  private static void create(BindingsBlock bindings, String name, String data) {
    var outcome = bindings.invoke(name, new BindingRequest("create", data.getBytes(StandardCharsets.UTF_8),
        Map.of()));
    if (!outcome.ok()) {
      throw outcome.error();
    }
  }
}
