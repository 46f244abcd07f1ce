package io.jdaprd.placement.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jdaprd.placement.hashing.ActorHost;
import io.jdaprd.placement.server.PlacementServer;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.HostOperation;
import io.jdaprd.proto.placement.v1.PlacementGrpc;
import io.jdaprd.proto.placement.v1.PlacementOrder;
import io.jdaprd.proto.placement.v1.PlacementTable;
import io.jdaprd.proto.placement.v1.PlacementTables;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sidecar's side of the rounds, against a scripted placement service, and its reconnection. */
class PlacementClientTest {
  /** A placement service whose orders the test writes and whose received messages it reads. */
  static final class Scripted extends PlacementGrpc.PlacementImplBase {
    final BlockingQueue<Host> received = new LinkedBlockingQueue<>();
    /** The stream opened last: orders go there. */
    volatile CompletableFuture<StreamObserver<PlacementOrder>> stream = new CompletableFuture<>();

    @Override
    public synchronized StreamObserver<Host> reportDaprStatus(StreamObserver<PlacementOrder> responses) {
      if (!stream.complete(responses)) {
        stream = CompletableFuture.completedFuture(responses);
      }
      return new StreamObserver<>() {
        @Override
        public void onNext(Host value) {
          received.add(value);
        }

        @Override
        public void onError(Throwable t) {
        }

        @Override
        public void onCompleted() {
        }
      };
    }

    Host next() throws InterruptedException {
      Host h = received.poll(5, TimeUnit.SECONDS);
      assertThat(h).as("a message from the client").isNotNull();
      return h;
    }

    void order(String op, long version, PlacementTables tables) throws Exception {
      PlacementOrder.Builder o = PlacementOrder.newBuilder().setOperation(op).setVersion(version);
      if (tables != null) {
        o.setTables(tables);
      }
      stream.get(5, TimeUnit.SECONDS).onNext(o.build());
    }
  }

  private Server fake;
  private PlacementClient client;

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    if (fake != null) {
      fake.shutdownNow();
    }
  }

  private static PlacementTables table(String type, String... addresses) {
    PlacementTable.Builder t = PlacementTable.newBuilder();
    for (String a : addresses) {
      t.putLoadMap(a, Host.newBuilder().setName(a).setId("app-" + a).setNamespace("ns").addEntities(type).build());
    }
    return PlacementTables.newBuilder().setReplicationFactor(100).putEntries(type, t.build()).build();
  }

  @Test
  void followsARoundAndHoldsChangedTypesUntilUnlock() throws Exception {
    Scripted script = new Scripted();
    fake = NettyServerBuilder.forPort(0).addService(script).build().start();
    List<Set<String>> changes = new CopyOnWriteArrayList<>();
    client = PlacementClient.start(new PlacementClient.Options(List.of("127.0.0.1:" + fake.getPort()), "10.1.1.1:5000",
        "me", "ns", Duration.ofSeconds(30)), List.of("counter"), new PlacementClient.Listener() {
          @Override
          public void tablesUpdated(ActorTables tables, Set<String> changedTypes) {
            changes.add(changedTypes);
          }
        });
    Host report = script.next();
    assertThat(report.getOperation()).isEqualTo(HostOperation.REPORT);
    assertThat(report.getName()).isEqualTo("10.1.1.1:5000");
    assertThat(report.getId()).isEqualTo("me");
    assertThat(report.getNamespace()).isEqualTo("ns");
    assertThat(report.getEntitiesList()).containsExactly("counter");
    assertThat(report.hasVersion()).isFalse();

    CompletableFuture<Optional<ActorHost>> early = client.lookup("counter", "a");
    script.order("lock", 1, null);
    Host lockAck = script.next();
    assertThat(lockAck.getOperation()).isEqualTo(HostOperation.LOCK);
    assertThat(lockAck.getVersion()).isEqualTo(1);
    assertThat(lockAck.getId()).isEqualTo("me");
    assertThat(early).as("no tables yet").isNotDone();
    script.order("update", 1, table("counter", "10.1.1.1:5000"));
    assertThat(script.next().getOperation()).isEqualTo(HostOperation.UPDATE);
    assertThat(changes).containsExactly(Set.of("counter"));
    Thread.sleep(100);
    assertThat(early).as("held until unlock").isNotDone();
    assertThat(client.isReady()).isFalse();
    script.order("unlock", 1, null);
    assertThat(script.next().getOperation()).isEqualTo(HostOperation.UNLOCK);
    assertThat(early.get(5, TimeUnit.SECONDS).orElseThrow().address()).isEqualTo("10.1.1.1:5000");
    assertThat(client.isReady()).isTrue();
    assertThat(client.isLocal("10.1.1.1:5000")).isTrue();

    // A second round that leaves "counter" as it was holds nothing.
    script.order("lock", 2, null);
    script.next();
    PlacementTables two = table("counter", "10.1.1.1:5000").toBuilder()
        .putAllEntries(table("cart", "10.1.1.2:5000").getEntriesMap()).build();
    script.order("update", 2, two);
    script.next();
    assertThat(changes.get(1)).containsExactly("cart");
    assertThat(client.lookup("counter", "a").get(5, TimeUnit.SECONDS)).isPresent();
    CompletableFuture<Optional<ActorHost>> cart = client.lookup("cart", "x");
    Thread.sleep(100);
    assertThat(cart).isNotDone();
    script.order("unlock", 2, null);
    script.next();
    assertThat(cart.get(5, TimeUnit.SECONDS).orElseThrow().address()).isEqualTo("10.1.1.2:5000");
    assertThat(client.lookup("unknown", "x").get(5, TimeUnit.SECONDS)).isEmpty();
  }

  @Test
  void theFirstTablesOfANewConnectionHoldEveryTypeUntilUnlockEvenWhenTheyEqualTheLastOnes() throws Exception {
    Scripted script = new Scripted();
    fake = NettyServerBuilder.forPort(0).addService(script).build().start();
    List<Set<String>> changes = new CopyOnWriteArrayList<>();
    AtomicInteger disconnects = new AtomicInteger();
    client = PlacementClient.start(new PlacementClient.Options(List.of("127.0.0.1:" + fake.getPort()), "h:1", "me",
        "ns", Duration.ofSeconds(30)), List.of("counter"), new PlacementClient.Listener() {
          @Override
          public void tablesUpdated(ActorTables tables, Set<String> changedTypes) {
            changes.add(changedTypes);
          }

          @Override
          public void disconnected() {
            disconnects.incrementAndGet();
          }
        });
    script.next();
    roundOf(script, 1, table("counter", "h:1", "h:2"));
    assertThat(client.lookup("counter", "a").get(5, TimeUnit.SECONDS)).isPresent();

    // The leader goes away: while this sidecar reconnects, the other one may have owned every actor alone.
    script.stream.get(5, TimeUnit.SECONDS).onError(io.grpc.Status.UNAVAILABLE.asRuntimeException());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (disconnects.get() == 0) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
    CompletableFuture<Optional<ActorHost>> waiting = client.lookup("counter", "a");
    assertThat(script.next().getOperation()).as("the new connection's report").isEqualTo(HostOperation.REPORT);
    script.order("lock", 3, null);
    script.next();
    script.order("update", 3, table("counter", "h:1", "h:2"));
    assertThat(script.next().getOperation()).isEqualTo(HostOperation.UPDATE);
    assertThat(changes.get(changes.size() - 1)).as("told as changed").containsExactly("counter");
    Thread.sleep(100);
    assertThat(waiting).as("held until every sidecar drained, though the tables are the old ones").isNotDone();
    script.order("unlock", 3, null);
    assertThat(script.next().getOperation()).isEqualTo(HostOperation.UNLOCK);
    assertThat(waiting.get(5, TimeUnit.SECONDS)).isPresent();
  }

  /** A whole round of {@code version} with {@code tables}, each phase acknowledged. */
  private static void roundOf(Scripted script, long version, PlacementTables tables) throws Exception {
    script.order("lock", version, null);
    assertThat(script.next().getOperation()).isEqualTo(HostOperation.LOCK);
    script.order("update", version, tables);
    assertThat(script.next().getOperation()).isEqualTo(HostOperation.UPDATE);
    script.order("unlock", version, null);
    assertThat(script.next().getOperation()).isEqualTo(HostOperation.UNLOCK);
  }

  @Test
  void anOldUpdateEndsTheConnectionAndTheClientComesBack() throws Exception {
    Scripted first = new Scripted();
    fake = NettyServerBuilder.forPort(0).addService(first).build().start();
    AtomicInteger disconnects = new AtomicInteger();
    client = PlacementClient.start(new PlacementClient.Options(List.of("127.0.0.1:" + fake.getPort()), "h:1", "me",
        "ns", Duration.ofSeconds(30)), List.of("counter"), new PlacementClient.Listener() {
          @Override
          public void disconnected() {
            disconnects.incrementAndGet();
          }
        });
    first.next();
    first.order("lock", 5, null);
    first.next();
    first.order("update", 4, table("counter", "h:1"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (disconnects.get() == 0) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
    assertThat(first.received.poll(300, TimeUnit.MILLISECONDS)).as("no ack of the old update").isNull();
  }

  @Test
  void triesTheAddressesInTurnAndReconnectsAfterTheServiceRestarts() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    int dead;
    try (ServerSocket s = new ServerSocket(0)) {
      dead = s.getLocalPort();
    }
    AtomicInteger disconnects = new AtomicInteger();
    PlacementServer server = PlacementServer.start(PlacementServer.Options.defaults().withPort(port));
    try {
      client = PlacementClient.start(new PlacementClient.Options(List.of("127.0.0.1:" + dead, "127.0.0.1:" + port),
          "h:1", "me", "ns", Duration.ofSeconds(30)), List.of("counter"), new PlacementClient.Listener() {
            @Override
            public void disconnected() {
              disconnects.incrementAndGet();
            }
          });
      assertThat(client.awaitReady(Duration.ofSeconds(5))).isTrue();
      server.close();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (client.isReady()) {
        assertThat(System.nanoTime()).isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(disconnects.get()).isPositive();
      CompletableFuture<Optional<ActorHost>> waiting = client.lookup("counter", "x");
      Thread.sleep(200);
      assertThat(waiting).as("lookups wait for the next connection's tables").isNotDone();
      server = PlacementServer.start(PlacementServer.Options.defaults().withPort(port));
      while (!client.isReady()) {
        assertThat(System.nanoTime()).as("ready again").isLessThan(deadline + TimeUnit.SECONDS.toNanos(5));
        Thread.sleep(20);
      }
      assertThat(server.tables("ns").getEntriesMap().get("counter").getLoadMapMap()).containsOnlyKeys("h:1");
      assertThat(waiting.get(5, TimeUnit.SECONDS).orElseThrow().address()).isEqualTo("h:1");
    } finally {
      server.close();
    }
  }
}
