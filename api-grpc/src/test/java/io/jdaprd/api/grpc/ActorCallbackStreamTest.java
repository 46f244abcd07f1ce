package io.jdaprd.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import com.google.protobuf.Duration;
import io.dapr.v1.DaprActorCallbacksProtos.ActorEntityConfig;
import io.dapr.v1.DaprActorCallbacksProtos.ActorReentrancyConfig;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsRequestAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsRequestFailedAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsRequestInitialAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsRequestInvokeResponseAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsRequestReminderResponseAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseInvokeRequestAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseTimerRequestAlpha1;
import io.dapr.v1.DaprActorsProtos.InvokeActorRequest;
import io.dapr.v1.DaprActorsProtos.InvokeActorResponse;
import io.dapr.v1.DaprActorsProtos.RegisterActorTimerRequest;
import io.grpc.CallOptions;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.jdaprd.api.grpc.actors.ActorCallbackStream;
import io.jdaprd.core.actors.ActorsBlock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code SubscribeActorEventsAlpha1} against the real gRPC API of a sidecar without app (as daprd without
 * {@code --app-port}): an app opens the stream with a grpc-java client, registers {@code Cart}, and answers the
 * actor calls made through {@code InvokeActor} and the timers registered through {@code RegisterActorTimer}.
 */
class ActorCallbackStreamTest {
  private static Sidecar sidecar;
  private StreamApp app;

  @BeforeAll
  static void start() {
    sidecar = Sidecar.start();
  }

  @AfterAll
  static void stop() {
    sidecar.close();
  }

  @AfterEach
  void closeTheApp() throws Exception {
    if (app != null) {
      app.close();
      awaitNotHosting();
    }
  }

  private static ActorsBlock actors() {
    return sidecar.runtime.blocks().get(ActorsBlock.class);
  }

  private static void awaitNotHosting() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (actors().hosting() && System.nanoTime() < until) {
      Thread.sleep(10);
    }
    assertThat(actors().hosting()).as("the stream's types are unregistered").isFalse();
  }

  /** An app on the stream: each callback is recorded and answered by {@code answer} ({@code null}: never). */
  private static final class StreamApp implements AutoCloseable {
    final List<SubscribeActorEventsResponseAlpha1> received = new CopyOnWriteArrayList<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    final BlockingQueue<SubscribeActorEventsResponseAlpha1> callbacks = new LinkedBlockingQueue<>();
    private final StreamObserver<SubscribeActorEventsRequestAlpha1> requests;

    StreamApp(SubscribeActorEventsRequestInitialAlpha1 initial,
        Function<SubscribeActorEventsResponseAlpha1, SubscribeActorEventsRequestAlpha1> answer) throws Exception {
      CompletableFuture<Void> acknowledged = new CompletableFuture<>();
      StreamObserver<SubscribeActorEventsRequestAlpha1>[] out = new StreamObserver[1];
      requests = ClientCalls.asyncBidiStreamingCall(sidecar.channel.newCall(ActorCallbackStream.METHOD,
          CallOptions.DEFAULT), new StreamObserver<>() {
            @Override
            public void onNext(SubscribeActorEventsResponseAlpha1 m) {
              received.add(m);
              if (m.hasInitialResponse()) {
                acknowledged.complete(null);
                return;
              }
              callbacks.add(m);
              SubscribeActorEventsRequestAlpha1 reply = answer.apply(m);
              if (reply != null) {
                synchronized (out) {
                  out[0].onNext(reply);
                }
              }
            }

            @Override
            public void onError(Throwable t) {
              closed.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              closed.complete(Status.OK);
            }
          });
      out[0] = requests;
      synchronized (out) {
        requests.onNext(SubscribeActorEventsRequestAlpha1.newBuilder().setInitialRequest(initial).build());
      }
      acknowledged.get(10, TimeUnit.SECONDS);
    }

    /** Ends the stream as an app that goes away does (a cancel). */
    void cancel() throws Exception {
      ((ClientCallStreamObserver<SubscribeActorEventsRequestAlpha1>) requests).cancel("the app stops", null);
      closed.get(10, TimeUnit.SECONDS);
    }

    SubscribeActorEventsResponseAlpha1 nextCallback() throws InterruptedException {
      SubscribeActorEventsResponseAlpha1 m = callbacks.poll(10, TimeUnit.SECONDS);
      assertThat(m).as("a callback arrived").isNotNull();
      return m;
    }

    /** Ends the stream as an app that stops does (half-close), and waits for the sidecar's end of it. */
    @Override
    public void close() throws Exception {
      if (!closed.isDone()) {
        requests.onCompleted();
      }
      closed.get(10, TimeUnit.SECONDS);
    }
  }

  private static SubscribeActorEventsRequestInitialAlpha1 cart() {
    return SubscribeActorEventsRequestInitialAlpha1.newBuilder().addEntities("Cart")
        .setActorIdleTimeout(Duration.newBuilder().setSeconds(3600))
        .setReentrancy(ActorReentrancyConfig.newBuilder().setEnabled(false))
        .addEntitiesConfig(ActorEntityConfig.newBuilder().addEntities("Cart")
            .setDrainOngoingCallTimeout(Duration.newBuilder().setSeconds(5)))
        .build();
  }

  private static SubscribeActorEventsRequestAlpha1 invoked(SubscribeActorEventsResponseAlpha1 call, String data,
      boolean error) {
    SubscribeActorEventsResponseInvokeRequestAlpha1 r = call.getInvokeRequest();
    return SubscribeActorEventsRequestAlpha1.newBuilder().setInvokeResponse(
        SubscribeActorEventsRequestInvokeResponseAlpha1.newBuilder().setId(r.getId())
            .setData(ByteString.copyFromUtf8(data)).putMetadata("content-type", "application/json").setError(error))
        .build();
  }

  private static InvokeActorRequest invoke(String id, String method, String data) {
    return InvokeActorRequest.newBuilder().setActorType("Cart").setActorId(id).setMethod(method)
        .setData(ByteString.copyFromUtf8(data)).putMetadata("k", "v").build();
  }

  @Test
  void anActorCallReachesTheAppOverTheStreamAndItsAnswerTheCaller() throws Exception {
    app = new StreamApp(cart(), m -> invoked(m, "{\"got\":" + m.getInvokeRequest().getData().toStringUtf8() + "}",
        false));
    assertThat(actors().hosting()).isTrue();
    assertThat(actors().config().of("Cart").drainTimeout()).isEqualTo(java.time.Duration.ofSeconds(5));
    assertThat(actors().config().of("Cart").idleTimeout()).isEqualTo(java.time.Duration.ofHours(1));

    InvokeActorResponse r = sidecar.stub().invokeActor(invoke("1", "total", "{\"item\":1}"));
    assertThat(r.getData().toStringUtf8()).isEqualTo("{\"got\":{\"item\":1}}");
    SubscribeActorEventsResponseInvokeRequestAlpha1 call = app.nextCallback().getInvokeRequest();
    assertThat(call.getId()).isEqualTo("1");
    assertThat(call.getActorType()).isEqualTo("Cart");
    assertThat(call.getActorId()).isEqualTo("1");
    assertThat(call.getMethod()).isEqualTo("total");
    assertThat(call.getData().toStringUtf8()).isEqualTo("{\"item\":1}");
    assertThat(call.getMetadataMap()).containsEntry("k", "v");

    sidecar.stub().invokeActor(invoke("2", "total", "2"));
    assertThat(app.nextCallback().getInvokeRequest().getId()).as("the next id of the connection").isEqualTo("2");
  }

  @Test
  void anErrorAnswerReachesTheCallerAsDaprdRendersActorErrors() throws Exception {
    app = new StreamApp(cart(), m -> invoked(m, "{\"code\":\"INVALID\",\"msg\":\"bad input\"}", true));
    InvokeActorResponse r = sidecar.stub().invokeActor(invoke("1", "explode", ""));
    assertThat(r.getData().toStringUtf8()).as("gRPC answers an actor error's body with OK, as daprd")
        .isEqualTo("{\"code\":\"INVALID\",\"msg\":\"bad input\"}");
  }

  @Test
  void aMethodTheAppDoesNotKnowFailsOnceWithoutRetry() throws Exception {
    app = new StreamApp(cart(), m -> SubscribeActorEventsRequestAlpha1.newBuilder().setRequestFailed(
        SubscribeActorEventsRequestFailedAlpha1.newBuilder().setId(m.getInvokeRequest().getId())
            .setCode(Status.Code.NOT_FOUND.value()).setMessage("no method")).build());
    GrpcErrors e = GrpcErrors.of(() -> sidecar.stub().invokeActor(invoke("1", "missing", "")));
    assertThat(e.status().getCode()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.status().getDescription()).isEqualTo("error invoke actor method: actor method not found: missing");
    assertThat(app.nextCallback().getInvokeRequest().getMethod()).isEqualTo("missing");
    Thread.sleep(500);
    assertThat(app.callbacks).as("no retry after NotFound, as daprd").isEmpty();
    assertThat(app.received).as("the initial response and one call").hasSize(2);
  }

  @Test
  void aTimerFiresOverTheStream() throws Exception {
    app = new StreamApp(cart(), m -> SubscribeActorEventsRequestAlpha1.newBuilder().setTimerResponse(
        SubscribeActorEventsRequestReminderResponseAlpha1.newBuilder().setId(m.getTimerRequest().getId())
            .setCancel(true)).build());
    sidecar.stub().registerActorTimer(RegisterActorTimerRequest.newBuilder().setActorType("Cart").setActorId("3")
        .setName("tick").setDueTime("0s").setPeriod("1s").setCallback("onTick")
        .setData(ByteString.copyFromUtf8("hi")).build());
    SubscribeActorEventsResponseTimerRequestAlpha1 timer = app.nextCallback().getTimerRequest();
    assertThat(timer.getActorType()).isEqualTo("Cart");
    assertThat(timer.getActorId()).isEqualTo("3");
    assertThat(timer.getName()).isEqualTo("tick");
    assertThat(timer.getCallback()).isEqualTo("onTick");
    assertThat(timer.getData().unpack(BytesValue.class).getValue().toStringUtf8())
        .as("the data as daprd keeps a gRPC timer's bytes: their JSON").isEqualTo("\"aGk=\"");
    Thread.sleep(1500);
    assertThat(app.callbacks).as("the app cancelled the timer").isEmpty();
  }

  @Test
  void theEndOfTheStreamFailsCallsInFlightAndUnregistersTheTypes() throws Exception {
    app = new StreamApp(cart(), m -> null);
    CompletableFuture<GrpcErrors> inFlight = CompletableFuture.supplyAsync(
        () -> GrpcErrors.of(() -> sidecar.stub().invokeActor(invoke("1", "slow", ""))));
    app.nextCallback();
    app.close();
    assertThat(inFlight.get(10, TimeUnit.SECONDS).status().getDescription())
        .isEqualTo("error invoke actor method: actor host disconnected before responding");
    awaitNotHosting();
    GrpcErrors after = GrpcErrors.of(() -> sidecar.stub().invokeActor(invoke("1", "total", "")));
    assertThat(after.status().getDescription()).as("no type is hosted: without placement, as daprd")
        .isEqualTo("placement service is not configured");
    assertThat(sidecar.runtime.blocks().get(io.jdaprd.core.actors.callbackstream.ActorCallbackStreams.class)
        .connections().connected()).isFalse();
    app = null;
  }

  @Test
  void aCancelledStreamUnregistersItsTypesToo() throws Exception {
    app = new StreamApp(cart(), m -> invoked(m, "1", false));
    sidecar.stub().invokeActor(invoke("1", "total", ""));
    app.cancel();
    awaitNotHosting();
    app = null;
  }

  @Test
  void theFirstMessageMustBeTheInitialRequest() throws Exception {
    RawCalls.Result<SubscribeActorEventsResponseAlpha1> r = RawCalls.call(sidecar.channel, ActorCallbackStream.METHOD,
        SubscribeActorEventsRequestAlpha1.newBuilder().setRequestFailed(
            SubscribeActorEventsRequestFailedAlpha1.newBuilder().setId("1")).build());
    assertThat(r.status().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(r.status().getDescription()).isEqualTo("first message must be SubscribeActorEventsRequestInitialAlpha1");
    assertThat(r.messages()).isEmpty();
    assertThat(actors().hosting()).isFalse();
  }

  @Test
  void anHttpAppMayNotOpenTheStream() throws Exception {
    try (Sidecar http = Sidecar.options().appPort(1).start()) {
      RawCalls.Result<SubscribeActorEventsResponseAlpha1> r = RawCalls.call(http.channel, ActorCallbackStream.METHOD,
          SubscribeActorEventsRequestAlpha1.newBuilder().setInitialRequest(cart()).build());
      assertThat(r.status().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(r.status().getDescription()).isEqualTo("actor callback streaming requires a gRPC app channel");
      assertThat(r.messages()).isEmpty();
    }
  }
}
