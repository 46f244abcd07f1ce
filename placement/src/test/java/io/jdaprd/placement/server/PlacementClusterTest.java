package io.jdaprd.placement.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.jdaprd.placement.client.ActorTables;
import io.jdaprd.placement.client.PlacementClient;
import io.jdaprd.placement.hashing.ActorHost;
import io.jdaprd.placement.hashing.VirtualNodeCache;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.HostOperation;
import io.jdaprd.proto.placement.v1.PlacementGrpc;
import io.jdaprd.proto.placement.v1.PlacementOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The placement service with real gRPC clients in one JVM: rounds, tables, owners, departures, timeouts. */
class PlacementClusterTest {
  private PlacementServer server;
  private final List<PlacementClient> clients = new ArrayList<>();
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() {
    server = PlacementServer.start(PlacementServer.Options.defaults().withPort(0)
        .withDisseminateTimeout(Duration.ofSeconds(1)));
  }

  @AfterEach
  void stop() {
    clients.forEach(PlacementClient::close);
    channels.forEach(ManagedChannel::shutdownNow);
    server.close();
  }

  private PlacementClient client(String address, String namespace, List<String> types) {
    PlacementClient c = PlacementClient.start(new PlacementClient.Options(
        List.of("127.0.0.1:" + server.port()), address, "app-" + address, namespace, Duration.ofSeconds(30)),
        types, new PlacementClient.Listener() { });
    clients.add(c);
    return c;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static Set<String> hostsOf(PlacementClient c, String type) {
    var ring = c.tables().rings().get(type);
    return ring == null ? Set.of() : ring.hosts().keySet();
  }

  private static Optional<ActorHost> owner(PlacementClient c, String type, String id) {
    return c.lookup(type, id).orTimeout(5, TimeUnit.SECONDS).join();
  }

  @Test
  void threeSidecarsGetTheSameTablesAndOwners() throws Exception {
    PlacementClient a = client("10.0.0.1:50001", "default", List.of("counter", "timer"));
    PlacementClient b = client("10.0.0.2:50002", "default", List.of("counter"));
    PlacementClient c = client("10.0.0.3:50003", "default", List.of("counter"));
    Set<String> all = Set.of("10.0.0.1:50001", "10.0.0.2:50002", "10.0.0.3:50003");
    for (PlacementClient x : List.of(a, b, c)) {
      assertThat(x.awaitReady(Duration.ofSeconds(5))).isTrue();
      await("all hosts in every table", () -> hostsOf(x, "counter").equals(all) && x.isReady());
      assertThat(hostsOf(x, "timer")).containsExactly("10.0.0.1:50001");
    }
    ActorTables reference = ActorTables.of(server.tables("default"), 0, new VirtualNodeCache());
    Set<String> owners = new HashSet<>();
    for (int i = 0; i < 60; i++) {
      String id = "actor-" + i;
      ActorHost expected = reference.owner("counter", id).orElseThrow();
      for (PlacementClient x : List.of(a, b, c)) {
        assertThat(owner(x, "counter", id)).contains(expected);
      }
      owners.add(expected.address());
    }
    assertThat(owners).as("actors spread over the hosts").isEqualTo(all);
    assertThat(owner(b, "timer", "t1").orElseThrow().address()).isEqualTo("10.0.0.1:50001");
    assertThat(owner(b, "nosuchtype", "x")).isEmpty();
    assertThat(a.tables().version()).isEqualTo(b.tables().version()).isEqualTo(c.tables().version());
  }

  @Test
  void aSidecarLeavingIsRemovedFromEveryTable() throws Exception {
    PlacementClient a = client("10.0.0.1:50001", "default", List.of("counter"));
    PlacementClient b = client("10.0.0.2:50002", "default", List.of("counter"));
    PlacementClient c = client("10.0.0.3:50003", "default", List.of("counter"));
    for (PlacementClient x : List.of(a, b, c)) {
      await("three hosts", () -> hostsOf(x, "counter").size() == 3 && x.isReady());
    }
    long before = a.tables().version();
    c.close();
    clients.remove(c);
    for (PlacementClient x : List.of(a, b)) {
      await("two hosts", () -> hostsOf(x, "counter").equals(Set.of("10.0.0.1:50001", "10.0.0.2:50002"))
          && x.isReady());
    }
    assertThat(a.tables().version()).isGreaterThan(before);
    for (int i = 0; i < 30; i++) {
      assertThat(owner(a, "counter", "id" + i).orElseThrow().address()).isNotEqualTo("10.0.0.3:50003")
          .isEqualTo(owner(b, "counter", "id" + i).orElseThrow().address());
    }
  }

  @Test
  void aSidecarThatStopsAcknowledgingIsDroppedAfterTheDisseminationTimeout() throws Exception {
    PlacementClient a = client("10.0.0.1:50001", "default", List.of("counter"));
    await("ready", () -> a.isReady() && hostsOf(a, "counter").size() == 1);
    List<PlacementOrder> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    StreamObserver<Host> mute = rawStream(received, ended);
    mute.onNext(Host.newBuilder().setName("10.0.0.9:50009").setId("mute").setNamespace("default")
        .addEntities("counter").setOperation(HostOperation.REPORT).build());
    Throwable error = ended.get(5, TimeUnit.SECONDS);
    Status status = ((StatusRuntimeException) error).getStatus();
    assertThat(status.getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(status.getDescription()).matches("dissemination timeout after 1s for version \\d+");
    assertThat(received).isNotEmpty().allMatch(o -> o.getOperation().equals("lock"));
    await("the mute host is gone", () -> a.isReady() && hostsOf(a, "counter").equals(Set.of("10.0.0.1:50001")));
    assertThat(server.tables("default").getEntriesMap().get("counter").getLoadMapMap()).containsOnlyKeys(
        "10.0.0.1:50001");
  }

  @Test
  void manySidecarsJoiningAtOnceEndWithOneTable() throws Exception {
    List<PlacementClient> joined = new ArrayList<>();
    Set<String> all = new HashSet<>();
    for (int i = 1; i <= 6; i++) {
      String address = "10.0.1." + i + ":5000";
      all.add(address);
      joined.add(client(address, "default", List.of("counter")));
    }
    for (PlacementClient x : joined) {
      await("every host in every table", () -> x.isReady() && hostsOf(x, "counter").equals(all));
    }
    long version = joined.get(0).tables().version();
    assertThat(joined).allMatch(x -> x.tables().version() == version);
  }

  @Test
  void aSidecarLeavingMidRoundLetsTheRoundFinishWithoutTheTimeout() throws Exception {
    try (PlacementServer patient = PlacementServer.start(PlacementServer.Options.defaults().withPort(0)
        .withDisseminateTimeout(Duration.ofSeconds(30)))) {
      PlacementClient a = PlacementClient.start(new PlacementClient.Options(List.of("127.0.0.1:" + patient.port()),
          "10.0.0.1:50001", "a", "default", Duration.ofSeconds(30)), List.of("counter"),
          new PlacementClient.Listener() { });
      clients.add(a);
      await("ready", () -> a.isReady() && hostsOf(a, "counter").size() == 1);
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", patient.port()).usePlaintext().build();
      channels.add(ch);
      List<PlacementOrder> received = new CopyOnWriteArrayList<>();
      StreamObserver<Host> mute = PlacementGrpc.newStub(ch).reportDaprStatus(observer(received,
          new CompletableFuture<>()));
      mute.onNext(Host.newBuilder().setName("10.0.0.9:50009").setId("mute").setNamespace("default")
          .addEntities("counter").setOperation(HostOperation.REPORT).build());
      await("the round waits for the mute sidecar", () -> !received.isEmpty());
      Thread.sleep(200);
      assertThat(a.isReady()).isTrue();
      assertThat(hostsOf(a, "counter")).hasSize(1); // still the old table: the round is stuck at lock
      mute.onCompleted();
      await("the round goes on without it", () -> a.isReady() && hostsOf(a, "counter").equals(
          Set.of("10.0.0.1:50001")) && a.tables().version() > 2);
    }
  }

  @Test
  void aSidecarOfTheUnversionedProtocolMovesRoundsWithEveryReport() throws Exception {
    PlacementClient a = client("10.0.0.1:50001", "default", List.of("counter"));
    await("ready", a::isReady);
    List<PlacementOrder> received = new CopyOnWriteArrayList<>();
    StreamObserver<Host> legacy = rawStream(received, new CompletableFuture<>());
    Host heartbeat = Host.newBuilder().setName("10.0.0.8:50008").setId("old").setNamespace("default")
        .addEntities("counter").build();
    legacy.onNext(heartbeat);
    for (String expected : List.of("lock", "update", "unlock")) {
      await(expected + " reaches the old sidecar", () -> received.stream()
          .anyMatch(o -> o.getOperation().equals(expected)));
      legacy.onNext(heartbeat);
    }
    await("the old sidecar is placed", () -> a.isReady() && hostsOf(a, "counter").equals(
        Set.of("10.0.0.1:50001", "10.0.0.8:50008")));
    PlacementOrder update = received.stream().filter(o -> o.getOperation().equals("update")).findFirst()
        .orElseThrow();
    assertThat(update.getTables().getReplicationFactor()).isEqualTo(100);
    assertThat(update.getTables().getEntriesMap().get("counter").getLoadMapMap())
        .containsOnlyKeys("10.0.0.1:50001", "10.0.0.8:50008");
  }

  @Test
  void aSidecarWithoutActorsGetsTheTablesAndNamespacesAreApart() throws Exception {
    PlacementClient host = client("10.0.0.1:50001", "default", List.of("counter"));
    PlacementClient caller = client("10.0.0.2:50002", "default", List.of());
    PlacementClient other = client("10.0.0.3:50003", "other", List.of("counter"));
    await("caller ready", caller::isReady);
    await("host ready", host::isReady);
    assertThat(owner(caller, "counter", "x").orElseThrow().address()).isEqualTo("10.0.0.1:50001");
    await("other ready", other::isReady);
    assertThat(hostsOf(other, "counter")).containsExactly("10.0.0.3:50003");
    assertThat(hostsOf(host, "counter")).containsExactly("10.0.0.1:50001");
  }

  @Test
  void newActorTypesAreReported() throws Exception {
    PlacementClient a = client("10.0.0.1:50001", "default", List.of("counter"));
    await("ready", a::isReady);
    a.updateEntities(List.of("counter", "cart"));
    await("cart placed", () -> hostsOf(a, "cart").equals(Set.of("10.0.0.1:50001")));
  }

  @Test
  void malformedReportsAreRefusedAsDaprdRefusesThem() throws Exception {
    assertThat(refusal(Host.newBuilder().setName("h:1").setNamespace("default").build()))
        .isEqualTo(Status.INVALID_ARGUMENT.withDescription("host ID and namespace must be provided").toString());
    assertThat(refusal(Host.newBuilder().setName("h:1").setId("a").setNamespace("default").setVersion(3).build()))
        .isEqualTo(Status.INVALID_ARGUMENT
            .withDescription("both operation and version must be set or both must be unset").toString());
    assertThat(refusal(Host.newBuilder().setName("h:1").setId("a").setNamespace("default")
        .addEntities("dapr.internal.default.b.workflow").setOperation(HostOperation.REPORT).build()))
        .isEqualTo(Status.PERMISSION_DENIED.withDescription(
            "entity dapr.internal.default.b.workflow is not allowed for app ID a in namespace default").toString());
  }

  @Test
  void aReplicaThatDoesNotLeadRefusesSidecars() throws Exception {
    try (PlacementServer follower = PlacementServer.start(new PlacementServer.Options("127.0.0.1", 0, "placement-2",
        100, Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(8), () -> false))) {
      ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", follower.port()).usePlaintext().build();
      channels.add(ch);
      CompletableFuture<Throwable> ended = new CompletableFuture<>();
      StreamObserver<Host> s = PlacementGrpc.newStub(ch).reportDaprStatus(observer(new ArrayList<>(), ended));
      s.onNext(Host.newBuilder().setName("h:1").setId("a").setNamespace("default").build());
      Status status = ((StatusRuntimeException) ended.get(5, TimeUnit.SECONDS)).getStatus();
      assertThat(status.getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(status.getDescription())
          .isEqualTo("node id=placement-2 is not a leader. Only the leader can serve requests");
    }
  }

  private String refusal(Host host) throws Exception {
    CompletableFuture<Throwable> ended = new CompletableFuture<>();
    rawStream(new ArrayList<>(), ended).onNext(host);
    return ((StatusRuntimeException) ended.get(5, TimeUnit.SECONDS)).getStatus().toString();
  }

  private StreamObserver<Host> rawStream(List<PlacementOrder> received, CompletableFuture<Throwable> ended) {
    ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    channels.add(ch);
    return PlacementGrpc.newStub(ch).reportDaprStatus(observer(received, ended));
  }

  private static StreamObserver<PlacementOrder> observer(List<PlacementOrder> received,
      CompletableFuture<Throwable> ended) {
    return new StreamObserver<>() {
      @Override
      public void onNext(PlacementOrder value) {
        received.add(value);
      }

      @Override
      public void onError(Throwable t) {
        ended.complete(t);
      }

      @Override
      public void onCompleted() {
        ended.complete(new IllegalStateException("completed"));
      }
    };
  }
}
