package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dapr.v1.DaprActorsProtos.ExecuteActorStateTransactionRequest;
import io.dapr.v1.DaprActorsProtos.GetActorReminderRequest;
import io.dapr.v1.DaprActorsProtos.GetActorStateRequest;
import io.dapr.v1.DaprActorsProtos.InvokeActorRequest;
import io.dapr.v1.DaprActorsProtos.ListActorRemindersRequest;
import io.dapr.v1.DaprActorsProtos.RegisterActorReminderRequest;
import io.dapr.v1.DaprActorsProtos.RegisterActorTimerRequest;
import io.dapr.v1.DaprActorsProtos.TransactionalActorStateOperation;
import io.dapr.v1.DaprActorsProtos.UnregisterActorRemindersByTypeRequest;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.ActiveActorsCount;
import io.dapr.v1.DaprMetadataProtos.ActorRuntime;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.grpc.ManagedChannel;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The actor API's errors from real requests, on HTTP (status and daprd's JSON body) and gRPC (status code and
 * message), in daprd's order of checks, plus the metadata's {@code actorRuntime} in daprd's states, and the gRPC-only
 * reminder listing and deletion by type. Two sidecars: {@code bare} has no app (so no actors: daprd without
 * placement), {@code host} hosts {@code Cart} and {@code Idle} for a raw HTTP app (self-placement) with reentrancy at
 * a stack depth of 1.
 */
class ActorsApiErrorsTest {
  private static final String RESERVED = "actor type \\\"dapr.internal.wf\\\" is reserved for the Dapr workflow "
      + "runtime; direct actor API access is not permitted";
  private static final CountDownLatch RELEASE = new CountDownLatch(1);

  private static TestApp app;
  private static SidecarProcess bare;
  private static SidecarProcess host;
  private static Http bareHttp;
  private static Http http;
  private static ManagedChannel bareChannel;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub bareDapr;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() throws Exception {
    app = new TestApp(null);
    app.answer("/dapr/config", n -> new TestApp.Answer(200, "{\"entities\":[\"Cart\",\"Idle\"],"
        + "\"reentrancy\":{\"enabled\":true,\"maxStackDepth\":1}}"));
    app.answer("/actors/Cart/deep/method/hold", n -> {
      try {
        RELEASE.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new TestApp.Answer(200, "{}");
    });
    host = SidecarProcess.withAppId("it-actors-errors").args("--app-port", String.valueOf(app.port())).start();
    bare = SidecarProcess.withAppId("it-actors-bare").start();
    http = new Http(host);
    bareHttp = new Http(bare);
    channel = GrpcFailure.channel(host);
    bareChannel = GrpcFailure.channel(bare);
    dapr = GrpcFailure.stub(channel);
    bareDapr = GrpcFailure.stub(bareChannel);
  }

  @AfterAll
  static void stop() {
    RELEASE.countDown();
    for (ManagedChannel c : new ManagedChannel[] {channel, bareChannel}) {
      if (c != null) {
        c.shutdownNow();
      }
    }
    for (SidecarProcess s : new SidecarProcess[] {host, bare}) {
      if (s != null) {
        s.close();
      }
    }
    if (app != null) {
      app.close();
    }
  }

  private static String http(HttpResponse<String> r) {
    return r.statusCode() + " " + r.body();
  }

  private static String grpc(ThrowingCallable call) {
    GrpcFailure f = GrpcFailure.of(call);
    return f.code() + " " + f.message();
  }

  @Test
  void everyActorErrorOverHttp() {
    List<String> actual = new ArrayList<>();
    actual.add(http(bareHttp.get("/v1.0/actors/Cart/1/state/k")));
    actual.add(http(bareHttp.post("/v1.0/actors/Cart/1/method/m", "")));
    actual.add(http(bareHttp.send("PUT", "/v1.0/actors/Cart/1/reminders/r", "{\"period\":\"bogus\"}")));
    actual.add(http(http.get("/v1.0/actors/dapr.internal.wf/1/state/k")));
    actual.add(http(http.post("/v1.0/actors/dapr.internal.wf/1/state", "not json")));
    actual.add(http(http.send("PUT", "/v1.0/actors/Cart/1/reminders/r", "{\"period\":\"bogus\"}")));
    actual.add(http(http.send("PUT", "/v1.0/actors/Cart/1/timers/t", "{\"period\":\"bogus\"}")));
    actual.add(http(http.get("/v1.0/actors/Cart/1/reminders/nope")));
    http.send("PUT", "/v1.0/actors/Cart/1/reminders/once", "{\"dueTime\":\"1h\"}");
    actual.add(http(http.send("PUT", "/v1.0/actors/Cart/1/reminders/once", "{\"overwrite\":false}")));
    actual.add(http(http.send("PUT", "/v1.0/actors/Shop/1/reminders/r", "{}")));
    actual.add(http(http.post("/v1.0/actors/Cart/never/state", "[{\"operation\":\"upsert\",\"request\":"
        + "{\"key\":\"k\",\"value\":1}}]")));
    http.post("/v1.0/actors/Cart/2/method/m", "");
    actual.add(http(http.post("/v1.0/actors/Cart/2/state", "[{\"operation\":\"upsert\",\"request\":{}}]")));
    actual.add(http(http.post("/v1.0/actors/Shop/1/method/m", "")));
    assertThat(actual).containsExactly(
        "400 {\"errorCode\":\"ERR_ACTOR_NO_PLACEMENT\",\"message\":\"placement service is not configured\"}",
        "400 {\"errorCode\":\"ERR_ACTOR_NO_PLACEMENT\",\"message\":\"placement service is not configured\"}",
        "400 {\"errorCode\":\"ERR_ACTOR_NO_PLACEMENT\",\"message\":\"placement service is not configured\"}",
        "403 {\"errorCode\":\"ERR_ACTOR_TYPE_RESERVED\",\"message\":\"" + RESERVED + "\"}",
        "403 {\"errorCode\":\"ERR_ACTOR_TYPE_RESERVED\",\"message\":\"" + RESERVED + "\"}",
        "500 {\"errorCode\":\"ERR_ACTOR_REMINDER_CREATE\",\"message\":\"error creating actor reminder: "
            + "unsupported period format: bogus\"}",
        "500 {\"errorCode\":\"ERR_ACTOR_TIMER_CREATE\",\"message\":\"error creating actor timer: invalid timer "
            + "period: parse error: unsupported duration format: bogus\"}",
        "404 {\"errorCode\":\"ERR_ACTOR_REMINDER_NOT_FOUND\",\"message\":\"actor reminder not found: nope\"}",
        "409 {\"errorCode\":\"ERR_ACTOR_REMINDER_ALREADY_EXISTS\",\"message\":\"actor reminder already exists: "
            + "once\"}",
        "403 {\"errorCode\":\"ERR_ACTOR_REMINDER_NON_HOSTED\",\"message\":\"operations on actor reminders are "
            + "only possible on hosted actor types\"}",
        "400 {\"errorCode\":\"ERR_ACTOR_INSTANCE_MISSING\",\"message\":\"actor instance is missing\"}",
        "500 {\"errorCode\":\"ERR_ACTOR_STATE_TRANSACTION_SAVE\",\"message\":\"error saving actor transaction "
            + "state: missing key\"}",
        "500 {\"errorCode\":\"ERR_ACTOR_INVOKE_METHOD\",\"message\":\"error invoke actor method: failed to lookup "
            + "actor: api error: code = FailedPrecondition desc = did not find address for actor 'Shop/1'\"}");
  }

  @Test
  void everyActorErrorOverGrpc() {
    List<String> actual = new ArrayList<>();
    actual.add(grpc(() -> bareDapr.getActorState(GetActorStateRequest.newBuilder().setActorType("Cart")
        .setActorId("1").setKey("k").build())));
    actual.add(grpc(() -> bareDapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("Cart")
        .build())));
    actual.add(grpc(() -> dapr.getActorState(GetActorStateRequest.newBuilder().setActorType("dapr.internal.wf")
        .setActorId("1").setKey("k").build())));
    actual.add(grpc(() -> dapr.unregisterActorRemindersByType(UnregisterActorRemindersByTypeRequest.newBuilder()
        .setActorType("dapr.internal.wf").build())));
    actual.add(grpc(() -> dapr.registerActorReminder(RegisterActorReminderRequest.newBuilder().setActorType("Cart")
        .setActorId("1").setName("r").setPeriod("bogus").build())));
    actual.add(grpc(() -> dapr.registerActorTimer(RegisterActorTimerRequest.newBuilder().setActorType("Cart")
        .setActorId("1").setName("t").setPeriod("bogus").build())));
    actual.add(grpc(() -> dapr.getActorReminder(GetActorReminderRequest.newBuilder().setActorType("Cart")
        .setActorId("1").setName("nope").build())));
    dapr.registerActorReminder(RegisterActorReminderRequest.newBuilder().setActorType("Cart").setActorId("g")
        .setName("once").setDueTime("1h").build());
    actual.add(grpc(() -> dapr.registerActorReminder(RegisterActorReminderRequest.newBuilder().setActorType("Cart")
        .setActorId("g").setName("once").setOverwrite(false).build())));
    actual.add(grpc(() -> dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("Shop")
        .build())));
    actual.add(grpc(() -> dapr.unregisterActorRemindersByType(UnregisterActorRemindersByTypeRequest.newBuilder()
        .setActorType("Shop").build())));
    actual.add(grpc(() -> dapr.executeActorStateTransaction(ExecuteActorStateTransactionRequest.newBuilder()
        .setActorType("Cart").setActorId("never").addOperations(TransactionalActorStateOperation.newBuilder()
            .setOperationType("upsert").setKey("k")).build())));
    dapr.invokeActor(InvokeActorRequest.newBuilder().setActorType("Cart").setActorId("3").setMethod("m").build());
    actual.add(grpc(() -> dapr.executeActorStateTransaction(ExecuteActorStateTransactionRequest.newBuilder()
        .setActorType("Cart").setActorId("3").addOperations(TransactionalActorStateOperation.newBuilder()
            .setOperationType("upsert")).build())));
    actual.add(grpc(() -> dapr.invokeActor(InvokeActorRequest.newBuilder().setActorType("Shop").setActorId("1")
        .setMethod("m").build())));
    String reserved = RESERVED.replace("\\\"", "\"");
    assertThat(actual).containsExactly(
        "UNAVAILABLE placement service is not configured",
        "UNAVAILABLE placement service is not configured",
        "PERMISSION_DENIED " + reserved,
        "PERMISSION_DENIED " + reserved,
        "INTERNAL error creating actor reminder: unsupported period format: bogus",
        "INTERNAL error creating actor timer: invalid timer period: parse error: unsupported duration format: bogus",
        "NOT_FOUND actor reminder not found: nope",
        "ALREADY_EXISTS actor reminder already exists: once",
        "PERMISSION_DENIED operations on actor reminders are only possible on hosted actor types",
        "PERMISSION_DENIED operations on actor reminders are only possible on hosted actor types",
        "INTERNAL actor instance is missing",
        "INTERNAL error saving actor transaction state: missing key",
        "FAILED_PRECONDITION failed to lookup actor: api error: code = FailedPrecondition desc = did not find "
            + "address for actor 'Shop/1'");
  }

  @Test
  void withoutAnActorStateStoreRemindersAnswerRuntimeNotFound() {
    try (SidecarProcess noStore = SidecarProcess.withAppId("it-actors-nostore")
        .resources(Locations.newDirectory("actors-no-components")).args("--app-port", String.valueOf(app.port()))
        .start()) {
      Http noStoreHttp = new Http(noStore);
      ManagedChannel c = GrpcFailure.channel(noStore);
      try {
        String overHttp = http(noStoreHttp.send("PUT", "/v1.0/actors/Cart/1/reminders/r", "{}"));
        String overGrpc = grpc(() -> GrpcFailure.stub(c).listActorReminders(ListActorRemindersRequest.newBuilder()
            .setActorType("Cart").build()));
        String message = "the state store is not configured to use the actor runtime. Have you set the - name: "
            + "actorStateStore value: \"true\" in your state store component file?";
        assertThat(overHttp).isEqualTo("500 {\"errorCode\":\"ERR_ACTOR_RUNTIME_NOT_FOUND\",\"message\":\""
            + message.replace("\"", "\\\"") + "\"}");
        assertThat(overGrpc).isEqualTo("INTERNAL " + message);
      } finally {
        c.shutdownNow();
      }
    }
  }

  @Test
  void aReentrantChainDeeperThanTheAppsLimitIsRefusedOnBothTransports() throws Exception {
    CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> http.post(
        "/v1.0/actors/Cart/deep/method/hold", "", "Dapr-Reentrancy-Id", "chain"));
    app.await("/actors/Cart/deep/method/hold", 1, Duration.ofSeconds(10));
    String overHttp = http(http.post("/v1.0/actors/Cart/deep/method/hold", "", "Dapr-Reentrancy-Id", "chain"));
    String overGrpc = grpc(() -> GrpcFailure.stub(channel, "Dapr-Reentrancy-Id", "chain").invokeActor(
        InvokeActorRequest.newBuilder().setActorType("Cart").setActorId("deep").setMethod("hold")
            .putMetadata("Dapr-Reentrancy-Id", "chain").build()));
    RELEASE.countDown();
    assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    assertThat(overHttp).isEqualTo("500 {\"errorCode\":\"ERR_ACTOR_STACK_DEPTH\",\"message\":\"maximum stack depth "
        + "exceeded\"}");
    assertThat(overGrpc).isEqualTo("RESOURCE_EXHAUSTED maximum stack depth exceeded");
  }

  @Test
  void remindersAreListedAndDeletedByTypeOverGrpc() {
    for (String id : List.of("l2", "l1")) {
      for (String name : List.of("b", "a")) {
        dapr.registerActorReminder(RegisterActorReminderRequest.newBuilder().setActorType("Idle").setActorId(id)
            .setName(name).setDueTime("1h").setPeriod("2h").setData(ByteString.copyFromUtf8("x")).build());
      }
    }
    List<String> all = dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("Idle").build())
        .getRemindersList().stream().map(r -> r.getReminder().getActorId() + "/" + r.getName() + " due="
            + r.getReminder().getDueTime() + " period=" + r.getReminder().getPeriod() + " ttl="
            + r.getReminder().hasTtl()).toList();
    assertThat(all).containsExactly("l1/a due=1h period=@every 2h0m0s ttl=false",
        "l1/b due=1h period=@every 2h0m0s ttl=false", "l2/a due=1h period=@every 2h0m0s ttl=false",
        "l2/b due=1h period=@every 2h0m0s ttl=false");
    assertThat(dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("Idle")
        .setActorId("l2").build()).getRemindersCount()).isEqualTo(2);

    dapr.unregisterActorRemindersByType(UnregisterActorRemindersByTypeRequest.newBuilder().setActorType("Idle")
        .setActorId("l1").build());
    assertThat(dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("Idle").build())
        .getRemindersList()).extracting(r -> r.getReminder().getActorId()).containsExactly("l2", "l2");
    dapr.unregisterActorRemindersByType(UnregisterActorRemindersByTypeRequest.newBuilder().setActorType("Idle")
        .build());
    assertThat(dapr.listActorReminders(ListActorRemindersRequest.newBuilder().setActorType("Idle").build())
        .getRemindersList()).isEmpty();
    assertThat(http.get("/v1.0/actors/Idle/l2/reminders/a").statusCode()).isEqualTo(404);
  }

  @Test
  void theMetadataReportsTheActorRuntimeAsDaprdDoes() {
    assertThat(bareHttp.get("/v1.0/metadata").body()).endsWith("\"actorRuntime\":{\"runtimeStatus\":\"DISABLED\","
        + "\"hostReady\":false,\"placement\":\"placement: disconnected\"}}");
    ActorRuntime disabled = bareDapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getActorRuntime();
    assertThat(disabled).isEqualTo(ActorRuntime.newBuilder().setRuntimeStatus(ActorRuntime.ActorRuntimeStatus.DISABLED)
        .setPlacement("placement: disconnected").build());

    http.post("/v1.0/actors/Cart/meta-1/method/m", "");
    http.post("/v1.0/actors/Cart/meta-2/method/m", "");
    String body = http.get("/v1.0/metadata").body();
    long active = body.contains("\"count\":") ? Long.parseLong(body.replaceAll(".*\"actors\":\\[\\{\"type\":"
        + "\"Cart\",\"count\":(\\d+)}.*", "$1")) : 0;
    assertThat(active).as(body).isGreaterThanOrEqualTo(2);
    String counts = "[{\"type\":\"Cart\",\"count\":" + active + "},{\"type\":\"Idle\"}]";
    assertThat(body).contains("\"runtimeVersion\":").contains("\"actors\":" + counts + ",\"components\":")
        .endsWith("\"actorRuntime\":{\"runtimeStatus\":\"RUNNING\",\"activeActors\":" + counts
            + ",\"hostReady\":true,\"placement\":\"placement: connected\"}}");
    GetMetadataResponse meta = dapr.getMetadata(GetMetadataRequest.getDefaultInstance());
    List<ActiveActorsCount> expected = List.of(
        ActiveActorsCount.newBuilder().setType("Cart").setCount((int) active).build(),
        ActiveActorsCount.newBuilder().setType("Idle").build());
    assertThat(meta.getActorRuntime()).isEqualTo(ActorRuntime.newBuilder()
        .setRuntimeStatus(ActorRuntime.ActorRuntimeStatus.RUNNING).addAllActiveActors(expected).setHostReady(true)
        .setPlacement("placement: connected").build());
    @SuppressWarnings("deprecation")
    List<ActiveActorsCount> alias = meta.getActiveActorsCountList();
    assertThat(alias).isEqualTo(expected);
  }
}
