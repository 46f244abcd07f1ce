package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.DaprActorsProtos.ExecuteActorStateTransactionRequest;
import io.dapr.v1.DaprActorsProtos.GetActorStateRequest;
import io.dapr.v1.DaprActorsProtos.InvokeActorRequest;
import io.dapr.v1.DaprActorsProtos.TransactionalActorStateOperation;
import io.dapr.v1.DaprGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Actors on one sidecar without a placement service (jdaprd's self-placement): a raw HTTP app answers
 * {@code GET /dapr/config} with its types, and the actor API over HTTP and gRPC reaches it, keeps actor state in the
 * embedded default store (the one marked {@code actorStateStore}) and fires timers.
 */
class ActorsSelfPlacementTest {
  private static TestApp app;
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() throws Exception {
    app = new TestApp(null);
    app.answer("/dapr/config", n -> new TestApp.Answer(200, "{\"entities\":[\"Cart\"],\"actorIdleTimeout\":\"1h\"}"));
    app.answer("/actors/Cart/1/method/total", n -> new TestApp.Answer(200, "{\"total\":" + n + "}"));
    app.answer("/actors/Cart/9/method/missing", n -> new TestApp.Answer(404, "no such method"));
    sidecar = SidecarProcess.withAppId("it-actors").args("--app-port", String.valueOf(app.port())).start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void invokesTheAppsActorsOverBothTransports() {
    HttpResponse<String> r = http.post("/v1.0/actors/Cart/1/method/total", "{\"item\":1}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"total\":1}");
    TestApp.Received call = app.requests("/actors/Cart/1/method/total").getFirst();
    assertThat(call.method()).as("any verb becomes PUT").isEqualTo("PUT");
    assertThat(call.body()).isEqualTo("{\"item\":1}");
    assertThat(app.requests("/dapr/config")).hasSize(1);

    String data = dapr.invokeActor(InvokeActorRequest.newBuilder().setActorType("Cart").setActorId("1")
        .setMethod("total").build()).getData().toStringUtf8();
    assertThat(data).isEqualTo("{\"total\":2}");
  }

  @Test
  void refusesWhatDaprdRefuses() {
    HttpResponse<String> other = http.post("/v1.0/actors/Shop/1/method/m", "");
    assertThat(other.statusCode()).isEqualTo(500);
    assertThat(other.body()).isEqualTo("{\"errorCode\":\"ERR_ACTOR_INVOKE_METHOD\",\"message\":\"error invoke actor "
        + "method: failed to lookup actor: api error: code = FailedPrecondition desc = did not find address for "
        + "actor 'Shop/1'\"}");
    GrpcFailure grpc = GrpcFailure.of(() -> dapr.invokeActor(InvokeActorRequest.newBuilder().setActorType("Shop")
        .setActorId("1").setMethod("m").build()));
    assertThat(grpc.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(grpc.status().getDescription()).isEqualTo("failed to lookup actor: api error: code = "
        + "FailedPrecondition desc = did not find address for actor 'Shop/1'");

    HttpResponse<String> missing = http.post("/v1.0/actors/Cart/9/method/missing", "");
    assertThat(missing.statusCode()).isEqualTo(500);
    assertThat(missing.body()).isEqualTo("{\"errorCode\":\"ERR_ACTOR_INVOKE_METHOD\",\"message\":\"error invoke "
        + "actor method: actor method not found: actors/Cart/9/method/missing\"}");

    HttpResponse<String> inactive = http.post("/v1.0/actors/Cart/never/state",
        "[{\"operation\":\"upsert\",\"request\":{\"key\":\"k\",\"value\":1}}]");
    assertThat(inactive.statusCode()).isEqualTo(400);
    assertThat(inactive.body()).isEqualTo("{\"errorCode\":\"ERR_ACTOR_INSTANCE_MISSING\",\"message\":\"actor "
        + "instance is missing\"}");
  }

  @Test
  void actorStateIsWrittenAndReadOnBothTransports() {
    http.post("/v1.0/actors/Cart/2/method/total", "");
    HttpResponse<String> tx = http.post("/v1.0/actors/Cart/2/state",
        "[{\"operation\":\"upsert\",\"request\":{\"key\":\"items\",\"value\":{\"b\":2,\"a\":1}}},"
            + "{\"operation\":\"upsert\",\"request\":{\"key\":\"gone\",\"value\":1}},"
            + "{\"operation\":\"delete\",\"request\":{\"key\":\"gone\"}}]");
    assertThat(tx.statusCode()).as(tx.body()).isEqualTo(204);
    HttpResponse<String> got = http.get("/v1.0/actors/Cart/2/state/items");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).as("stored as Go re-encodes the value").isEqualTo("{\"a\":1,\"b\":2}");
    assertThat(http.get("/v1.0/actors/Cart/2/state/gone").statusCode()).isEqualTo(204);

    dapr.executeActorStateTransaction(ExecuteActorStateTransactionRequest.newBuilder().setActorType("Cart")
        .setActorId("2").addOperations(TransactionalActorStateOperation.newBuilder().setOperationType("upsert")
            .setKey("raw").setValue(Any.newBuilder().setValue(ByteString.copyFromUtf8("bytes")))).build());
    assertThat(dapr.getActorState(GetActorStateRequest.newBuilder().setActorType("Cart").setActorId("2")
        .setKey("items").build()).getData().toStringUtf8()).isEqualTo("{\"a\":1,\"b\":2}");
    assertThat(http.get("/v1.0/actors/Cart/2/state/raw").body()).isEqualTo("bytes");
  }

  @Test
  void remindersAreStoredReadBackAndDelivered() {
    HttpResponse<String> created = http.send("PUT", "/v1.0/actors/Cart/4/reminders/r",
        "{\"dueTime\":\"0s\",\"period\":\"1h\",\"data\":{\"k\":\"v\"}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(204);
    HttpResponse<String> got = http.get("/v1.0/actors/Cart/4/reminders/r");
    assertThat(got.body()).isEqualTo("{\"actorID\":\"4\",\"actorType\":\"Cart\",\"data\":{\"k\":\"v\"},"
        + "\"dueTime\":\"0s\",\"period\":\"@every 1h0m0s\"}");
    List<TestApp.Received> ticks = app.await("/actors/Cart/4/method/remind/r", 1, Duration.ofSeconds(10));
    assertThat(ticks.getFirst().body()).isEqualTo("{\"data\":{\"k\":\"v\"},\"dueTime\":\"\",\"period\":\"\"}");
    HttpResponse<String> exists = http.send("PUT", "/v1.0/actors/Cart/4/reminders/r", "{\"overwrite\":false}");
    assertThat(exists.statusCode()).isEqualTo(409);
    HttpResponse<String> other = http.send("PUT", "/v1.0/actors/Shop/4/reminders/r", "{}");
    assertThat(other.body()).isEqualTo("{\"errorCode\":\"ERR_ACTOR_REMINDER_NON_HOSTED\",\"message\":\"operations "
        + "on actor reminders are only possible on hosted actor types\"}");
    assertThat(http.delete("/v1.0/actors/Cart/4/reminders/r").statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/actors/Cart/4/reminders/r").statusCode()).isEqualTo(404);
  }

  @Test
  void timersFireInTheActorsTurn() {
    HttpResponse<String> created = http.post("/v1.0/actors/Cart/3/timers/tick",
        "{\"dueTime\":\"0s\",\"period\":\"R2/PT1S\",\"callback\":\"onTick\",\"data\":{\"n\":1}}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(204);
    List<TestApp.Received> ticks = app.await("/actors/Cart/3/method/timer/tick", 1, Duration.ofSeconds(10));
    assertThat(ticks.getFirst().method()).isEqualTo("PUT");
    assertThat(ticks.getFirst().body()).isEqualTo("{\"data\":{\"n\":1},\"callback\":\"onTick\",\"dueTime\":\"0s\","
        + "\"period\":\"R2/PT1S\"}");
    assertThat(http.delete("/v1.0/actors/Cart/3/timers/tick").statusCode()).isEqualTo(204);
    HttpResponse<String> fraction = http.post("/v1.0/actors/Cart/3/timers/t2", "{\"period\":\"PT0.5S\"}");
    assertThat(fraction.body()).as("daprd's ISO reader takes whole numbers only").isEqualTo("{\"errorCode\":"
        + "\"ERR_ACTOR_TIMER_CREATE\",\"message\":\"error creating actor timer: invalid timer period: parse error: "
        + "unsupported duration format: PT0.5S\"}");
  }
}
