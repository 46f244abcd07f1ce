package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.components.kafka.KafkaServer;
import io.jdaprd.components.postgresql.PostgresServer;
import io.jdaprd.components.rabbitmq.RabbitMqServer;
import io.jdaprd.components.redis.RedisServer;
import io.jdaprd.it.FaultTarget.Answer;
import io.jdaprd.spi.testkit.backend.FaultProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backends misbehaving under a running sidecar: Redis and PostgreSQL state stores and RabbitMQ and Kafka pub/subs,
 * each reached through a {@link FaultProxy} (the private servers of the test kit behind it), suffer in turn added
 * latency, reset connections, a black hole (connections kept, no byte through) and refused connections, each fault
 * followed by healing. The four backends suffer each fault at once, and the client calls the sidecar meanwhile:
 *
 * <ul>
 *   <li>with latency under the timeouts, every call succeeds;</li>
 *   <li>a call that fails is answered as daprd answers it: 500 with the catalog's code ({@code ERR_STATE_SAVE},
 *       {@code ERR_STATE_GET}, {@code ERR_PUBSUB_PUBLISH_MESSAGE}) and message wrapping the component's text, with
 *       nothing internal; a black hole yields that error within the component's timeout (Redis {@code readTimeout}
 *       2 s, PostgreSQL {@code timeout} 2 s) or the resiliency timeout (2 s for publishing), plus a margin for a
 *       loaded machine, and no call hangs;</li>
 *   <li>once healed, calls succeed again without restarting the sidecar (the time it took is reported), the
 *       subscriptions deliver again, and every event the sidecar accepted (204) reaches the app;</li>
 *   <li>after the faults the sidecar holds no more threads ({@code /proc/<pid>/task}), sockets
 *       ({@code /proc/<pid>/fd}) and backend connections (counted by the proxies) than before them, beyond a small
 *       margin for pools that grow and shrink.</li>
 * </ul>
 *
 * <p>{@code -Dfaults.cycles=N} repeats the faults N times (1 in {@code ./test}; {@code bench/faults} runs more), so
 * that a leak of one thread or socket per fault shows as growth.
 */
class BackendFaultsTest {
  private static final int CYCLES = Integer.getInteger("faults.cycles", 1);
  private static final Duration LATENCY = Duration.ofMillis(100);
  /** What a blackholed call may take beyond its timeout on a loaded machine. */
  private static final Duration MARGIN = Duration.ofSeconds(4);
  private static final Duration RECOVERY = Duration.ofSeconds(30);
  private static final int CONCURRENT = 4;
  private static final int THREAD_MARGIN = 8;
  private static final int SOCKET_MARGIN = 6;

  private static final ExecutorService POOL = Executors.newVirtualThreadPerTaskExecutor();
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final List<String> REPORT = new ArrayList<>();
  private static final List<AutoCloseable> CLOSE = new ArrayList<>();

  private static SidecarProcess sidecar;
  private static CountingApp app;
  private static final Map<FaultTarget, Duration> TIMEOUTS = new LinkedHashMap<>();
  private static final List<FaultTarget.PubSub> BUSES = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    long started = System.nanoTime();
    AtomicReference<KafkaServer> kafkaRef = new AtomicReference<>();
    FaultProxy kafkaProxy = closing(FaultProxy.start("kafka", () -> kafkaRef.get().port()));
    CompletableFuture<KafkaServer> kafka = async(() -> KafkaServer.startAdvertising(kafkaProxy.port()));
    CompletableFuture<RabbitMqServer> rabbit = async(RabbitMqServer::start);
    CompletableFuture<PostgresServer> postgres = async(PostgresServer::start);
    RedisServer redis = closing(RedisServer.start());
    kafkaRef.set(closing(await(kafka)));
    RabbitMqServer rabbitMq = closing(await(rabbit));
    PostgresServer pg = closing(await(postgres));
    report("backends ready after " + FaultTarget.millisSince(started) + " ms");
    FaultProxy redisProxy = closing(FaultProxy.start("redis", redis.port()));
    FaultProxy pgProxy = closing(FaultProxy.start("postgresql", pg.port()));
    FaultProxy rabbitProxy = closing(FaultProxy.start("rabbitmq", rabbitMq.port()));

    Path resources = Locations.newDirectory("resources-faults-");
    component(resources, "redisstore", "state.redis", Map.of("redisHost", redisProxy.address(),
        "readTimeout", "2s"));
    component(resources, "pgstore", "state.postgresql", Map.of("connectionString", "host=127.0.0.1 port="
        + pgProxy.port() + " user=postgres database=" + pg.createDatabase() + " sslmode=disable",
        "timeout", "2s"));
    component(resources, "rabbitbus", "pubsub.rabbitmq", Map.of("connectionString",
        "amqp://guest:guest@" + rabbitProxy.address(), "durable", "true", "deletedWhenUnused", "false",
        "deliveryMode", "2", "requeueInFailure", "true", "publisherConfirm", "true", "reconnectWaitSeconds", "1",
        "heartBeat", "2s"));
    component(resources, "kafkabus", "pubsub.kafka", Map.of("brokers", kafkaProxy.address(), "authType", "none",
        "consumeRetryInterval", "200ms"));
    Files.writeString(resources.resolve("resiliency.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Resiliency
        metadata:
          name: faults
        spec:
          policies:
            timeouts:
              publish: 2s
          targets:
            components:
              rabbitbus:
                outbound:
                  timeout: publish
              kafkabus:
                outbound:
                  timeout: publish
        """);
    app = closing(new CountingApp(Map.of("rabbit-orders", "rabbitbus", "kafka-orders", "kafkabus")));
    sidecar = SidecarProcess.withAppId("it-faults").resources(resources)
        .args("--app-port", String.valueOf(app.port())).start();
    report("sidecar ready after " + FaultTarget.millisSince(started) + " ms");
    TIMEOUTS.put(new FaultTarget.StateStore("redis", redisProxy, "redisstore", sidecar), Duration.ofSeconds(2));
    TIMEOUTS.put(new FaultTarget.StateStore("postgresql", pgProxy, "pgstore", sidecar), Duration.ofSeconds(2));
    FaultTarget.PubSub rabbitBus = new FaultTarget.PubSub("rabbitmq", rabbitProxy, "rabbitbus", "rabbit-orders",
        sidecar);
    FaultTarget.PubSub kafkaBus = new FaultTarget.PubSub("kafka", kafkaProxy, "kafkabus", "kafka-orders", sidecar);
    TIMEOUTS.put(rabbitBus, Duration.ofSeconds(2));
    TIMEOUTS.put(kafkaBus, Duration.ofSeconds(2));
    BUSES.addAll(List.of(rabbitBus, kafkaBus));
  }

  @AfterAll
  static void stop() {
    REPORT.forEach(System.out::println);
    try {
      Files.write(Locations.targetDir().resolve("backend-faults.txt"), REPORT);
    } catch (IOException e) {
      System.out.println("cannot write the report: " + e);
    }
    if (sidecar != null) {
      sidecar.close();
    }
    for (int i = CLOSE.size() - 1; i >= 0; i--) {
      try {
        CLOSE.get(i).close();
      } catch (Exception e) {
        System.out.println("closing " + CLOSE.get(i) + " failed: " + e);
      }
    }
    POOL.shutdownNow();
  }

  @Test
  void everyBackendSurvivesLatencyResetsBlackHolesAndRefusalsWithoutRestart() throws Exception {
    eachTarget(t -> {
      for (Call call : concurrentCalls(t, "warm")) {
        assertThat(call.answer().ok()).as("%s before any fault: %s", t, call.answer().summary()).isTrue();
      }
      return null;
    });
    awaitDelivered();
    ProcessCounts before = ProcessCounts.of(sidecar.pid(), proxyConnections());
    report("before the faults: " + before);

    for (int cycle = 1; cycle <= CYCLES; cycle++) {
      String c = "c" + cycle + "-";
      report("cycle " + cycle + ", latency " + LATENCY.toMillis() + " ms each way:");
      eachTarget(t -> {
        t.proxy.latency(LATENCY);
        long slowest = 0;
        for (int i = 0; i < 3; i++) {
          Answer a = t.call(id(c + "slow"));
          assertThat(a.ok()).as("%s under latency: %s", t, a.summary()).isTrue();
          slowest = Math.max(slowest, a.millis());
        }
        t.proxy.heal();
        return "every call succeeded, the slowest in " + slowest + " ms";
      });

      report("cycle " + cycle + ", every connection reset (RST):");
      eachTarget(t -> {
        t.proxy.reset();
        return recover(t, c + "reset");
      });

      report("cycle " + cycle + ", black hole (connections held, nothing through), then healed:");
      eachTarget(t -> {
        t.proxy.blackhole();
        long slowest = 0;
        String seen = null;
        for (Call call : concurrentCalls(t, c + "hole")) {
          Answer a = call.answer();
          slowest = Math.max(slowest, a.millis());
          assertThat(a.ok()).as("%s answered a call through a black hole with success", t).isFalse();
          t.checkFailure(call.id(), a);
          seen = a.summary();
        }
        Duration bound = TIMEOUTS.get(t).plus(MARGIN);
        assertThat(slowest).as("%s: the slowest failure took %d ms (timeout %s)", t, slowest, TIMEOUTS.get(t))
            .isLessThanOrEqualTo(bound.toMillis());
        t.proxy.heal();
        return CONCURRENT + " calls failed in at most " + slowest + " ms with " + seen + "; healed: "
            + recover(t, c + "healed");
      });

      report("cycle " + cycle + ", new connections refused (reset at once), then healed:");
      eachTarget(t -> {
        t.proxy.refuse();
        String id = id(c + "refused");
        Answer a = t.call(id);
        if (!a.ok()) {
          t.checkFailure(id, a);
        }
        t.proxy.heal();
        return "a call " + (a.ok() ? "succeeded" : "failed in " + a.millis() + " ms with " + a.summary())
            + "; healed: " + recover(t, c + "reopened");
      });
      report("after cycle " + cycle + ": " + ProcessCounts.of(sidecar.pid(), proxyConnections()));
    }

    awaitDelivered();
    for (FaultTarget t : TIMEOUTS.keySet()) {
      if (t instanceof FaultTarget.StateStore store) {
        assertThat(store.lost()).as("%s: acknowledged saves that do not read back", t).isEmpty();
        report(t + ": all " + store.saved.size() + " acknowledged saves read back");
      } else if (t instanceof FaultTarget.PubSub bus) {
        report(t + ": all " + bus.accepted.size() + " accepted events delivered");
      }
    }
    ProcessCounts after = ProcessCounts.settle(sidecar.pid(), BackendFaultsTest::proxyConnections, before,
        THREAD_MARGIN, SOCKET_MARGIN, Duration.ofSeconds(15));
    report("after " + CYCLES + " cycle(s): " + after);
    assertThat(after.threads()).as("sidecar threads: before %s, after %s", before, after)
        .isLessThanOrEqualTo(before.threads() + THREAD_MARGIN);
    assertThat(after.sockets()).as("sidecar sockets: before %s, after %s", before, after)
        .isLessThanOrEqualTo(before.sockets() + SOCKET_MARGIN);
    before.backendConnections().forEach((backend, n) -> assertThat(after.backendConnections().get(backend))
        .as("connections to %s: before %s, after %s", backend, before, after).isLessThanOrEqualTo(n + 1));
    assertThat(sidecar.isAlive()).isTrue();
  }

  /**
   * Calls until a call succeeds, at most {@link #RECOVERY}: every failure on the way must be daprd's. For a pub/sub,
   * the event of the successful call must then reach the app (the subscription delivers again).
   */
  private static String recover(FaultTarget t, String tag) {
    long started = System.nanoTime();
    int failures = 0;
    String first = null;
    while (true) {
      String id = id(tag);
      Answer a = t.call(id);
      if (a.ok()) {
        break;
      }
      t.checkFailure(id, a);
      failures++;
      first = first == null ? a.summary() : first;
      assertThat(Duration.ofNanos(System.nanoTime() - started)).as("%s did not recover; last answer %s", t,
          a.summary()).isLessThan(RECOVERY);
      CountingApp.pause(100);
    }
    long recovered = FaultTarget.millisSince(started);
    String delivered = "";
    if (t instanceof FaultTarget.PubSub bus) {
      app.awaitSuccess(List.of(bus.accepted.getLast()), RECOVERY);
      delivered = ", its event delivered after " + FaultTarget.millisSince(started) + " ms";
    }
    return (failures == 0 ? "the next call succeeded" : failures + " call(s) failed (first: " + first + ")")
        + ", a call succeeded after " + recovered + " ms" + delivered;
  }

  /** One call's id and answer. */
  private record Call(String id, Answer answer) {
  }

  /** {@value #CONCURRENT} calls at once; their ids and answers. */
  private static List<Call> concurrentCalls(FaultTarget t, String tag) throws Exception {
    List<Future<Call>> calls = new ArrayList<>();
    for (int i = 0; i < CONCURRENT; i++) {
      String id = id(tag);
      calls.add(POOL.submit(() -> new Call(id, t.call(id))));
    }
    List<Call> answers = new ArrayList<>();
    for (Future<Call> call : calls) {
      answers.add(call.get());
    }
    return answers;
  }

  /** Runs {@code step} on every target at once and reports what each returned; rethrows the first failure. */
  private static void eachTarget(Step step) throws Exception {
    Map<FaultTarget, Future<String>> running = new LinkedHashMap<>();
    for (FaultTarget t : TIMEOUTS.keySet()) {
      running.put(t, POOL.submit(() -> step.run(t)));
    }
    Throwable first = null;
    for (Map.Entry<FaultTarget, Future<String>> e : running.entrySet()) {
      try {
        String line = e.getValue().get();
        if (line != null) {
          report("  " + e.getKey() + ": " + line);
        }
      } catch (ExecutionException failure) {
        e.getKey().proxy.heal();
        report("  " + e.getKey() + ": FAILED " + failure.getCause());
        first = first == null ? failure.getCause() : first;
      }
    }
    if (first instanceof Error error) {
      throw error;
    }
    if (first != null) {
      throw (Exception) first;
    }
  }

  /** Waits until every event either bus accepted has reached the app. */
  private static void awaitDelivered() {
    for (FaultTarget.PubSub bus : BUSES) {
      app.awaitSuccess(bus.accepted, RECOVERY);
    }
  }

  private static Map<String, Integer> proxyConnections() {
    Map<String, Integer> out = new LinkedHashMap<>();
    TIMEOUTS.keySet().forEach(t -> out.put(t.name, t.proxy.openConnections()));
    return out;
  }

  private static String id(String tag) {
    return tag + "-" + IDS.incrementAndGet();
  }

  private static synchronized void report(String line) {
    REPORT.add(line);
  }

  private static void component(Path dir, String name, String type, Map<String, String> metadata)
      throws IOException {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: %s
          version: v1
          metadata:
        """.formatted(name, type));
    metadata.forEach((k, v) -> yaml.append("  - name: ").append(k).append("\n    value: \"").append(v)
        .append("\"\n"));
    Files.writeString(dir.resolve(name + ".yaml"), yaml);
  }

  private static <T extends AutoCloseable> T closing(T resource) {
    CLOSE.add(resource);
    return resource;
  }

  private static <T> CompletableFuture<T> async(Callable<T> start) {
    CompletableFuture<T> out = new CompletableFuture<>();
    POOL.submit(() -> {
      try {
        out.complete(start.call());
      } catch (Throwable t) {
        out.completeExceptionally(t);
      }
    });
    return out;
  }

  /** What {@code started} gave; its failure as it was thrown (a missing binary skips the test, as elsewhere). */
  private static <T> T await(CompletableFuture<T> started) throws Exception {
    try {
      return started.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** One step of a fault cycle on one target; returns the line to report, or {@code null}. */
  @FunctionalInterface
  private interface Step {
    String run(FaultTarget t) throws Exception;
  }
}
