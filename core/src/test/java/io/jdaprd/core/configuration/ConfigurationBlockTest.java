package io.jdaprd.core.configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.invoke.AppInvoker;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import io.jdaprd.spi.configuration.UpdateListener;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ConfigurationBlockTest {

  /** A store in memory whose subscriptions are fired by {@link #fire}; {@code failing} makes every call fail. */
  static final class FakeStore implements ConfigurationStore {
    final Map<String, UpdateListener> subscriptions = new ConcurrentHashMap<>();
    final List<List<String>> subscribedKeys = new CopyOnWriteArrayList<>();
    final AtomicInteger next = new AtomicInteger();
    boolean failing;

    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Map<String, ConfigurationItem> get(List<String> keys, Map<String, String> metadata)
        throws ConfigurationException {
      if (failing) {
        throw new ConfigurationException("boom");
      }
      return keys.contains("a") ? Map.of("a", new ConfigurationItem("v<1>", "3", Map.of("m", "x"))) : Map.of();
    }

    @Override
    public String subscribe(List<String> keys, Map<String, String> metadata, UpdateListener listener)
        throws ConfigurationException {
      if (failing) {
        throw new ConfigurationException("no watch");
      }
      String id = "id" + next.incrementAndGet();
      subscribedKeys.add(keys);
      subscriptions.put(id, listener);
      return id;
    }

    @Override
    public void unsubscribe(String id) throws ConfigurationException {
      if (subscriptions.remove(id) == null) {
        throw new ConfigurationException("subscription with id " + id + " does not exist");
      }
    }

    void fire(String id, String key, String value) throws Exception {
      subscriptions.get(id).onUpdate(new ConfigurationUpdate(id, Map.of(key, ConfigurationItem.of(value, "2"))));
    }
  }

  /** An app recording what it was sent. */
  static final class RecordingApp implements AppInvoker {
    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public InvokeResponse invoke(InvokeRequest request) {
      try {
        calls.add(request.verb() + " " + request.method() + " " + request.contentType() + " "
            + new String(request.body().readAll(1 << 20), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return new InvokeResponse(InvokeStatus.http(200), Map.of(), Map.of(), "", InvokeBody.empty());
    }
  }

  private static ErrorCode code(Runnable r) {
    try {
      r.run();
    } catch (DaprException e) {
      return e.code();
    }
    throw new AssertionError("no error");
  }

  @Test
  void validationOrderIsDaprds() {
    ConfigurationBlock none = new ConfigurationBlock(Map.of(), new RecordingApp());
    assertThat(code(() -> none.get("x", List.of(), Map.of()))).isEqualTo(ErrorCode.CONFIGURATION_STORE_NOT_CONFIGURED);
    assertThat(code(() -> none.subscribeForApp("x", List.of(), Map.of())))
        .isEqualTo(ErrorCode.CONFIGURATION_STORE_NOT_CONFIGURED);
    assertThat(code(() -> none.unsubscribe("x", "id"))).isEqualTo(ErrorCode.CONFIGURATION_STORE_NOT_CONFIGURED);

    ConfigurationBlock noApp = new ConfigurationBlock(Map.of("cfg", new FakeStore()), null);
    assertThatThrownBy(() -> noApp.get("other", List.of(), Map.of())).isInstanceOf(DaprException.class)
        .hasMessage("configuration store other not found");
    assertThat(code(() -> noApp.subscribeForApp("other", List.of(), Map.of())))
        .as("the store is checked before the app").isEqualTo(ErrorCode.CONFIGURATION_STORE_NOT_FOUND);
    assertThat(code(() -> noApp.subscribeForApp("cfg", List.of(), Map.of()))).isEqualTo(ErrorCode.APP_CHANNEL_NIL);
  }

  @Test
  void storeFailuresAreWrappedWithGoSlices() {
    FakeStore store = new FakeStore();
    store.failing = true;
    ConfigurationBlock block = new ConfigurationBlock(Map.of("cfg", store), new RecordingApp());
    assertThatThrownBy(() -> block.get("cfg", List.of("a", "b"), Map.of()))
        .hasMessage("failed to get [a b] from Configuration store cfg: boom");
    assertThatThrownBy(() -> block.subscribeForApp("cfg", List.of("b", "a"), Map.of()))
        .hasMessage("failed to subscribe [b a] from Configuration store cfg: no watch");
    assertThatThrownBy(() -> block.subscribeStream("cfg", List.of("b", "a"), Map.of(), u -> { }, () -> { }))
        .as("gRPC sorts the keys first").hasMessage("failed to subscribe [a b] from Configuration store cfg: no watch");
    assertThatThrownBy(() -> block.unsubscribe("cfg", "nope"))
        .hasMessage("failed to unsubscribe to configuration request nope: subscription with id nope does not exist");
  }

  @Test
  void httpSubscriptionPostsEachUpdateToTheApp() throws Exception {
    FakeStore store = new FakeStore();
    RecordingApp app = new RecordingApp();
    ConfigurationBlock block = new ConfigurationBlock(Map.of("cfg", store), app);
    String id = block.subscribeForApp("cfg", List.of("k"), Map.of());
    store.fire(id, "k", "v&");
    assertThat(app.calls).containsExactly("POST configuration/cfg/k application/json "
        + "{\"id\":\"" + id + "\",\"items\":{\"k\":{\"value\":\"v\\u0026\",\"version\":\"2\"}}}\n");
    assertThat(block.unsubscribeStream(id)).as("the runtime keeps no HTTP subscription")
        .isEqualTo("failed to unsubscribe to configuration request " + id + ": subscription does not exist");
    block.unsubscribe("cfg", id);
    assertThat(store.subscriptions).isEmpty();
  }

  @Test
  void streamGetsItsIdFirstThenUpdatesAndEndsByIdOnce() throws Exception {
    FakeStore store = new FakeStore();
    ConfigurationBlock block = new ConfigurationBlock(Map.of("cfg", store), null);
    List<ConfigurationUpdate> sent = new ArrayList<>();
    AtomicInteger ended = new AtomicInteger();
    StreamSubscription s = block.subscribeStream("cfg", List.of("z", "a"), Map.of(), sent::add,
        ended::incrementAndGet);
    assertThat(store.subscribedKeys).containsExactly(List.of("a", "z"));
    store.fire(s.id(), "a", "1");
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0)).isEqualTo(new ConfigurationUpdate(s.id(), Map.of()));
    assertThat(sent.get(1).items()).containsKey("a");

    assertThat(block.unsubscribeStream(s.id())).isNull();
    assertThat(ended).hasValue(1);
    assertThat(store.subscriptions).as("unsubscribed from the store").isEmpty();
    assertThat(block.unsubscribeStream(s.id())).endsWith("subscription does not exist");
    s.close();
    assertThat(ended).hasValue(1);
  }

  @Test
  void closedStreamUnsubscribesWithoutEnding() {
    FakeStore store = new FakeStore();
    ConfigurationBlock block = new ConfigurationBlock(Map.of("cfg", store), null);
    AtomicInteger ended = new AtomicInteger();
    StreamSubscription s = block.subscribeStream("cfg", List.of(), Map.of(), u -> { }, ended::incrementAndGet);
    s.close();
    assertThat(store.subscriptions).isEmpty();
    assertThat(ended).hasValue(0);
    assertThat(block.unsubscribeStream(s.id())).endsWith("subscription does not exist");
  }

  @Test
  void getItemsJsonIsGos() {
    FakeStore store = new FakeStore();
    ConfigurationBlock block = new ConfigurationBlock(Map.of("cfg", store), null);
    assertThat(ConfigurationJson.items(block.get("cfg", List.of("a"), Map.of())))
        .isEqualTo("{\"a\":{\"value\":\"v\\u003c1\\u003e\",\"version\":\"3\",\"metadata\":{\"m\":\"x\"}}}\n");
    assertThat(block.get("cfg", List.of("b"), Map.of())).isEmpty();
  }
}
