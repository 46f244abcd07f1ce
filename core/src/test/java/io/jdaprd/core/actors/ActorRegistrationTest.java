package io.jdaprd.core.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.errors.DaprException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dynamic registration of the callback stream ({@link ActorsBlock#register}, {@link ActorsBlock#unregister}): a
 * registration hosts its types in place of an earlier one, and unregistering halts their actors.
 */
class ActorRegistrationTest {
  private static ActorsConfig config(String json) throws Exception {
    return ActorsConfig.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static ActorsBlock.Invocation call(String type, String id) {
    return new ActorsBlock.Invocation(type, id, "m", new Request(Map.of(), "", "", new byte[0]));
  }

  private static ActorsBlock noApp() {
    ActorsBlock block = new ActorsBlock("myapp", new SelfPlacement("myapp"), null, false);
    block.noHosting();
    return block;
  }

  @Test
  void aRegistrationHostsItsTypesAndUnregisteringHaltsTheirActors() throws Exception {
    ActorsBlock block = noApp();
    assertThat(catchThrowableOfType(DaprException.class, () -> block.invoke(call("Cart", "1"), Transport.GRPC))
        .errorCode()).isEqualTo("ERR_ACTOR_NO_PLACEMENT");
    ActorsConfig cfg = config("{\"entities\":[\"Cart\",\"Shop\"]}");
    FakeActorApp app = new FakeActorApp(cfg);
    block.register(app, cfg);
    assertThat(block.hosting()).isTrue();
    block.invoke(call("Cart", "1"), Transport.GRPC);
    block.invoke(call("Shop", "2"), Transport.GRPC);
    assertThat(block.activeActors()).isEqualTo(Map.of("Cart", 1, "Shop", 1));

    block.unregister(List.of("Shop"));
    assertThat(app.deactivated).containsExactly("Shop/2");
    assertThat(block.config().entities()).containsExactly("Cart");
    assertThat(block.activeActors()).isEqualTo(Map.of("Cart", 1));

    block.unregister(List.of("Cart"));
    assertThat(app.deactivated).containsExactly("Shop/2", "Cart/1");
    assertThat(block.hosting()).isFalse();
    assertThat(block.config()).isEqualTo(ActorsConfig.NONE);
    assertThat(catchThrowableOfType(DaprException.class, () -> block.invoke(call("Cart", "1"), Transport.GRPC))
        .errorCode()).as("nothing is placed any more").isEqualTo("ERR_ACTOR_NO_PLACEMENT");
    block.close();
  }

  @Test
  void aNewRegistrationReplacesTheEarlierOne() throws Exception {
    ActorsBlock block = noApp();
    ActorsConfig first = config("{\"entities\":[\"Cart\"]}");
    FakeActorApp old = new FakeActorApp(first);
    block.register(old, first);
    block.invoke(call("Cart", "1"), Transport.GRPC);
    ActorsConfig second = config("{\"entities\":[\"Shop\"]}");
    FakeActorApp fresh = new FakeActorApp(second);
    block.register(fresh, second);
    assertThat(old.deactivated).containsExactly("Cart/1");
    block.invoke(call("Shop", "1"), Transport.GRPC);
    assertThat(fresh.calls).containsExactly("Shop/1/m");
    assertThat(catchThrowableOfType(DaprException.class, () -> block.invoke(call("Cart", "1"), Transport.GRPC))
        .getMessage()).contains("did not find address for actor 'Cart/1'");
    block.close();
    assertThatThrownBy(() -> block.register(fresh, second)).isInstanceOf(IllegalStateException.class)
        .hasMessage("actor runtime is closed");
  }

  /** {@link SelfPlacement} as a placement service would answer: its tables change while the sidecar runs. */
  private static ActorPlacement placementService() {
    SelfPlacement self = new SelfPlacement("myapp");
    return new ActorPlacement() {
      @Override
      public boolean available() {
        return true;
      }

      @Override
      public java.util.Optional<Owner> lookup(String actorType, String actorId) {
        return self.lookup(actorType, actorId);
      }

      @Override
      public void hostedTypes(java.util.Set<String> actorTypes) {
        self.hostedTypes(actorTypes);
      }

      @Override
      public boolean hosts(String actorType) {
        return self.hosts(actorType);
      }

      @Override
      public String describe() {
        return ActorRuntimeStatus.CONNECTED;
      }

      @Override
      public boolean changes() {
        return true;
      }
    };
  }

  @Test
  void withAPlacementServiceTheStatusIsInitializingFromAStreamsEndToTheNextRegistrationAsDaprds() throws Exception {
    ActorsBlock block = new ActorsBlock("myapp", placementService(), null, false);
    block.noHosting();
    assertThat(block.runtimeStatus().status()).as("a gRPC app before its stream: registered with no types")
        .isEqualTo("RUNNING");
    ActorsConfig cfg = config("{\"entities\":[\"Cart\"]}");
    block.register(new FakeActorApp(cfg), cfg);
    assertThat(block.runtimeStatus()).isEqualTo(new ActorRuntimeStatus("RUNNING", Map.of("Cart", 0), true,
        ActorRuntimeStatus.CONNECTED));
    block.unregister(cfg.entities());
    assertThat(block.runtimeStatus()).isEqualTo(new ActorRuntimeStatus("INITIALIZING", Map.of(), false, ""));
    block.register(new FakeActorApp(cfg), cfg);
    assertThat(block.runtimeStatus().status()).isEqualTo("RUNNING");
    block.close();
    assertThat(block.runtimeStatus()).isEqualTo(ActorRuntimeStatus.DISABLED);
  }

  @Test
  void withoutAPlacementServiceAStreamsEndLeavesNothingPlacedSoTheStatusIsDisabledAsDaprds() throws Exception {
    ActorsBlock block = noApp();
    assertThat(block.runtimeStatus()).isEqualTo(ActorRuntimeStatus.DISABLED);
    ActorsConfig cfg = config("{\"entities\":[\"Cart\"]}");
    block.register(new FakeActorApp(cfg), cfg);
    assertThat(block.runtimeStatus().status()).as("beyond daprd: the sidecar places its app's types itself")
        .isEqualTo("RUNNING");
    block.unregister(cfg.entities());
    assertThat(block.runtimeStatus()).isEqualTo(ActorRuntimeStatus.DISABLED);
    block.close();
  }
}
