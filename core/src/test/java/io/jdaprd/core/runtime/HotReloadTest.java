package io.jdaprd.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.inmemory.InMemoryPubSub;
import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.pubsub.PublishCommand;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.BulkTopicEventDelivery;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventTarget;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.pubsub.delivery.TopicEventDelivery;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.core.state.StateBlock;
import io.jdaprd.core.state.StateRequests;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload on a runtime watching a real folder: components added, changed, broken, mended and removed while it
 * runs, a removed store closed only after the call in flight on it, and a pub/sub's subscriptions following it.
 */
class HotReloadTest {
  private static final Duration SOON = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private Runtime runtime;

  /** A state store whose reads wait for {@link #release}, and which records that it was closed. */
  public static final class Slow implements StateStore {
    static volatile CountDownLatch release = new CountDownLatch(1);
    static final CountDownLatch entered = new CountDownLatch(1);
    static volatile boolean closed;

    @Override
    public void init(ComponentMetadata metadata) {
      closed = false;
    }

    @Override
    public Set<StateFeature> features() {
      return Set.of();
    }

    @Override
    public Optional<StoredValue> get(GetRequest request) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assertThat(closed).as("the store is still open while a call runs on it").isFalse();
      return Optional.empty();
    }

    @Override
    public void set(SetRequest request) {
    }

    @Override
    public void delete(DeleteRequest request) {
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** A state store whose init fails. */
  public static final class Failing implements StateStore {
    @Override
    public void init(ComponentMetadata metadata) throws ComponentException {
      throw new ComponentException("missing connection string");
    }

    @Override
    public Set<StateFeature> features() {
      return Set.of();
    }

    @Override
    public Optional<StoredValue> get(GetRequest request) {
      return Optional.empty();
    }

    @Override
    public void set(SetRequest request) {
    }

    @Override
    public void delete(DeleteRequest request) {
    }
  }

  private static final ComponentTypes TYPES = new ComponentTypes()
      .register(new ComponentType(InMemoryStateStore.TYPE, Set.of("v1"), InMemoryStateStore::new))
      .register(new ComponentType(InMemoryPubSub.TYPE, Set.of("v1"), InMemoryPubSub::new))
      .register(new ComponentType("state.slow", Set.of("v1"), Slow::new))
      .register(new ComponentType("state.failing", Set.of("v1"), Failing::new));

  private void write(String file, String name, String type, String... metadata) throws Exception {
    StringBuilder items = new StringBuilder();
    for (int i = 0; i < metadata.length; i += 2) {
      items.append("\n    - name: ").append(metadata[i]).append("\n      value: \"").append(metadata[i + 1])
          .append('"');
    }
    Files.writeString(dir.resolve(file), "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: " + name
        + "\nspec:\n  type: " + type + "\n  version: v1\n  metadata:" + (items.isEmpty() ? " []" : items) + "\n");
  }

  private Runtime start(Features features) {
    Resources resources = Resources.load(List.of(dir), "app", null, k -> null);
    runtime = Runtime.assemble(RuntimeOptions.of("app", "test").withFeatures(features), TYPES, resources, null,
        () -> { });
    runtime.watchResources(List.of(dir), Duration.ofSeconds(60), () -> Resources.load(List.of(dir), "app", null,
        k -> null));
    return runtime;
  }

  @AfterEach
  void stop() {
    Slow.release.countDown();
    if (runtime != null) {
      runtime.close();
    }
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + SOON.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() < deadline).as(what + " within " + SOON.toSeconds() + " s").isTrue();
      Thread.sleep(10);
    }
  }

  private void save(String store, String key, String value) {
    runtime.blocks().get(StateBlock.class).save(store, () -> List.of(new StateRequests.Item(key,
        ("\"" + value + "\"").getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null)));
  }

  private Optional<String> read(String store, String key) {
    return runtime.blocks().get(StateBlock.class).get(store, key, null, Map.of())
        .map(e -> new String(e.data(), StandardCharsets.UTF_8));
  }

  private boolean loaded(String name, String key, String value) {
    return runtime.components().find(name).map(c -> value.equals(c.definition().metadata().get(key)))
        .orElse(false);
  }

  private List<String> problems() {
    return runtime.components().problems().stream().map(LoadProblem::describe).toList();
  }

  private static ErrorCode code(Runnable call) {
    try {
      call.run();
      return null;
    } catch (DaprException e) {
      return e.code();
    }
  }

  @Test
  void aChangedOrRemovedActorStateStoreAsksForARestartAndStaysInPlace() throws Exception {
    write("actors.yaml", "actorstore", InMemoryStateStore.TYPE, "actorStateStore", "true");
    start(Features.DEFAULT);
    List<String> restarts = new CopyOnWriteArrayList<>();
    runtime.onRestartNeeded(restarts::add);
    save("actorstore", "k", "v1");

    write("actors.yaml", "actorstore", InMemoryStateStore.TYPE, "actorStateStore", "true", "keyPrefix", "none");
    await("a restart asked for", () -> !restarts.isEmpty());
    assertThat(restarts).first().isEqualTo("actor state store actorstore");
    assertThat(read("actorstore", "k")).as("the running store until the restart").contains("\"v1\"");

    Files.delete(dir.resolve("actors.yaml"));
    await("a restart asked for the removal", () -> restarts.size() >= 2);
    assertThat(read("actorstore", "k")).contains("\"v1\"");
  }

  @Test
  void aStateStoreIsAddedChangedKeptThroughBrokenEditsAndRemoved() throws Exception {
    write("store.yaml", "store", InMemoryStateStore.TYPE);
    start(Features.DEFAULT);
    assertThat(code(() -> read("extra", "k"))).isEqualTo(ErrorCode.STATE_STORE_NOT_FOUND);

    write("extra.yaml", "extra", InMemoryStateStore.TYPE, "v", "1");
    await("the added store serves", () -> code(() -> read("extra", "k")) == null);
    save("extra", "k", "one");
    assertThat(read("extra", "k")).contains("\"one\"");

    write("extra.yaml", "extra", InMemoryStateStore.TYPE, "v", "2");
    await("the changed store is swapped in", () -> loaded("extra", "v", "2"));
    assertThat(read("extra", "k")).as("a new in-memory instance").isEmpty();
    save("extra", "k", "two");

    Files.writeString(dir.resolve("extra.yaml"), "kind: Component\nmetadata: [unclosed\n");
    await("the malformed file is reported", () -> problems().stream().anyMatch(p -> p.contains("extra.yaml")
        && p.contains("malformed YAML")));
    assertThat(read("extra", "k")).as("the last good store serves on").contains("\"two\"");

    write("extra.yaml", "extra", "state.failing", "v", "3");
    await("the failing definition is reported", () -> problems().stream().anyMatch(p -> p.contains(
        "component extra: init failed: missing connection string")));
    assertThat(problems()).noneMatch(p -> p.contains("malformed"));
    assertThat(loaded("extra", "v", "2")).isTrue();
    assertThat(read("extra", "k")).contains("\"two\"");
    assertThat(runtime.blocks().get(MetadataBlock.class).get().extended().get(MetadataBlock.RESOURCE_ERRORS))
        .contains("init failed: missing connection string");

    write("extra.yaml", "extra", InMemoryStateStore.TYPE, "v", "2");
    await("mending the file clears the problem", () -> problems().isEmpty());
    assertThat(read("extra", "k")).as("back to the running definition: not reloaded").contains("\"two\"");

    Files.delete(dir.resolve("extra.yaml"));
    await("the removed store is gone", () -> runtime.components().find("extra").isEmpty());
    assertThat(code(() -> read("extra", "k"))).isEqualTo(ErrorCode.STATE_STORE_NOT_FOUND);
    assertThat(runtime.blocks().get(MetadataBlock.class).get().components()).extracting(c -> c.name())
        .containsExactly("store");
    Files.delete(dir.resolve("store.yaml"));
    await("the last store is gone", () -> runtime.components().loaded().isEmpty());
    assertThat(code(() -> read("store", "k"))).isEqualTo(ErrorCode.STATE_STORE_NOT_CONFIGURED);
  }

  @Test
  void aRemovedStoreClosesOnlyAfterTheCallInFlight() throws Exception {
    Slow.release = new CountDownLatch(1);
    write("slow.yaml", "slow", "state.slow");
    start(Features.DEFAULT);
    CompletableFuture<Optional<String>> inFlight = CompletableFuture.supplyAsync(() -> read("slow", "k"));
    assertThat(Slow.entered.await(5, TimeUnit.SECONDS)).isTrue();
    Files.delete(dir.resolve("slow.yaml"));
    await("the store is taken out", () -> code(() -> save("slow", "k", "v")) == ErrorCode.STATE_STORE_NOT_CONFIGURED);
    Thread.sleep(200);
    assertThat(Slow.closed).as("not closed while the call runs").isFalse();
    Slow.release.countDown();
    assertThat(inFlight.get(5, TimeUnit.SECONDS)).isEmpty();
    await("closed after the call", () -> Slow.closed);
  }

  @Test
  void aPubSubsSubscriptionsStopWhenItGoesAndResumeWhenItComesBack() throws Exception {
    write("pubsub.yaml", "ps", InMemoryPubSub.TYPE);
    start(Features.DEFAULT);
    Received stream = new Received();
    runtime.blocks().get(Subscriptions.class).openStream(new TopicSubscription("ps", "orders", List.of(), "",
        Map.of(), "", BulkSubscribeSpec.OFF, TopicSubscription.Source.DECLARATIVE), stream);
    publish("1");
    await("delivered", () -> stream.ids.contains("1"));

    Files.delete(dir.resolve("pubsub.yaml"));
    await("the pub/sub is gone", () -> code(() -> publish("x")) == ErrorCode.PUBSUB_NOT_FOUND);
    assertThat(runtime.blocks().get(Subscriptions.class).active()).isEmpty();

    write("pubsub.yaml", "ps", InMemoryPubSub.TYPE);
    await("the pub/sub is back", () -> code(() -> publish("2")) == null);
    awaitReceived(stream, "2", "the stream receives again");
    write("pubsub.yaml", "ps", InMemoryPubSub.TYPE, "v", "changed");
    await("the pub/sub is swapped", () -> loaded("ps", "v", "changed"));
    awaitReceived(stream, "3", "the stream follows the new instance");
  }

  @Test
  void declarativeSubscriptionsFollowTheirResources() throws Exception {
    write("pubsub.yaml", "ps", InMemoryPubSub.TYPE);
    start(Features.DEFAULT);
    Received app = new Received();
    Subscriptions subscriptions = runtime.blocks().get(Subscriptions.class);
    subscriptions.start(List.of(), app);
    Files.writeString(dir.resolve("sub.yaml"), """
        apiVersion: dapr.io/v2alpha1
        kind: Subscription
        metadata:
          name: sub
        spec:
          pubsubname: ps
          topic: orders
          routes:
            default: /orders
        """);
    await("the added subscription runs", () -> subscriptions.active().size() == 1);
    publish("1");
    await("delivered", () -> app.ids.contains("1"));
    Files.delete(dir.resolve("sub.yaml"));
    await("the removed subscription stops", () -> subscriptions.active().isEmpty());
  }

  @Test
  void withHotReloadSwitchedOffNothingIsWatched() throws Exception {
    write("store.yaml", "store", InMemoryStateStore.TYPE);
    start(Features.parse(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper().readTree(
        "features: [{name: HotReload, enabled: false}]")));
    write("extra.yaml", "extra", InMemoryStateStore.TYPE);
    Thread.sleep(500);
    assertThat(runtime.components().find("extra")).isEmpty();
    assertThat(runtime.blocks().get(Features.class).enabled(Features.HOT_RELOAD)).isFalse();
  }

  /**
   * Publishes {@code id} until {@code stream} has it: the in-memory broker drops what is published while nobody
   * subscribes, and a new instance takes publishes a moment before the subscription has moved to it.
   */
  private void awaitReceived(Received stream, String id, String what) throws InterruptedException {
    await(what, () -> {
      if (!stream.ids.contains(id)) {
        publish(id);
      }
      return stream.ids.contains(id);
    });
  }

  private void publish(String id) {
    runtime.blocks().get(PubSubBlock.class).publish(new PublishCommand("ps", "orders",
        ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8), "application/json", Map.of(),
        PublishCommand.Transport.HTTP, null, null));
  }

  /** A streaming subscriber that records the {@code n} of each event's data. */
  private static final class Received implements EventTarget {
    final List<String> ids = new CopyOnWriteArrayList<>();

    @Override
    public EventReply deliver(TopicEventDelivery event) {
      Object data = event.cloudEvent().get("data");
      ids.add(data instanceof Map<?, ?> m ? String.valueOf(m.get("n")) : String.valueOf(data));
      return EventReply.SUCCESS;
    }

    @Override
    public BulkEventReply deliverBulk(BulkTopicEventDelivery batch) {
      throw new UnsupportedOperationException();
    }
  }
}
