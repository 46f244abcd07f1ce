package io.jdaprd.placement.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.jdaprd.placement.client.PlacementClient;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.PlacementGrpc;
import io.jdaprd.proto.placement.v1.PlacementOrder;
import io.jdaprd.spi.testkit.backend.EtcdServer;
import io.jdaprd.spi.testkit.backend.PrivateServer;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Two placement replicas on a private etcd ({@link EtcdLeadership}): one leads, the other refuses sidecars as daprd's
 * followers do; when the leader stops, is killed, loses its lease or loses etcd, the other takes over and the
 * sidecars, given both addresses, follow it and get tables whose versions go on from the old leader's.
 */
class EtcdReplicasTest {
  private static final Duration TTL = Duration.ofSeconds(3);
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static EtcdServer etcd;

  private String prefix;
  private final List<AutoCloseable> resources = new ArrayList<>();

  @BeforeAll
  static void startEtcd() throws Exception {
    etcd = EtcdServer.start("the placement replica tests");
  }

  @AfterAll
  static void stopEtcd() {
    if (etcd != null) {
      etcd.close();
    }
  }

  @BeforeEach
  void prefix(TestInfo test) throws Exception {
    prefix = "/test/" + test.getTestMethod().orElseThrow().getName() + "-" + PREFIXES.incrementAndGet();
    etcd.startAgain();
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable r : resources.reversed()) {
      r.close();
    }
  }

  private PlacementServer replica(String id) {
    return replica(id, TTL);
  }

  private PlacementServer replica(String id, Duration ttl) {
    PlacementServer s = PlacementServer.start(PlacementServer.Options.defaults().withPort(0)
        .withDisseminateTimeout(Duration.ofSeconds(5))
        .withLeadership(id, EtcdLeadership.start(List.of(etcd.clientUrl()), prefix, id, ttl)));
    resources.add(s);
    return s;
  }

  private PlacementClient client(String address, int... ports) {
    List<String> addresses = new ArrayList<>();
    for (int p : ports) {
      addresses.add("127.0.0.1:" + p);
    }
    PlacementClient c = PlacementClient.start(new PlacementClient.Options(addresses, address, "app-" + address,
        "default", Duration.ofSeconds(30)), List.of("counter"), new PlacementClient.Listener() { });
    resources.add(c);
    return c;
  }

  private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Set<String> hosts(PlacementClient c) {
    var ring = c.tables().rings().get("counter");
    return ring == null ? Set.of() : ring.hosts().keySet();
  }

  private static boolean placed(PlacementClient c, Set<String> all) {
    return c.isReady() && hosts(c).equals(all);
  }

  /** The one of {@code replicas} that leads, after waiting for exactly one to lead. */
  private static PlacementServer leader(PlacementServer... replicas) throws InterruptedException {
    await("exactly one replica leads", Duration.ofSeconds(15),
        () -> List.of(replicas).stream().filter(PlacementServer::isLeader).count() == 1);
    return List.of(replicas).stream().filter(PlacementServer::isLeader).findFirst().orElseThrow();
  }

  /** Two replicas, which of them leads, and one sidecar placed by the leader with its first tables' version. */
  private record Pair(PlacementServer a, PlacementServer b, PlacementServer leader, PlacementServer follower,
      PlacementClient sidecar, long version) {
  }

  /** Starts two replicas with leases of {@code ttl} and a sidecar given the leader's address first. */
  private Pair placedPair(Duration ttl) throws Exception {
    PlacementServer a = replica("placement-a", ttl);
    PlacementServer b = replica("placement-b", ttl);
    PlacementServer leader = leader(a, b);
    PlacementServer follower = leader == a ? b : a;
    PlacementClient x = client("10.0.0.1:50001", leader.port(), follower.port());
    await("tables", Duration.ofSeconds(10), () -> placed(x, Set.of("10.0.0.1:50001")));
    return new Pair(a, b, leader, follower, x, x.tables().version());
  }

  @Test
  void oneReplicaLeadsTheOtherRefusesAndSidecarsFindTheLeader() throws Exception {
    PlacementServer a = replica("placement-a");
    PlacementServer b = replica("placement-b");
    PlacementServer leader = leader(a, b);
    PlacementServer follower = leader == a ? b : a;
    for (int i = 0; i < 10; i++) {
      Thread.sleep(100);
      assertThat(leader.isLeader()).isTrue();
      assertThat(follower.isLeader()).isFalse();
    }
    Status refusal = refusal(follower.port());
    assertThat(refusal.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(refusal.getDescription()).isEqualTo("node id=" + (follower == a ? "placement-a" : "placement-b")
        + " is not a leader. Only the leader can serve requests");
    // Each sidecar starts with the follower's address: it is refused there and moves on to the leader.
    PlacementClient x = client("10.0.0.1:50001", follower.port(), leader.port());
    PlacementClient y = client("10.0.0.2:50002", follower.port(), leader.port());
    Set<String> all = Set.of("10.0.0.1:50001", "10.0.0.2:50002");
    for (PlacementClient c : List.of(x, y)) {
      await("tables from the leader", Duration.ofSeconds(10), () -> placed(c, all));
    }
    assertThat(leader.tables("default").getEntriesMap().get("counter").getLoadMapMap()).containsOnlyKeys(all);
    assertThat(follower.tables("default").getEntriesMap()).isEmpty();
  }

  @Test
  void whenTheLeaderStopsTheOtherLeadsAtOnceAndVersionsGoOn() throws Exception {
    PlacementServer a = replica("placement-a");
    PlacementServer b = replica("placement-b");
    PlacementServer leader = leader(a, b);
    PlacementServer follower = leader == a ? b : a;
    PlacementClient x = client("10.0.0.1:50001", leader.port(), follower.port());
    PlacementClient y = client("10.0.0.2:50002", leader.port(), follower.port());
    Set<String> all = Set.of("10.0.0.1:50001", "10.0.0.2:50002");
    for (PlacementClient c : List.of(x, y)) {
      await("tables from the first leader", Duration.ofSeconds(10), () -> placed(c, all));
    }
    long before = Math.max(x.tables().version(), y.tables().version());
    long stopped = System.nanoTime();
    resources.remove(leader);
    leader.close();
    await("the other replica leads", Duration.ofSeconds(2), follower::isLeader);
    assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("no lease to wait for").isLessThan(TTL);
    for (PlacementClient c : List.of(x, y)) {
      await("tables from the new leader", Duration.ofSeconds(10),
          () -> placed(c, all) && c.tables().version() > before);
    }
  }

  @Test
  void aKilledLeaderProcessIsReplacedOnceItsLeaseExpires() throws Exception {
    int port = PrivateServer.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        PlacementMain.class.getName(), "--port", Integer.toString(port), "--healthz-port", "-1", "--listen-address",
        "127.0.0.1", "--id", "placement-process", "--etcd-endpoints", etcd.clientUrl(), "--etcd-prefix", prefix,
        "--etcd-lease-ttl", TTL.toSeconds() + "s")
        .redirectErrorStream(true).redirectOutput(new File("target/placement-replica-process.log")).start();
    resources.add(() -> {
      process.destroyForcibly();
      process.waitFor();
    });
    PlacementClient x = client("10.0.0.1:50001", port);
    await("the process leads and serves", Duration.ofSeconds(20), () -> placed(x, Set.of("10.0.0.1:50001")));
    PlacementServer b = replica("placement-b");
    Thread.sleep(500);
    assertThat(b.isLeader()).as("the second replica waits").isFalse();
    PlacementClient y = client("10.0.0.2:50002", port, b.port());
    Set<String> all = Set.of("10.0.0.1:50001", "10.0.0.2:50002");
    await("both placed by the process", Duration.ofSeconds(10), () -> placed(x, all) && placed(y, all));
    long before = x.tables().version();
    process.destroyForcibly().waitFor(); // SIGKILL: no resignation, the lease must expire
    long killed = System.nanoTime();
    await("the second replica leads within the lease's TTL", TTL.plusSeconds(3), b::isLeader);
    assertThat(Duration.ofNanos(System.nanoTime() - killed)).isGreaterThan(TTL.dividedBy(3));
    PlacementClient z = client("10.0.0.3:50003", port, b.port());
    PlacementClient x2 = client("10.0.0.1:50001", port, b.port()); // x only knew the killed process
    Set<String> now = Set.of("10.0.0.1:50001", "10.0.0.2:50002", "10.0.0.3:50003");
    for (PlacementClient c : List.of(x2, y, z)) {
      await("tables from the new leader, newer than the killed one's", Duration.ofSeconds(10),
          () -> placed(c, now) && c.tables().version() > before);
    }
  }

  @Test
  void aRevokedLeaseEndsLeadershipAndItsStreams() throws Exception {
    Pair pair = placedPair(TTL);
    PlacementServer a = pair.a();
    PlacementServer b = pair.b();
    PlacementServer leader = pair.leader();
    PlacementClient x = pair.sidecar();
    long before = pair.version();
    try (Client admin = Client.builder().endpoints(etcd.clientUrl()).build()) {
      ByteSequence election = ByteSequence.from(prefix + "/leader", StandardCharsets.UTF_8);
      long lease = admin.getElectionClient().leader(election).get(5, TimeUnit.SECONDS).getKv().getLease();
      admin.getLeaseClient().revoke(lease).get(5, TimeUnit.SECONDS);
    }
    await("the old leader steps down", Duration.ofSeconds(3), () -> !leader.isLeader());
    await("the sidecar was cut off", Duration.ofSeconds(3), () -> !x.isReady());
    await("a leader again", Duration.ofSeconds(10), () -> a.isLeader() || b.isLeader());
    await("tables from the leader, newer", Duration.ofSeconds(10),
        () -> placed(x, Set.of("10.0.0.1:50001")) && x.tables().version() > before);
    assertThat(a.isLeader() && b.isLeader()).isFalse();
  }

  @Test
  void losingEtcdEndsLeadershipUntilItIsBack() throws Exception {
    Pair pair = placedPair(TTL);
    PlacementServer a = pair.a();
    PlacementServer b = pair.b();
    PlacementServer leader = pair.leader();
    PlacementClient x = pair.sidecar();
    long before = pair.version();
    etcd.stop();
    await("nobody leads without etcd", TTL.plusSeconds(1), () -> !a.isLeader() && !b.isLeader());
    await("the sidecar was cut off", Duration.ofSeconds(3), () -> !x.isReady());
    assertThat(refusal(leader.port()).getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    etcd.startAgain();
    leader(a, b);
    await("tables again, newer", Duration.ofSeconds(20),
        () -> placed(x, Set.of("10.0.0.1:50001")) && x.tables().version() > before);
  }

  @Test
  void anEtcdRestartShorterThanTheLeaseIsRiddenOut() throws Exception {
    Pair pair = placedPair(Duration.ofSeconds(10));
    PlacementServer leader = pair.leader();
    PlacementServer follower = pair.follower();
    PlacementClient x = pair.sidecar();
    long version = pair.version();
    AtomicInteger lapses = new AtomicInteger();
    Thread watcher = Thread.ofVirtual().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        if (!leader.isLeader() || follower.isLeader() || !x.isReady()) {
          lapses.incrementAndGet();
        }
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    etcd.restart();
    Thread.sleep(3000); // the keep-alives and the election's observation resume on the restarted etcd
    watcher.interrupt();
    watcher.join();
    assertThat(lapses.get()).as("moments without the same leader and its sidecar").isZero();
    assertThat(x.tables().version()).as("no new round").isEqualTo(version);
    Status refusal = refusal(follower.port());
    assertThat(refusal.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
  }

  /** The status a replica ends a new sidecar stream with. */
  private Status refusal(int port) throws Exception {
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    resources.add(ch::shutdownNow);
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    StreamObserver<Host> s = PlacementGrpc.newStub(ch).reportDaprStatus(new StreamObserver<PlacementOrder>() {
      @Override
      public void onNext(PlacementOrder value) {
      }

      @Override
      public void onError(Throwable t) {
        ended.complete(t);
      }

      @Override
      public void onCompleted() {
        ended.complete(new IllegalStateException("completed"));
      }
    });
    s.onNext(Host.newBuilder().setName("h:1").setId("a").setNamespace("default").build());
    return ((StatusRuntimeException) ended.get(5, TimeUnit.SECONDS)).getStatus();
  }
}
