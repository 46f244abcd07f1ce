package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.domain.UnlockResponseStatus;
import io.dapr.config.Properties;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprLockProtos.TryLockRequest;
import io.dapr.v1.DaprLockProtos.TryLockResponse;
import io.dapr.v1.DaprLockProtos.UnlockRequest;
import io.dapr.v1.DaprLockProtos.UnlockResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.jdaprd.components.redis.RedisServer;
import io.jdaprd.spi.testkit.timing.Poll;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
/**
 * The distributed lock through whole sidecars: two sidecars of one app ({@code it-lock}) share a private Redis
 * through {@code lock.redis}, as two replicas would. Raw HTTP and gRPC answers and every error byte for byte as
 * daprd words them; 50 owners racing across both sidecars; expiry; a release by another owner. A Redis restart
 * (without persistence) loses every lock: while Redis is down both calls answer {@code ERR_TRY_LOCK}/
 * {@code ERR_UNLOCK} 500 (gRPC Internal), and once it is back a lock held before is free and its former owner's
 * release answers {@code LOCK_DOES_NOT_EXIST}. That check runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LockTest {
  private static final String APP_ID = "it-lock";
  private static RedisServer redis;
  private static SidecarProcess a;
  private static SidecarProcess b;
  private static Http httpA;
  private static Http httpB;
  private static ManagedChannel channelA;
  private static ManagedChannel channelB;
  private static DaprGrpc.DaprBlockingStub grpcA;
  private static DaprGrpc.DaprBlockingStub grpcB;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    Path resources = Files.createTempDirectory(Locations.targetDir(), "lock-resources");
    Files.writeString(resources.resolve("lockstore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: lockstore
        spec:
          type: lock.redis
          version: v1
          metadata:
          - name: redisHost
            value: "127.0.0.1:%d"
        """.formatted(redis.port()));
    a = SidecarProcess.withAppId(APP_ID).resources(resources).start();
    b = SidecarProcess.withAppId(APP_ID).resources(resources).start();
    httpA = new Http(a);
    httpB = new Http(b);
    channelA = GrpcFailure.channel(a);
    channelB = GrpcFailure.channel(b);
    grpcA = GrpcFailure.stub(channelA);
    grpcB = GrpcFailure.stub(channelB);
  }

  @AfterAll
  static void stop() {
    for (ManagedChannel c : new ManagedChannel[] {channelA, channelB}) {
      if (c != null) {
        c.shutdownNow();
      }
    }
    for (SidecarProcess s : new SidecarProcess[] {a, b}) {
      if (s != null) {
        s.close();
      }
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static String resource(String name) {
    return name + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static String lockBody(String resourceId, String owner, int expiry) {
    return "{\"resourceId\":\"" + resourceId + "\",\"lockOwner\":\"" + owner + "\",\"expiryInSeconds\":" + expiry
        + "}";
  }

  private static String unlockBody(String resourceId, String owner) {
    return "{\"resourceId\":\"" + resourceId + "\",\"lockOwner\":\"" + owner + "\"}";
  }

  private static boolean grpcTry(DaprGrpc.DaprBlockingStub stub, String resourceId, String owner, int expiry) {
    @SuppressWarnings("deprecation")
    TryLockResponse r = stub.tryLockAlpha1(TryLockRequest.newBuilder().setStoreName("lockstore")
        .setResourceId(resourceId).setLockOwner(owner).setExpiryInSeconds(expiry).build());
    return r.getSuccess();
  }

  @SuppressWarnings("deprecation")
  private static UnlockResponse.Status grpcUnlock(DaprGrpc.DaprBlockingStub stub, String resourceId, String owner) {
    return stub.unlockAlpha1(UnlockRequest.newBuilder().setStoreName("lockstore").setResourceId(resourceId)
        .setLockOwner(owner).build()).getStatus();
  }

  private static void httpAnswers(HttpResponse<String> r, int status, String body) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(body);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
  }

  /** GET of a raw Redis key over RESP (inline command), the reply's first line and value. */
  private static String redisGet(String key) throws Exception {
    try (Socket s = new Socket("127.0.0.1", redis.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("GET " + key + "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      s.setSoTimeout(5000);
      InputStream in = s.getInputStream();
      byte[] buffer = new byte[512];
      int n = in.read(buffer);
      return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }
  }

  @Test
  @Order(1)
  @DisplayName("HTTP: {\"success\":true|false}, {\"status\":0|1|2}; the key is daprd's lock||app||id")
  void httpAnswersAsDaprd() throws Exception {
    String r = resource("http");
    httpAnswers(httpA.post("/v1.0-alpha1/lock/lockstore", lockBody(r, "alice", 60)), 200, "{\"success\":true}");
    assertThat(redisGet("lock||" + APP_ID + "||" + r)).isEqualTo("$5\r\nalice\r\n");
    httpAnswers(httpB.post("/v1.0-alpha1/lock/lockstore", lockBody(r, "bob", 60)), 200, "{\"success\":false}");
    httpAnswers(httpB.post("/v1.0-alpha1/unlock/lockstore", unlockBody(r, "bob")), 200, "{\"status\":2}");
    httpAnswers(httpB.post("/v1.0-alpha1/unlock/lockstore",
        "{\"resource_id\":\"" + r + "\",\"lock_owner\":\"alice\"}"), 200, "{\"status\":0}");
    httpAnswers(httpA.post("/v1.0-alpha1/unlock/lockstore", unlockBody(r, "alice")), 200, "{\"status\":1}");
    httpAnswers(httpA.post("/v1.0-alpha1/lock/lockstore",
        "{\"resourceId\":\"" + r + "\",\"lockOwner\":\"carol\",\"expiryInSeconds\":\"60\"}"), 200,
        "{\"success\":true}");
  }

  @Test
  @Order(2)
  @DisplayName("gRPC: TryLockAlpha1 and UnlockAlpha1 answer the same, across both sidecars")
  void grpcAnswersAsDaprd() {
    String r = resource("grpc");
    assertThat(grpcTry(grpcA, r, "alice", 60)).isTrue();
    assertThat(grpcTry(grpcB, r, "bob", 60)).isFalse();
    assertThat(grpcUnlock(grpcB, r, "bob")).isEqualTo(UnlockResponse.Status.LOCK_BELONGS_TO_OTHERS);
    assertThat(grpcUnlock(grpcB, r, "alice")).isEqualTo(UnlockResponse.Status.SUCCESS);
    assertThat(grpcUnlock(grpcA, r, "alice")).isEqualTo(UnlockResponse.Status.LOCK_DOES_NOT_EXIST);
  }

  @Test
  @Order(3)
  @DisplayName("every error path, in daprd's order, byte for byte on HTTP and as status and message on gRPC")
  @SuppressWarnings("deprecation")
  void errorsAsDaprd() {
    String[][] cases = {
        // path, body, HTTP status, body, gRPC code name, gRPC message
        {"lock/nostore", lockBody("", "", 0), "400", "ERR_MALFORMED_REQUEST",
            "ExpiryInSeconds is not positive in lock store nostore", "INVALID_ARGUMENT"},
        {"lock/nostore", lockBody("", "o", 5), "400", "ERR_MALFORMED_REQUEST",
            "ResourceId is empty in lock store nostore", "INVALID_ARGUMENT"},
        {"unlock/nostore", unlockBody("r", ""), "400", "ERR_MALFORMED_REQUEST",
            "LockOwner is empty in lock store nostore", "INVALID_ARGUMENT"},
        {"unlock/nostore", unlockBody("r", "o"), "400", "ERR_LOCK_STORE_NOT_FOUND", "lock store nostore not found",
            "INVALID_ARGUMENT"},
        {"lock/lockstore", lockBody("a||b", "o", 5), "500", "ERR_TRY_LOCK",
            "failed to try acquiring lock: input key/keyPrefix 'a||b' can't contain '||'", "INTERNAL"},
        {"unlock/lockstore", unlockBody("a||b", "o"), "500", "ERR_UNLOCK",
            "failed to release lock: input key/keyPrefix 'a||b' can't contain '||'", "INTERNAL"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = httpA.post("/v1.0-alpha1/" + c[0], c[1]);
      assertThat(r.statusCode()).as(c[0] + " " + c[1]).isEqualTo(Integer.parseInt(c[2]));
      assertThat(r.body()).isEqualTo("{\"errorCode\":\"" + c[3] + "\",\"message\":\"" + c[4] + "\"}");
    }
    GrpcFailure f = GrpcFailure.of(() -> grpcA.tryLockAlpha1(TryLockRequest.newBuilder().setStoreName("nostore")
        .build()));
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.message()).isEqualTo(cases[0][4]);
    f = GrpcFailure.of(() -> grpcA.tryLockAlpha1(TryLockRequest.newBuilder().setStoreName("nostore")
        .setLockOwner("o").setExpiryInSeconds(5).build()));
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.message()).isEqualTo(cases[1][4]);
    f = GrpcFailure.of(() -> grpcA.unlockAlpha1(UnlockRequest.newBuilder().setStoreName("nostore")
        .setResourceId("r").build()));
    assertThat(f.message()).isEqualTo(cases[2][4]);
    f = GrpcFailure.of(() -> grpcA.unlockAlpha1(UnlockRequest.newBuilder().setStoreName("nostore")
        .setResourceId("r").setLockOwner("o").build()));
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.message()).isEqualTo(cases[3][4]);
    f = GrpcFailure.of(() -> grpcA.tryLockAlpha1(TryLockRequest.newBuilder().setStoreName("lockstore")
        .setResourceId("a||b").setLockOwner("o").setExpiryInSeconds(5).build()));
    assertThat(f.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(f.message()).isEqualTo(cases[4][4]);
    f = GrpcFailure.of(() -> grpcA.unlockAlpha1(UnlockRequest.newBuilder().setStoreName("lockstore")
        .setResourceId("a||b").setLockOwner("o").build()));
    assertThat(f.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(f.message()).isEqualTo(cases[5][4]);

    HttpResponse<String> malformed = httpA.post("/v1.0-alpha1/lock/lockstore", "{not json");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).startsWith("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"failed "
        + "deserializing HTTP body: proto: ");
    HttpResponse<String> wrongType = httpA.post("/v1.0-alpha1/lock/lockstore",
        "{\"resourceId\":\"r\",\"lockOwner\":\"o\",\"expiryInSeconds\":1.5}");
    assertThat(wrongType.statusCode()).isEqualTo(400);
    assertThat(wrongType.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"failed "
        + "deserializing HTTP body: proto: invalid value for int32 field expiryInSeconds: 1.5\"}");
  }

  @Test
  @Order(4)
  @DisplayName("50 owners racing across both sidecars (HTTP on one, gRPC on the other): exactly one holds the lock")
  void mutualExclusionAcrossSidecars() throws Exception {
    String r = resource("race");
    ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> racers = new ArrayList<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    try {
      for (int i = 0; i < 50; i++) {
        String owner = "owner-" + i;
        boolean viaHttp = i % 2 == 0;
        racers.add(threads.submit(() -> {
          go.await();
          boolean won = viaHttp
              ? httpA.post("/v1.0-alpha1/lock/lockstore", lockBody(r, owner, 60)).body().equals("{\"success\":true}")
              : grpcTry(grpcB, r, owner, 60);
          if (won) {
            winners.add(owner);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> racer : racers) {
        racer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(winners).hasSize(1);
    String winner = winners.peek();
    assertThat(grpcUnlock(grpcA, r, winner.equals("owner-0") ? "owner-1" : "owner-0"))
        .isEqualTo(UnlockResponse.Status.LOCK_BELONGS_TO_OTHERS);
    assertThat(grpcUnlock(grpcA, r, winner)).isEqualTo(UnlockResponse.Status.SUCCESS);
  }

  @Test
  @Order(5)
  @DisplayName("a lock expires after its seconds; its former owner's release then answers LOCK_BELONGS_TO_OTHERS")
  void expiry() throws Exception {
    String r = resource("expiry");
    assertThat(grpcTry(grpcA, r, "alice", 1)).isTrue();
    assertThat(grpcTry(grpcB, r, "bob", 1)).isFalse();
    Poll.await("the 1 s lock to expire", Duration.ofSeconds(5), () -> grpcTry(grpcB, r, "bob", 60));
    assertThat(grpcUnlock(grpcA, r, "alice")).isEqualTo(UnlockResponse.Status.LOCK_BELONGS_TO_OTHERS);
    assertThat(grpcUnlock(grpcA, r, "bob")).isEqualTo(UnlockResponse.Status.SUCCESS);
  }

  @Test
  @Order(6)
  @DisplayName("the Java SDK's preview client: tryLock, unlock by another owner, unlock, and an error")
  void javaSdk() throws Exception {
    String r = resource("java-sdk");
    try (DaprPreviewClient client = new DaprClientBuilder()
        .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.HTTP_PORT, String.valueOf(a.httpPort()))
        .withPropertyOverride(Properties.GRPC_PORT, String.valueOf(a.grpcPort()))
        .buildPreviewClient()) {
      assertThat(client.tryLock("lockstore", r, "alice", 60).block()).isTrue();
      assertThat(client.tryLock("lockstore", r, "bob", 60).block()).isFalse();
      assertThat(client.unlock("lockstore", r, "bob").block()).isEqualTo(UnlockResponseStatus.LOCK_BELONG_TO_OTHERS);
      assertThat(client.unlock("lockstore", r, "alice").block()).isEqualTo(UnlockResponseStatus.SUCCESS);
      assertThat(client.unlock("lockstore", r, "alice").block()).isEqualTo(UnlockResponseStatus.LOCK_UNEXIST);
      io.dapr.exceptions.DaprException e = org.assertj.core.api.Assertions.catchThrowableOfType(
          io.dapr.exceptions.DaprException.class, () -> client.tryLock("nostore", r, "alice", 60).block());
      assertThat(e.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
      assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: lock store nostore not found");
    }
  }

  @Test
  @Order(7)
  @DisplayName("the JS SDK over HTTP and gRPC (it/js/lock-test.mjs)")
  void jsSdk() throws Exception {
    String problem = NodeJs.problem("LockTest.jsSdk");
    org.junit.jupiter.api.Assumptions.assumeTrue(problem == null, () -> problem);
    NodeJs.installIfNeeded();
    NodeJs.Script script = NodeJs.run("lock-test.mjs", java.util.Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT",
        String.valueOf(b.httpPort()), "DAPR_GRPC_PORT", String.valueOf(b.grpcPort()), "RUN",
        UUID.randomUUID().toString().substring(0, 8)), "js-lock-test.out");
    assertThat(script.exitCode()).as("node lock-test.mjs:%n%s", script.output()).isZero();
    assertThat(script.lines()).as(script.output()).hasSize(15);
    assertThat(script.lines().get(14).get("failures").asInt()).isZero();
  }

  @Test
  @Order(100)
  @DisplayName("Redis restarting without persistence: 500 ERR_TRY_LOCK/ERR_UNLOCK while down, then locks are gone")
  void redisRestartLosesLocks() throws Exception {
    String r = resource("restart");
    assertThat(grpcTry(grpcA, r, "alice", 60)).isTrue();
    redis.stop();
    HttpResponse<String> down = httpB.post("/v1.0-alpha1/lock/lockstore", lockBody(r, "bob", 60));
    assertThat(down.statusCode()).isEqualTo(500);
    assertThat(down.body()).startsWith("{\"errorCode\":\"ERR_TRY_LOCK\",\"message\":\"failed to try acquiring lock: "
        + "redis lock store lockstore: try lock failed: redis at 127.0.0.1:" + redis.port());
    GrpcFailure f = GrpcFailure.of(() -> grpcUnlock(grpcA, r, "alice"));
    assertThat(f.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(f.message()).startsWith("failed to release lock: redis lock store lockstore: unlock failed");
    redis.startAgain();
    Poll.untilPasses("both sidecars to reach Redis again", Duration.ofSeconds(15), () -> {
      assertThat(httpB.post("/v1.0-alpha1/unlock/lockstore", unlockBody(r, "alice")).body())
          .isEqualTo("{\"status\":1}");
      assertThat(grpcUnlock(grpcA, r, "alice")).isEqualTo(UnlockResponse.Status.LOCK_DOES_NOT_EXIST);
    });
    assertThat(grpcTry(grpcB, r, "bob", 60)).as("the lock held before the restart is free").isTrue();
  }
}
