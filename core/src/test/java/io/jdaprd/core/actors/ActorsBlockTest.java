package io.jdaprd.core.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.actors.ActorsBlock.StateOperation;
import io.jdaprd.errors.DaprException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.GetRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The actors block with self-placement over a fake app and the real in-memory store. */
class ActorsBlockTest {
  private InMemoryStateStore store;

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemoryStateStore();
    store.init(new ComponentMetadata("statestore", "state.in-memory", "v1", "myapp", Map.of()));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private static ActorsConfig config(String json) throws Exception {
    return ActorsConfig.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static DaprException error(Runnable r) {
    return catchThrowableOfType(DaprException.class, r::run);
  }

  private static ActorsBlock.Invocation call(String type, String id, String method) {
    return new ActorsBlock.Invocation(type, id, method, new Request(Map.of(), "", "", new byte[0]));
  }

  private ActorsBlock hosting(FakeActorApp app) {
    ActorsBlock block = new ActorsBlock("myapp", new SelfPlacement("myapp"), store, false);
    block.host(app);
    return block;
  }

  @Test
  void withoutHostedTypesEveryCallAnswersNoPlacement() throws Exception {
    ActorsBlock block = hosting(new FakeActorApp(ActorsConfig.NONE));
    DaprException e = error(() -> block.invoke(call("Cart", "1", "add"), Transport.HTTP));
    assertThat(e.errorCode()).isEqualTo("ERR_ACTOR_NO_PLACEMENT");
    assertThat(error(() -> block.getState("Cart", "1", "k")).errorCode()).isEqualTo("ERR_ACTOR_NO_PLACEMENT");
    assertThat(block.hosting()).isFalse();
  }

  @Test
  void invokesHostedTypesAndRefusesOthersAsDaprdsLookup() throws Exception {
    FakeActorApp app = new FakeActorApp(config("{\"entities\":[\"Cart\"]}"));
    ActorsBlock block = hosting(app);
    assertThat(new String(block.invoke(call("Cart", "1", "a//b/../add"), Transport.HTTP).body(),
        StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(app.calls).containsExactly("Cart/1/a/add");
    DaprException unknown = error(() -> block.invoke(call("Shop", "1", "add"), Transport.GRPC));
    assertThat(unknown.grpcCode()).isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
    assertThat(unknown.getMessage()).isEqualTo("failed to lookup actor: api error: code = FailedPrecondition desc = "
        + "did not find address for actor 'Shop/1'");
    assertThat(unknown.forHttp().errorCode()).isEqualTo("ERR_ACTOR_INVOKE_METHOD");
    assertThat(unknown.forHttp().getMessage()).isEqualTo("error invoke actor method: " + unknown.getMessage());
    DaprException badId = error(() -> block.invoke(call("Cart", "a#b", "add"), Transport.HTTP));
    assertThat(badId.errorCode()).isEqualTo("ERR_BAD_REQUEST");
    assertThat(badId.getMessage()).isEqualTo("invalid request: invalid actorId: name contains forbidden character: "
        + "\"a#b\"");
    app.body = (t, i, m, r) -> FakeActorApp.reply(200, "boom");
    app.body = (t, i, m, r) -> {
      throw new ActorApp.ActorCallException("error from actor service: (500) boom");
    };
    DaprException failed = error(() -> block.invoke(call("Cart", "1", "add"), Transport.HTTP));
    assertThat(failed.errorCode()).isEqualTo("ERR_ACTOR_INVOKE_METHOD");
    assertThat(failed.getMessage()).isEqualTo("error invoke actor method: error from actor service: (500) boom");
  }

  @Test
  void theAppSeesTheRunningSidecarAsCallerAndNeverTheClientsClaim() throws Exception {
    FakeActorApp app = new FakeActorApp(config("{\"entities\":[\"Cart\"]}"));
    List<Map<String, List<String>>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    app.body = (t, i, m, r) -> {
      seen.add(r.headers());
      return FakeActorApp.reply(200, "ok");
    };
    ActorsBlock block = new ActorsBlock("myapp", "prod", new SelfPlacement("myapp"), store, false,
        Clock.systemUTC(), io.jdaprd.core.metrics.Metrics.NONE);
    block.host(app);
    Map<String, List<String>> claimed = Map.of("dapr-caller-app-id", List.of("evil"), "dapr-caller-namespace",
        List.of("evil-ns"), "x-custom", List.of("1"));
    block.invoke(new ActorsBlock.Invocation("Cart", "1", "m", new Request(claimed, "", "", new byte[0])),
        Transport.GRPC);
    assertThat(seen.get(0)).containsEntry("dapr-caller-app-id", List.of("myapp"))
        .containsEntry("dapr-caller-namespace", List.of("prod")).containsEntry("x-custom", List.of("1"));
    // daprd drops the exact lowercase keys only: a header in Go's canonical form stays beside the stamped identity.
    block.invoke(new ActorsBlock.Invocation("Cart", "1", "m", new Request(Map.of("Dapr-Caller-App-Id",
        List.of("evil")), "", "", new byte[0])), Transport.HTTP);
    assertThat(seen.get(1)).containsEntry("Dapr-Caller-App-Id", List.of("evil"))
        .containsEntry("dapr-caller-app-id", List.of("myapp"));
    // From another sidecar: a caller app id on the wire is kept; without one the callee stamps its own.
    block.callee().callActor("Cart", "1", "m", new Request(Map.of("dapr-caller-app-id", List.of("other"),
        "dapr-caller-namespace", List.of("ns2")), "", "", new byte[0]));
    assertThat(seen.get(2)).containsEntry("dapr-caller-app-id", List.of("other"))
        .containsEntry("dapr-caller-namespace", List.of("ns2")).containsEntry("X-Dapr-Remote", List.of("true"));
    block.callee().callActor("Cart", "1", "m", new Request(Map.of(), "", "", new byte[0]));
    assertThat(seen.get(3)).containsEntry("dapr-caller-app-id", List.of("myapp"))
        .containsEntry("dapr-caller-namespace", List.of("prod"));
    block.close();
  }

  @Test
  void oneTurnAtATimePerActorWhileOtherActorsRunInParallel() throws Exception {
    FakeActorApp app = new FakeActorApp(config("{\"entities\":[\"Cart\"]}"));
    app.body = (t, i, m, r) -> {
      Thread.sleep(20);
      return FakeActorApp.reply(200, "ok");
    };
    ActorsBlock block = hosting(app);
    List<Thread> threads = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      String id = String.valueOf(n % 4);
      threads.add(Thread.ofVirtual().start(() -> block.invoke(call("Cart", id, "m"), Transport.HTTP)));
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(app.calls).hasSize(20);
    assertThat(app.overlaps.get()).as("turns of one actor never overlap").isZero();
    assertThat(app.maxParallel.get()).as("different actors run at once").isGreaterThan(1);
    assertThat(block.activeActors()).containsEntry("Cart", 4);
  }

  @Test
  void reentrantChainsReenterUpToTheMaximumDepth() throws Exception {
    FakeActorApp app = new FakeActorApp(config(
        "{\"entities\":[\"Cart\"],\"reentrancy\":{\"enabled\":true,\"maxStackDepth\":3}}"));
    AtomicReference<ActorsBlock> ref = new AtomicReference<>();
    app.body = (t, i, m, r) -> {
      int depth = Integer.parseInt(m);
      if (depth < 5) {
        String id = ActorTable.header(r.headers(), "Dapr-Reentrancy-Id");
        ref.get().invoke(new ActorsBlock.Invocation(t, i, String.valueOf(depth + 1), new Request(
            Map.of("Dapr-Reentrancy-Id", List.of(id), "Nested", List.of("1")), "", "", new byte[0])),
            Transport.GRPC);
      }
      return FakeActorApp.reply(200, m);
    };
    ActorsBlock block = hosting(app);
    ref.set(block);
    DaprException e = error(() -> block.invoke(call("Cart", "1", "1"), Transport.HTTP));
    assertThat(app.calls).containsExactly("Cart/1/1", "Cart/1/2", "Cart/1/3");
    assertThat(e.forHttp().errorCode()).isEqualTo("ERR_ACTOR_INVOKE_METHOD");
    assertThat(e.forHttp().getMessage()).contains("maximum stack depth exceeded");
    app.calls.clear();
    app.body = (t, i, m, r) -> FakeActorApp.reply(200, m);
    block.invoke(call("Cart", "1", "x"), Transport.HTTP);
    assertThat(app.calls).as("the actor is free again after the failed chain").containsExactly("Cart/1/x");
  }

  @Test
  void stateTransactionsNeedAnActiveActorAndUseDaprdsKeys() throws Exception {
    ActorsBlock block = hosting(new FakeActorApp(config("{\"entities\":[\"Cart\"]}")));
    List<StateOperation> ops = List.of(new StateOperation("upsert", true, "k", "\"v\"".getBytes(), null, Map.of()));
    assertThat(error(() -> block.transaction("Cart", "1", ops, null, Transport.HTTP)).errorCode())
        .isEqualTo("ERR_ACTOR_INSTANCE_MISSING");
    block.invoke(call("Cart", "1", "m"), Transport.HTTP);
    block.transaction("Cart", "1", ops, null, Transport.HTTP);
    assertThat(store.get(new GetRequest("myapp||Cart||1||k", Map.of(), null))).isPresent();
    assertThat(new String(block.getState("Cart", "1", "k").orElseThrow().data())).isEqualTo("\"v\"");
    assertThat(block.getState("Cart", "1", "none")).isEmpty();
    DaprException ttl = error(() -> block.transaction("Cart", "1", List.of(new StateOperation("upsert", true, "k",
        "1".getBytes(), null, Map.of("ttlInSeconds", "5"))), null, Transport.HTTP));
    assertThat(ttl.getMessage()).isEqualTo("error saving actor transaction state: ttlInSeconds is not supported "
        + "without the \"ActorStateTTL\" feature enabled");
    DaprException unknown = error(() -> block.transaction("Cart", "1", List.of(new StateOperation("merge", true,
        "k", null, null, Map.of())), null, Transport.GRPC));
    assertThat(unknown.errorCode()).isEqualTo("ERR_NOT_SUPPORTED_STATE_OPERATION");
    DaprException missing = error(() -> block.transaction("Cart", "1", List.of(new StateOperation("upsert", false,
        null, null, null, Map.of())), null, Transport.HTTP));
    assertThat(missing.getMessage()).isEqualTo("error saving actor transaction state: request data is empty");
  }

  @Test
  void withoutAnActorStateStoreStateCallsAnswerRuntimeNotFound() throws Exception {
    ActorsBlock block = new ActorsBlock("myapp", new SelfPlacement("myapp"), null, false);
    block.host(new FakeActorApp(config("{\"entities\":[\"Cart\"]}")));
    assertThat(error(() -> block.getState("Cart", "1", "k")).errorCode()).isEqualTo("ERR_ACTOR_RUNTIME_NOT_FOUND");
    block.invoke(call("Cart", "1", "m"), Transport.HTTP);
    assertThat(error(() -> block.transaction("Cart", "1", List.of(), null, Transport.HTTP)).errorCode())
        .isEqualTo("ERR_ACTOR_RUNTIME_NOT_FOUND");
  }

  @Test
  void idleActorsAreDeactivatedAndShutdownDrainsTheRest() throws Exception {
    MutableClock clock = new MutableClock();
    FakeActorApp app = new FakeActorApp(config("{\"entities\":[\"Cart\",\"Shop\"],\"actorIdleTimeout\":\"1h\","
        + "\"entitiesConfig\":[{\"entities\":[\"Shop\"],\"actorIdleTimeout\":\"10s\"}]}"));
    ActorTable table = new ActorTable(app, app.config(), clock);
    table.call("Cart", "1", "m", new Request(Map.of(), "", "", new byte[0]));
    table.call("Shop", "1", "m", new Request(Map.of(), "", "", new byte[0]));
    clock.now = clock.now.plusSeconds(11);
    assertThat(table.deactivateIdle()).isEqualTo(1);
    assertThat(app.deactivated).containsExactly("Shop/1");
    assertThat(table.exists("Shop", "1")).isFalse();
    table.drain();
    assertThat(app.deactivated).containsExactly("Shop/1", "Cart/1");
    assertThat(table.counts()).isEmpty();
  }

  @Test
  void readsDaprdsConfigurationFields() throws Exception {
    ActorsConfig c = config("{\"entities\":[\"A\",\"B\"],\"actorIdleTimeout\":\"1h\",\"actorScanInterval\":\"30s\","
        + "\"drainOngoingCallTimeout\":\"45s\",\"drainRebalancedActors\":false,\"reentrancy\":{\"enabled\":true},"
        + "\"entitiesConfig\":[{\"entities\":[\"B\"],\"actorIdleTimeout\":\"2m\",\"reentrancy\":{\"enabled\":false}}]}");
    assertThat(c.entities()).containsExactly("A", "B");
    assertThat(c.scanInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.drainRebalancedActors()).isFalse();
    assertThat(c.of("A")).isEqualTo(new ActorsConfig.TypeConfig(Duration.ofHours(1), Duration.ofSeconds(45), true,
        32));
    assertThat(c.of("B")).isEqualTo(new ActorsConfig.TypeConfig(Duration.ofMinutes(2), Duration.ofSeconds(45),
        false, 32));
  }

  /** A clock the test moves. */
  static final class MutableClock extends Clock {
    volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
