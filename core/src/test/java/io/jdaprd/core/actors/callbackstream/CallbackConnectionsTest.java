package io.jdaprd.core.actors.callbackstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.actors.ActorApp.ActorCallException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The connection manager of the callback streams: ids, routing, answers and disconnects, as daprd's. */
class CallbackConnectionsTest {
  private final CallbackConnections connections = new CallbackConnections();

  private static ActorCallback.Deactivate deactivate(String id) {
    return new ActorCallback.Deactivate(id, "T", "1");
  }

  /** Sends on a virtual thread; the future completes with the answer or the failure. */
  private CompletableFuture<ActorAnswer> sendAsync() {
    CompletableFuture<ActorAnswer> f = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> {
      try {
        f.complete(connections.send(CallbackConnectionsTest::deactivate));
      } catch (Exception e) {
        f.completeExceptionally(e);
      }
    });
    return f;
  }

  private static ActorCallback next(BlockingQueue<ActorCallback> sent) throws InterruptedException {
    ActorCallback c = sent.poll(10, TimeUnit.SECONDS);
    assertThat(c).as("a callback was sent").isNotNull();
    return c;
  }

  @Test
  void withoutAConnectionACallbackFailsAtOnce() {
    assertThat(connections.connected()).isFalse();
    assertThatThrownBy(() -> connections.send(CallbackConnectionsTest::deactivate))
        .isInstanceOf(ActorCallException.class).hasMessage("actor host is not connected");
  }

  @Test
  void connectionsAndRequestsAreNumberedFromOne() throws Exception {
    BlockingQueue<ActorCallback> sent = new LinkedBlockingQueue<>();
    CallbackConnections.Connection first = connections.register(sent::add);
    CallbackConnections.Connection second = connections.register(c -> { });
    assertThat(first.id()).isEqualTo(1);
    assertThat(second.id()).isEqualTo(2);
    second.close();

    CompletableFuture<ActorAnswer> a = sendAsync();
    CompletableFuture<ActorAnswer> b = sendAsync();
    List<String> ids = List.of(next(sent).id(), next(sent).id());
    assertThat(ids).containsExactlyInAnyOrder("1", "2");
    ids.forEach(id -> first.deliver(new ActorAnswer.Deactivated(id)));
    assertThat(a.get(10, TimeUnit.SECONDS).id()).isIn("1", "2");
    assertThat(b.get(10, TimeUnit.SECONDS).id()).isIn("1", "2");
    assertThat(first.pending()).isZero();
  }

  @Test
  void anAnswerReachesTheCallbackOfItsIdAndUnknownIdsAreDropped() throws Exception {
    BlockingQueue<ActorCallback> sent = new LinkedBlockingQueue<>();
    CallbackConnections.Connection c = connections.register(sent::add);
    CompletableFuture<ActorAnswer> call = sendAsync();
    String id = next(sent).id();
    c.deliver(new ActorAnswer.Deactivated("999"));
    assertThat(call).as("an answer of another id does not complete it").isNotDone();
    ActorAnswer answer = new ActorAnswer.Invoked(id, "x".getBytes(), Map.of("k", "v"), false);
    c.deliver(answer);
    assertThat(call.get(10, TimeUnit.SECONDS)).isSameAs(answer);
    c.deliver(answer); // a second answer of the same id is dropped
    assertThat(c.pending()).isZero();
  }

  @Test
  void closingAConnectionFailsItsCallbacksInFlight() throws Exception {
    BlockingQueue<ActorCallback> sent = new LinkedBlockingQueue<>();
    CallbackConnections.Connection c = connections.register(sent::add);
    CompletableFuture<ActorAnswer> call = sendAsync();
    next(sent);
    c.close();
    assertThat(call).failsWithin(Duration.ofSeconds(10))
        .withThrowableOfType(java.util.concurrent.ExecutionException.class)
        .withCauseInstanceOf(ActorCallException.class)
        .withMessageContaining("actor host disconnected before responding");
    assertThat(connections.connected()).isFalse();
    c.close(); // idempotent
    assertThatThrownBy(() -> connections.send(CallbackConnectionsTest::deactivate))
        .hasMessage("actor host is not connected");
  }

  @Test
  void aSenderThatFailsIsADisconnect() {
    connections.register(c -> {
      throw new IllegalStateException("the stream has ended");
    });
    assertThatThrownBy(() -> connections.send(CallbackConnectionsTest::deactivate))
        .isInstanceOf(ActorCallException.class).hasMessage("actor host disconnected before responding");
  }

  @Test
  void newCallbacksGoToTheLatestConnectionWhileAnOlderOneFinishesItsOwn() throws Exception {
    BlockingQueue<ActorCallback> older = new LinkedBlockingQueue<>();
    BlockingQueue<ActorCallback> newer = new LinkedBlockingQueue<>();
    CallbackConnections.Connection a = connections.register(older::add);
    CompletableFuture<ActorAnswer> inFlight = sendAsync();
    String id = next(older).id();
    CallbackConnections.Connection b = connections.register(newer::add);
    CompletableFuture<ActorAnswer> fresh = sendAsync();
    String freshId = next(newer).id();
    assertThat(older).isEmpty();
    a.deliver(new ActorAnswer.Deactivated(id));
    assertThat(inFlight.get(10, TimeUnit.SECONDS).id()).isEqualTo(id);
    b.deliver(new ActorAnswer.Deactivated(freshId));
    assertThat(fresh.get(10, TimeUnit.SECONDS).id()).isEqualTo(freshId);
    b.close();
    CompletableFuture<ActorAnswer> back = sendAsync();
    assertThat(next(older)).as("the older connection takes callbacks again once the newer closed").isNotNull();
    back.cancel(true);
    a.close();
  }
}
