package io.jdaprd.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.linecorp.armeria.server.Server;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.actors.ActorCallee;
import io.jdaprd.core.actors.ActorPlacement;
import io.jdaprd.core.actors.RemoteActors;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.errors.factories.CauseCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code CallActor} and {@code CallActorReminder} over a real HTTP/2 connection: {@link RemoteActorCalls} on the
 * caller's side, {@link InternalServer} handing the calls to an {@link ActorCallee} on the callee's.
 */
class ActorCallsTest {
  private final InternalClient client = new InternalClient(4L << 20);
  private final List<String> received = new CopyOnWriteArrayList<>();
  private Server server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.closeAsync();
    }
    client.close();
  }

  private final ActorCallee callee = new ActorCallee() {
    @Override
    public Reply callActor(String actorType, String actorId, String method, Request request)
        throws RemoteCallException {
      received.add(actorType + "/" + actorId + "/" + method + " " + request.headers().get("X-Custom") + " "
          + request.contentType() + " " + new String(request.body(), StandardCharsets.UTF_8) + " ?" + request.query());
      if (actorId.equals("moved")) {
        throw RemoteCallException.status(CauseCode.INTERNAL, "error invoke actor method: remote actor moved");
      }
      return new Reply(200, Map.of("X-Daprerrorresponseheader", List.of("true")), "application/json",
          "{\"err\":1}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void callActorStream(String actorType, String actorId, String method, Request request,
        java.util.function.Consumer<Reply> responses) throws RemoteCallException {
      received.add("stream " + actorType + "/" + actorId + "/" + method + " " + request.headers().get("X-Custom"));
      responses.accept(new Reply(200, Map.of("X-Part", List.of("1")), "text/plain", "one".getBytes(
          StandardCharsets.UTF_8)));
      responses.accept(new Reply(200, Map.of(), "text/plain", "two".getBytes(StandardCharsets.UTF_8)));
      if (actorId.equals("broken")) {
        throw RemoteCallException.status(CauseCode.UNKNOWN, "not implemented");
      }
    }

    @Override
    public void callReminder(RemoteActors.ReminderCall r) {
      received.add("remind " + r.actorType() + "/" + r.actorId() + "/" + r.name() + " " + r.data() + " "
          + r.dueTime() + " " + r.period());
    }
  };

  private ActorPlacement.Owner serve() {
    InvokeBlock invoke = new InvokeBlock("b", "default", null, (id, ns) -> {
      throw new AssertionError("nothing is resolved");
    }, client, (caller, request) -> { }, io.jdaprd.core.invoke.Forwarding.NONE);
    server = Server.builder().http(0).service(InternalServer.service(invoke, callee, 4L << 20)).build();
    server.start().join();
    return new ActorPlacement.Owner(false, "127.0.0.1:" + server.activeLocalPort(), "b");
  }

  @Test
  void anActorCallAndItsAnswerCrossTheWireWhole() throws Exception {
    ActorPlacement.Owner owner = serve();
    RemoteActorCalls calls = new RemoteActorCalls(client, "default");
    Reply reply = calls.invoke(owner, "Cart", "1", "total", new Request(Map.of("X-Custom", List.of("v1", "v2")),
        "a=1", "application/json", "{\"n\":1}".getBytes(StandardCharsets.UTF_8)));
    assertThat(received).containsExactly("Cart/1/total [v1, v2] application/json {\"n\":1} ?a=1");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.actorError()).isTrue();
    assertThat(reply.contentType()).isEqualTo("application/json");
    assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("{\"err\":1}");

    RemoteCallException moved = catchThrowableOfType(RemoteCallException.class, () -> calls.invoke(owner, "Cart",
        "moved", "m", new Request(Map.of(), "", "", new byte[0])));
    assertThat(moved.code()).isEqualTo(CauseCode.INTERNAL);
    assertThat(moved.getMessage()).isEqualTo("rpc error: code = Internal desc = error invoke actor method: remote "
        + "actor moved");

    calls.remind(owner, new RemoteActors.ReminderCall("Cart", "1", "r", "{\"k\":1}", "0s", "1h"));
    assertThat(received).last().isEqualTo("remind Cart/1/r {\"k\":1} 0s 1h");
  }

  @Test
  void aStreamedActorCallCarriesEveryAnswerInOrderThenTheStatus() throws Exception {
    ActorPlacement.Owner owner = serve();
    RemoteActorCalls calls = new RemoteActorCalls(client, "default");
    List<String> answers = new CopyOnWriteArrayList<>();
    calls.invokeStream(owner, "Wf", "1", "watch", new Request(Map.of("X-Custom", List.of("v")), "", "",
        new byte[0]), r -> answers.add(r.headers().get("X-Part") + " " + new String(r.body(),
        StandardCharsets.UTF_8)));
    assertThat(received).containsExactly("stream Wf/1/watch [v]");
    assertThat(answers).containsExactly("[1] one", "null two");
    answers.clear();
    RemoteCallException e = catchThrowableOfType(RemoteCallException.class, () -> calls.invokeStream(owner, "Wf",
        "broken", "watch", new Request(Map.of(), "", "", new byte[0]), r -> answers.add(new String(r.body(),
        StandardCharsets.UTF_8))));
    assertThat(answers).as("what was streamed before the failure").containsExactly("one", "two");
    assertThat(e.code()).isEqualTo(CauseCode.UNKNOWN);
    assertThat(e.getMessage()).isEqualTo("rpc error: code = Unknown desc = not implemented");
  }

  @Test
  void aSidecarWithoutActorsAnswersUnimplemented() {
    InvokeBlock invoke = new InvokeBlock("b", "default", null, (id, ns) -> "x", client, (caller, request) -> { },
        io.jdaprd.core.invoke.Forwarding.NONE);
    server = Server.builder().http(0).service(InternalServer.service(invoke, 4L << 20)).build();
    server.start().join();
    RemoteCallException e = catchThrowableOfType(RemoteCallException.class, () -> new RemoteActorCalls(client,
        "default").invoke(new ActorPlacement.Owner(false, "127.0.0.1:" + server.activeLocalPort(), "b"), "Cart",
        "1", "m", new Request(Map.of(), "", "", new byte[0])));
    assertThat(e.code()).isEqualTo(CauseCode.UNIMPLEMENTED);
  }
}
