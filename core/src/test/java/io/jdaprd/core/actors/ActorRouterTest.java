package io.jdaprd.core.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.spi.ComponentMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The actors block in a cluster: a test placement whose table the test sets (actor id to host), a fake remote side
 * that records the calls, and the real in-memory store.
 */
class ActorRouterTest {
  private InMemoryStateStore store;
  private final TablePlacement placement = new TablePlacement();
  private final List<String> remoteCalls = new CopyOnWriteArrayList<>();
  private volatile RemoteCallException remoteFailure;

  /** Owners by actor id ("self" is this sidecar); ids not in the table have no host. */
  private static final class TablePlacement implements ActorPlacement {
    final Map<String, String> owners = new ConcurrentHashMap<>();
    Listener listener;

    @Override
    public boolean available() {
      return true;
    }

    @Override
    public Optional<Owner> lookup(String actorType, String actorId) {
      String host = owners.get(actorId);
      return host == null ? Optional.empty() : Optional.of(new Owner(host.equals("self"), host, "myapp"));
    }

    @Override
    public void hostedTypes(Set<String> actorTypes) {
    }

    @Override
    public boolean hosts(String actorType) {
      return actorType.equals("Cart");
    }

    @Override
    public String describe() {
      return "placement: connected";
    }

    @Override
    public boolean changes() {
      return true;
    }

    @Override
    public void listen(Listener l) {
      this.listener = l;
    }
  }

  private final RemoteActors remote = new RemoteActors() {
    @Override
    public Reply invoke(ActorPlacement.Owner owner, String actorType, String actorId, String method,
        Request request) throws RemoteCallException {
      remoteCalls.add(owner.address() + " " + actorType + "/" + actorId + "/" + method);
      if (remoteFailure != null) {
        throw remoteFailure;
      }
      return FakeActorApp.reply(200, "from " + owner.address());
    }

    @Override
    public void invokeStream(ActorPlacement.Owner owner, String actorType, String actorId, String method,
        Request request, java.util.function.Consumer<Reply> responses) throws RemoteCallException {
      remoteCalls.add(owner.address() + " stream " + actorType + "/" + actorId + "/" + method);
      if (remoteFailure != null) {
        throw remoteFailure;
      }
      responses.accept(FakeActorApp.reply(200, "1"));
      responses.accept(FakeActorApp.reply(200, "2"));
    }

    @Override
    public void remind(ActorPlacement.Owner owner, ReminderCall reminder) {
      remoteCalls.add(owner.address() + " remind " + reminder.actorId() + "/" + reminder.name());
    }
  };

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemoryStateStore();
    store.init(new ComponentMetadata("statestore", "state.in-memory", "v1", "myapp", Map.of()));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private ActorsBlock hosting(FakeActorApp app) {
    ActorsBlock block = new ActorsBlock("myapp", new SelfPlacement("myapp"), store, false);
    block.joinCluster(placement, remote);
    block.host(app);
    return block;
  }

  private static FakeActorApp app() throws Exception {
    return new FakeActorApp(ActorsConfig.parse("{\"entities\":[\"Cart\"],\"drainOngoingCallTimeout\":\"1s\"}"
        .getBytes(StandardCharsets.UTF_8)));
  }

  private static ActorsBlock.Invocation call(String id) {
    return new ActorsBlock.Invocation("Cart", id, "m", new Request(Map.of("h", List.of("v")), "", "", new byte[0]));
  }

  private static String text(Reply r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void anActorOwnedElsewhereIsCalledThereAndOneOwnedHereRunsHere() throws Exception {
    FakeActorApp app = app();
    ActorsBlock block = hosting(app);
    placement.owners.put("1", "self");
    placement.owners.put("2", "10.0.0.2:50002");
    assertThat(text(block.invoke(call("1"), Transport.HTTP))).isEqualTo("ok");
    assertThat(text(block.invoke(call("2"), Transport.HTTP))).isEqualTo("from 10.0.0.2:50002");
    assertThat(app.calls).containsExactly("Cart/1/m");
    assertThat(remoteCalls).containsExactly("10.0.0.2:50002 Cart/2/m");
    block.close();
  }

  @Test
  void aRemoteFailureIsTheCalleesStatusOnGrpcAndDaprdsTextOnHttp() throws Exception {
    ActorsBlock block = hosting(app());
    placement.owners.put("2", "10.0.0.2:50002");
    remoteFailure = RemoteCallException.status(CauseCode.INTERNAL, "error invoke actor method: boom");
    DaprException e = catchThrowableOfType(DaprException.class, () -> block.invoke(call("2"), Transport.GRPC));
    assertThat(e.grpcCode().name()).isEqualTo("INTERNAL");
    assertThat(e.getMessage()).isEqualTo("error invoke actor method: boom");
    assertThat(e.forHttp().getMessage()).isEqualTo("error invoke actor method: rpc error: code = Internal desc = "
        + "error invoke actor method: boom");
    assertThat(remoteCalls).as("not retried").hasSize(1);
    block.close();
  }

  @Test
  void anActorThatMovedIsTriedAgainAfterANewLookup() throws Exception {
    ActorsBlock block = hosting(app());
    placement.owners.put("2", "10.0.0.2:50002");
    remoteFailure = RemoteCallException.status(CauseCode.INTERNAL, "error invoke actor method: remote actor moved");
    Thread.ofVirtual().start(() -> {
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        return;
      }
      placement.owners.put("2", "self");
    });
    assertThat(text(block.invoke(call("2"), Transport.HTTP))).isEqualTo("ok");
    assertThat(remoteCalls).hasSizeGreaterThanOrEqualTo(1);
    block.close();
  }

  @Test
  void aCallFromAnotherSidecarForAnActorNotOwnedHereIsRemoteActorMoved() throws Exception {
    FakeActorApp app = app();
    ActorsBlock block = hosting(app);
    placement.owners.put("1", "self");
    placement.owners.put("2", "10.0.0.2:50002");
    Reply reply = block.callee().callActor("Cart", "1", "m", new Request(Map.of(), "", "", new byte[0]));
    assertThat(text(reply)).isEqualTo("ok");
    RemoteCallException moved = catchThrowableOfType(RemoteCallException.class,
        () -> block.callee().callActor("Cart", "2", "m", new Request(Map.of(), "", "", new byte[0])));
    assertThat(moved.code()).isEqualTo(CauseCode.INTERNAL);
    assertThat(moved.description()).isEqualTo("error invoke actor method: remote actor moved");
    assertThat(remoteCalls).as("a moved actor is not forwarded again").isEmpty();
    block.close();
  }

  @Test
  void aStreamedCallGoesToTheOwnerAndAnAppActorHereCannotStreamAsInDaprd() throws Exception {
    FakeActorApp app = app();
    ActorsBlock block = hosting(app);
    placement.owners.put("1", "self");
    placement.owners.put("2", "10.0.0.2:50002");
    Request none = new Request(Map.of(), "", "", new byte[0]);
    List<String> got = new CopyOnWriteArrayList<>();
    block.router().invokeStream("Cart", "2", "m", none, r -> got.add(text(r)));
    assertThat(got).containsExactly("1", "2");
    RemoteCallException here = catchThrowableOfType(RemoteCallException.class,
        () -> block.router().invokeStream("Cart", "1", "m", none, r -> got.add(text(r))));
    assertThat(here.code()).isEqualTo(CauseCode.UNKNOWN);
    assertThat(here.description()).isEqualTo("not implemented");
    assertThat(app.calls).as("the app is not called").isEmpty();
    // From another sidecar: an actor owned elsewhere has moved, and is not forwarded again.
    RemoteCallException moved = catchThrowableOfType(RemoteCallException.class,
        () -> block.callee().callActorStream("Cart", "2", "m", none, r -> got.add(text(r))));
    assertThat(moved.code()).isEqualTo(CauseCode.UNKNOWN);
    assertThat(moved.description()).isEqualTo("remote actor moved");
    assertThat(remoteCalls).containsExactly("10.0.0.2:50002 stream Cart/2/m");
    // A failure daprd does not try again ends the stream at once.
    remoteFailure = RemoteCallException.status(CauseCode.PERMISSION_DENIED, "denied");
    RemoteCallException denied = catchThrowableOfType(RemoteCallException.class,
        () -> block.router().invokeStream("Cart", "2", "m", none, r -> got.add(text(r))));
    assertThat(denied.code()).isEqualTo(CauseCode.PERMISSION_DENIED);
    assertThat(remoteCalls).hasSize(2);
    block.close();
  }

  @Test
  void aNewTableDeactivatesTheActorsThatMovedAwayAndKeepsTheOthers() throws Exception {
    FakeActorApp app = app();
    ActorsBlock block = hosting(app);
    placement.owners.put("1", "self");
    placement.owners.put("2", "self");
    block.invoke(call("1"), Transport.HTTP);
    block.invoke(call("2"), Transport.HTTP);
    placement.owners.put("2", "10.0.0.2:50002");
    placement.listener.rebalanced(Set.of("Cart"));
    assertThat(app.deactivated).containsExactly("Cart/2");
    assertThat(block.activeActors()).containsEntry("Cart", 1);
    assertThat(text(block.invoke(call("2"), Transport.HTTP))).isEqualTo("from 10.0.0.2:50002");
    placement.listener.disconnected();
    assertThat(app.deactivated).containsExactlyInAnyOrder("Cart/2", "Cart/1");
    block.close();
  }

  /** An app whose method runs until it is interrupted, recording that it was. */
  private static FakeActorApp stuck(String config, java.util.concurrent.atomic.AtomicInteger interrupted)
      throws Exception {
    FakeActorApp app = new FakeActorApp(ActorsConfig.parse(config.getBytes(StandardCharsets.UTF_8)));
    app.body = (t, i, m, r) -> {
      try {
        new java.util.concurrent.CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.incrementAndGet();
        throw e;
      }
      return FakeActorApp.reply(200, "never");
    };
    return app;
  }

  private static java.util.concurrent.CompletableFuture<String> inBackground(ActorsBlock block, String id) {
    java.util.concurrent.CompletableFuture<String> answer = new java.util.concurrent.CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        answer.complete(text(block.invoke(call(id), Transport.HTTP)));
      } catch (DaprException e) {
        answer.complete(e.errorCode() + " " + e.getMessage());
      }
    });
    return answer;
  }

  private static void awaitCall(FakeActorApp app, int calls) throws InterruptedException {
    long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (app.calls.size() < calls && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(app.calls).hasSize(calls);
  }

  @Test
  void aCallStillRunningAfterTheDrainTimeoutIsCancelledAndTriedAgainAtTheNewOwner() throws Exception {
    java.util.concurrent.atomic.AtomicInteger interrupted = new java.util.concurrent.atomic.AtomicInteger();
    FakeActorApp app = stuck("{\"entities\":[\"Cart\"],\"drainOngoingCallTimeout\":\"500ms\"}", interrupted);
    ActorsBlock block = hosting(app);
    placement.owners.put("1", "self");
    java.util.concurrent.CompletableFuture<String> answer = inBackground(block, "1");
    awaitCall(app, 1);
    placement.owners.put("1", "10.0.0.2:50002");
    long start = System.nanoTime();
    placement.listener.rebalanced(Set.of("Cart"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the drain timeout was awaited")
        .isGreaterThanOrEqualTo(Duration.ofMillis(450));
    assertThat(answer.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("from 10.0.0.2:50002");
    assertThat(interrupted.get()).isEqualTo(1);
    assertThat(remoteCalls).containsExactly("10.0.0.2:50002 Cart/1/m");
    block.close();
  }

  @Test
  void withoutDrainingCallsAreCancelledAtOnceAndAStoppingSidecarsCallerGetsContextCanceled() throws Exception {
    java.util.concurrent.atomic.AtomicInteger interrupted = new java.util.concurrent.atomic.AtomicInteger();
    FakeActorApp app = stuck("{\"entities\":[\"Cart\"],\"drainRebalancedActors\":false,"
        + "\"drainOngoingCallTimeout\":\"30s\"}", interrupted);
    ActorsBlock block = hosting(app);
    placement.owners.put("1", "self");
    placement.owners.put("2", "self");
    java.util.concurrent.CompletableFuture<String> moved = inBackground(block, "1");
    awaitCall(app, 1);
    placement.owners.put("1", "10.0.0.2:50002");
    long start = System.nanoTime();
    placement.listener.rebalanced(Set.of("Cart"));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(moved.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("from 10.0.0.2:50002");

    java.util.concurrent.CompletableFuture<String> stopped = inBackground(block, "2");
    awaitCall(app, 2);
    block.close();
    assertThat(stopped.get(10, java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo("ERR_ACTOR_INVOKE_METHOD error invoke actor method: context canceled");
    assertThat(interrupted.get()).isEqualTo(2);
  }

  @Test
  void remindersOfActorsOwnedElsewhereAreDeliveredAtTheOwner() throws Exception {
    ActorsBlock block = hosting(app());
    placement.owners.put("2", "10.0.0.2:50002");
    block.createReminder(new ActorsBlock.ReminderRequest("Cart", "2", "r", "0s", "1h", "", null, true), null,
        Transport.HTTP);
    long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (remoteCalls.isEmpty() && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(remoteCalls).containsExactly("10.0.0.2:50002 remind 2/r");
    block.close();
  }
}
