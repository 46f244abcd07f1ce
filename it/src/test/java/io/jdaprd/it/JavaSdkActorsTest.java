package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.actors.ActorId;
import io.dapr.actors.ActorType;
import io.dapr.actors.client.ActorClient;
import io.dapr.actors.client.ActorProxyBuilder;
import io.dapr.actors.runtime.AbstractActor;
import io.dapr.actors.runtime.ActorRuntime;
import io.dapr.actors.runtime.ActorRuntimeContext;
import io.dapr.actors.runtime.Remindable;
import io.dapr.config.Properties;
import io.dapr.utils.TypeRef;
import io.dapr.v1.DaprActorsProtos.ListActorRemindersRequest;
import io.dapr.v1.DaprActorsProtos.NamedActorReminder;
import io.dapr.v1.DaprGrpc;
import io.grpc.ManagedChannel;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/**
 * The official Java actors SDK ({@code io.dapr:dapr-sdk-actors}, unchanged) on both sides of a jdaprd sidecar with
 * self-placement: its {@link ActorRuntime} hosts {@code Counter} behind {@link SdkActorApp} (the app side, which
 * calls the sidecar back over gRPC for state, timers and reminders), and {@link ActorProxyBuilder} proxies call it
 * through the sidecar. The Java SDK has no reentrancy setting (its runtime config has none), so reentrancy is covered
 * by the JS SDK test.
 */
class JavaSdkActorsTest {
  /** What the actor's timer and reminder callbacks received, as "actorId:kind:name:payload". */
  static final Queue<String> FIRED = new ConcurrentLinkedQueue<>();

  private static ActorRuntime runtime;
  private static SdkActorApp app;
  private static SidecarProcess sidecar;
  private static ActorClient client;
  private static ManagedChannel channel;
  private static Http http;

  /** The actor interface the proxies implement. */
  @ActorType(name = "Counter")
  public interface Counter {
    int add(int n);

    int count();

    void startTimer(String note);

    /** The timer's callback (the SDK finds callbacks among the actor interface's methods). */
    Mono<Void> onTick(String note);

    void startReminder(String note);

    void stopReminder();
  }

  /** The actor: a count kept in actor state, a timer and a reminder that record their deliveries. */
  public static class CounterActor extends AbstractActor implements Counter, Remindable<String> {
    public CounterActor(ActorRuntimeContext<CounterActor> context, ActorId id) {
      super(context, id);
    }

    @Override
    public int add(int n) {
      int now = getActorStateManager().contains("count").block()
          ? getActorStateManager().get("count", Integer.class).block() + n : n;
      getActorStateManager().set("count", now).block();
      return now;
    }

    @Override
    public int count() {
      return getActorStateManager().contains("count").block()
          ? getActorStateManager().get("count", Integer.class).block() : 0;
    }

    @Override
    public void startTimer(String note) {
      registerActorTimer("tick", "onTick", note, Duration.ZERO, Duration.ofHours(1)).block();
    }

    @Override
    public Mono<Void> onTick(String note) {
      FIRED.add(getId() + ":timer:tick:" + note);
      return Mono.empty();
    }

    @Override
    public void startReminder(String note) {
      registerReminder("ping", note, Duration.ZERO, Duration.ofHours(1)).block();
    }

    @Override
    public void stopReminder() {
      unregisterReminder("ping").block();
    }

    @Override
    public TypeRef<String> getStateType() {
      return TypeRef.STRING;
    }

    @Override
    public Mono<Void> receiveReminder(String name, String state, Duration dueTime, Duration period) {
      FIRED.add(getId() + ":reminder:" + name + ":" + state + ":" + period.toHours() + "h");
      return Mono.empty();
    }
  }

  @BeforeAll
  static void start() throws Exception {
    int appPort;
    try (ServerSocket s = new ServerSocket(0)) {
      appPort = s.getLocalPort();
    }
    sidecar = SidecarProcess.withAppId("it-java-actors").args("--app-port", String.valueOf(appPort))
        .readiness("/v1.0/healthz/outbound").start();
    Properties properties = new Properties(Map.of(Properties.SIDECAR_IP.getName(), "127.0.0.1",
        Properties.GRPC_PORT.getName(), String.valueOf(sidecar.grpcPort()),
        Properties.HTTP_PORT.getName(), String.valueOf(sidecar.httpPort())));
    runtime = ActorRuntime.getInstance(properties);
    runtime.registerActor(CounterActor.class);
    app = new SdkActorApp(runtime, appPort);
    http = new Http(sidecar);
    await(Duration.ofSeconds(20), () -> http.get("/v1.0/metadata").body().contains("\"RUNNING\""));
    client = new ActorClient(properties);
    channel = GrpcFailure.channel(sidecar);
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  /** Polls {@code condition} every 50 ms for up to {@code limit}. */
  static void await(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not reached within " + limit + "; fired so far: " + FIRED);
      }
      Thread.sleep(50);
    }
  }

  private static Counter proxy(String id) {
    return new ActorProxyBuilder<>(Counter.class, client).build(new ActorId(id));
  }

  @Test
  void proxiesCallTheActorAndItsStateIsKeptInTheActorStore() {
    Counter counter = proxy("a");
    assertThat(counter.add(2)).isEqualTo(2);
    assertThat(counter.add(3)).isEqualTo(5);
    assertThat(proxy("a").count()).isEqualTo(5);
    assertThat(proxy("b").count()).as("another actor has its own state").isZero();
    HttpResponse<String> stored = http.get("/v1.0/actors/Counter/a/state/count");
    assertThat(stored.statusCode()).isEqualTo(200);
    assertThat(stored.body()).isEqualTo("5");
  }

  @Test
  void callsToOneActorTakeTurns() throws Exception {
    Counter counter = proxy("turns");
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<Integer>> calls = IntStream.range(0, 40).mapToObj(i -> pool.submit(() -> counter.add(1)))
          .toList();
      for (Future<Integer> f : calls) {
        f.get();
      }
    }
    assertThat(counter.count()).as("no read-modify-write of the count overlapped another").isEqualTo(40);
  }

  @Test
  void timersAndRemindersReachTheActor() throws Exception {
    proxy("t").startTimer("hello");
    await(Duration.ofSeconds(15), () -> FIRED.contains("t:timer:tick:hello"));

    proxy("r").startReminder("note");
    // The tick carries no period (daprd 1.18's ticks from Scheduler send an empty one, which the SDK reads as 0);
    // the reminder itself keeps its period, in Scheduler's form.
    await(Duration.ofSeconds(15), () -> FIRED.contains("r:reminder:ping:note:0h"));
    List<NamedActorReminder> listed = DaprGrpc.newBlockingStub(channel).listActorReminders(
        ListActorRemindersRequest.newBuilder().setActorType("Counter").setActorId("r").build()).getRemindersList();
    assertThat(listed).extracting(NamedActorReminder::getName).containsExactly("ping");
    assertThat(listed.getFirst().getReminder().getPeriod()).isEqualTo("@every 1h0m0s");
    assertThat(listed.getFirst().getReminder().getActorId()).isEqualTo("r");

    proxy("r").stopReminder();
    assertThat(http.get("/v1.0/actors/Counter/r/reminders/ping").statusCode()).isEqualTo(404);
  }
}
