package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.testkit.backend.EtcdServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Actors across sidecars: two replicas of the placement service ({@code jdaprd placement}, electing their leader in
 * a private etcd) and three sidecars of one app id given both replicas' addresses, each with an app hosting
 * {@code Counter} ({@link ActorCluster}), sharing one SQLite actor state store. Actors spread over the hosts; a call
 * through any sidecar reaches the one owner; killing a sidecar (SIGKILL) under load moves its actors to the others
 * with no double activation or overlapping turn, and reminders keep firing; killing the leading placement replica
 * under load hands the sidecars to the other one, and actors keep answering.
 */
class ActorsPlacementClusterTest {
  private static final int HOSTS = 3;
  private static final Pattern HOST = Pattern.compile("\\{\"host\":(\\d)}");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static EtcdServer etcd;
  private static final List<Process> placements = new ArrayList<>();
  private static final List<Integer> placementHealthz = new ArrayList<>();
  private static ActorCluster apps;
  private static final List<SidecarProcess> sidecars = new ArrayList<>();
  private static final List<Integer> internalPorts = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    etcd = EtcdServer.start("the actors placement cluster test");
    List<String> addresses = new ArrayList<>();
    Path dir = Locations.newDirectory("placement", "placement-");
    for (int i = 0; i < 2; i++) {
      int port = freePort();
      int healthz = freePort();
      addresses.add("127.0.0.1:" + port);
      placementHealthz.add(healthz);
      List<String> command = new ArrayList<>(Locations.javaCommand());
      command.addAll(List.of("-jar", Locations.jar().toString(), "placement", "--port", String.valueOf(port),
          "--healthz-port", String.valueOf(healthz), "--listen-address", "127.0.0.1", "--healthz-listen-address",
          "127.0.0.1", "--metadata-enabled", "--id", "placement-" + i, "--etcd-endpoints", etcd.clientUrl(),
          "--etcd-lease-ttl", "3s"));
      placements.add(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("placement-" + i + ".log").toFile()).start());
    }
    for (int healthz : placementHealthz) {
      assertThat(CountingApp.waitFor(() -> healthy(healthz), Duration.ofSeconds(60))).as("placement healthz")
          .isTrue();
    }

    Path resources = Locations.newDirectory("actor-cluster", "resources-");
    Files.writeString(resources.resolve("statestore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: actorstore
        spec:
          type: state.sqlite
          version: v1
          metadata:
          - name: connectionString
            value: "%s"
          - name: actorStateStore
            value: "true"
        """.formatted(resources.resolve("actors.db").toString().replace(File.separatorChar, '/')));
    apps = new ActorCluster(HOSTS);
    List<CompletableFuture<SidecarProcess>> starting = new ArrayList<>();
    for (int i = 0; i < HOSTS; i++) {
      int host = i;
      int internal = freePort();
      internalPorts.add(internal);
      starting.add(CompletableFuture.supplyAsync(() -> SidecarProcess.withAppId("it-cluster").resources(resources)
          .args("--app-port", String.valueOf(apps.port(host)), "--placement-host-address",
              String.join(",", addresses),
              "--dapr-internal-grpc-port", String.valueOf(internal))
          .start()));
    }
    for (CompletableFuture<SidecarProcess> s : starting) {
      sidecars.add(s.join());
    }
    // Every host is on the ring once actors of all three answer through the first sidecar.
    assertThat(CountingApp.waitFor(() -> hostsSeen(0, 40).size() == HOSTS, Duration.ofSeconds(60)))
        .as("actors on all three hosts").isTrue();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      sidecars.stream().filter(SidecarProcess::isAlive).forEach(SidecarProcess::close);
    } finally {
      if (apps != null) {
        apps.close();
      }
      for (Process placement : placements) {
        placement.destroy();
        placement.waitFor();
      }
      if (etcd != null) {
        etcd.close();
      }
    }
  }

  @Test
  void actorsSpreadAndEveryCallReachesTheOneOwnerThenSurviveAKilledHost() throws Exception {
    // Spread, and one owner whatever the sidecar called.
    Set<Integer> owners = new HashSet<>();
    for (int a = 0; a < 30; a++) {
      String id = "a" + a;
      int first = hostOf(call(0, id));
      owners.add(first);
      for (int s = 1; s < HOSTS; s++) {
        assertThat(hostOf(call(s, id))).as("owner of %s through sidecar %d", id, s).isEqualTo(first);
      }
    }
    assertThat(owners).containsExactlyInAnyOrder(0, 1, 2);

    // Reminders on actors of every host, each registered through another sidecar than its owner's maybe.
    for (int a = 0; a < 6; a++) {
      HttpResponse<String> r = send(a % HOSTS, "PUT", "/v1.0/actors/Counter/r" + a + "/reminders/tick",
          "{\"dueTime\":\"0s\",\"period\":\"1s\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }
    assertThat(CountingApp.waitFor(() -> remindersTicking(Instant.now().minusSeconds(2)) == 6,
        Duration.ofSeconds(20))).as("every reminder ticks").isTrue();

    // Load through the two sidecars that stay, then kill the third.
    int victim = 2;
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      clients.add(Thread.ofVirtual().start(() -> {
        while (running.get()) {
          String id = "a" + ThreadLocalRandom.current().nextInt(30);
          try {
            HttpResponse<String> r = send(ThreadLocalRandom.current().nextInt(2), "POST",
                "/v1.0/actors/Counter/" + id + "/method/hit", "");
            (r.statusCode() == 200 ? ok : failed).incrementAndGet();
          } catch (IOException | InterruptedException e) {
            failed.incrementAndGet();
          }
        }
      }));
    }
    CountingApp.pause(2000);
    apps.dead(victim);
    sidecars.get(victim).kill();
    Instant killed = Instant.now();
    CountingApp.pause(15_000);
    running.set(false);
    for (Thread t : clients) {
      t.join();
    }
    assertThat(ok.get()).as("calls answered under load").isGreaterThan(100);

    // Every actor answers again, on a host that lives, the same through both sidecars.
    for (int a = 0; a < 30; a++) {
      String id = "a" + a;
      int host = hostOf(call(0, id));
      assertThat(host).as("new owner of %s", id).isNotEqualTo(victim);
      assertThat(hostOf(call(1, id))).as("owner of %s through sidecar 1", id).isEqualTo(host);
    }
    assertThat(apps.violations()).as("double activations and overlapping turns").isEmpty();
    assertThat(CountingApp.waitFor(() -> remindersTicking(killed.plusSeconds(5)) == 6, Duration.ofSeconds(20)))
        .as("every reminder ticks after the kill").isTrue();
    assertThat(apps.ticks()).as("no tick after the kill on the killed host")
        .noneMatch(t -> t.host() == victim && t.at().isAfter(killed.plusSeconds(1)));
    for (int a = 0; a < 6; a++) {
      send(0, "DELETE", "/v1.0/actors/Counter/r" + a + "/reminders/tick", "");
    }
  }

  @Test
  void killingTheLeadingPlacementReplicaUnderLoadHandsTheSidecarsToTheOther() throws Exception {
    // Sidecars 0 and 1 stay up whatever test ran first.
    int leader = leadingPlacement();
    assertThat(leader).as("a placement replica leads").isNotNegative();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      clients.add(Thread.ofVirtual().start(() -> {
        while (running.get()) {
          try {
            HttpResponse<String> r = send(ThreadLocalRandom.current().nextInt(2), "POST",
                "/v1.0/actors/Counter/p" + ThreadLocalRandom.current().nextInt(20) + "/method/hit", "");
            (r.statusCode() == 200 ? ok : failed).incrementAndGet();
          } catch (IOException | InterruptedException e) {
            failed.incrementAndGet();
          }
        }
      }));
    }
    CountingApp.pause(2000);
    int before = ok.get();
    placements.get(leader).destroyForcibly().waitFor(); // SIGKILL: the other replica leads once the lease expires
    assertThat(CountingApp.waitFor(() -> leadingPlacement() == 1 - leader, Duration.ofSeconds(20)))
        .as("the other replica leads and has the sidecars").isTrue();
    int after = ok.get();
    CountingApp.pause(3000);
    running.set(false);
    for (Thread t : clients) {
      t.join();
    }
    assertThat(before).as("calls answered before the kill").isGreaterThan(10);
    assertThat(ok.get() - after).as("calls answered by the new leader's tables").isGreaterThan(10);
    for (int a = 0; a < 20; a++) {
      String id = "p" + a;
      int host = hostOf(call(0, id));
      assertThat(hostOf(call(1, id))).as("owner of %s through sidecar 1", id).isEqualTo(host);
    }
    assertThat(apps.violations()).as("double activations and overlapping turns").isEmpty();
  }

  /** The index of the placement replica whose tables hold sidecars (the leader's), or -1 when none has them yet. */
  private static int leadingPlacement() {
    int found = -1;
    for (int i = 0; i < placements.size(); i++) {
      if (!placements.get(i).isAlive()) {
        continue;
      }
      try {
        String state = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + placementHealthz.get(i)
            + "/placement/state")).build(), HttpResponse.BodyHandlers.ofString()).body();
        if (state.contains("\"hosts\"")) {
          found = i;
        }
      } catch (IOException | InterruptedException e) {
        // not answering: not the leader
      }
    }
    return found;
  }

  @Test
  void theAppSeesItsOwnSidecarAsCallerOfLocalAndRemoteCalls() throws Exception {
    // Sidecars 0 and 1 stay up whatever test ran first; an actor owned by one of them is local through that one
    // and remote through the other.
    for (int a = 0; a < 20; a++) {
      String id = "who" + a;
      int owner = hostOf(call(0, id));
      if (owner > 1) {
        continue;
      }
      for (int s = 0; s <= 1; s++) {
        HttpResponse<String> r = send(s, "POST", "/v1.0/actors/Counter/" + id + "/method/whoami", "");
        assertThat(r.body()).as("through sidecar %d (owner %d)", s, owner).isEqualTo("{\"host\":" + owner
            + ",\"caller\":\"[it-cluster]\",\"namespace\":\"[default]\"}");
      }
      return;
    }
    throw new AssertionError("no actor owned by sidecar 0 or 1 among 20");
  }

  @Test
  void callActorStreamOnTheInternalApiAnswersAsDaprdForAppActors() throws Exception {
    // daprd streams only from its workflow actors: an app actor owned by the sidecar asked cannot stream, one owned
    // by another sidecar has moved (the call came from a sidecar), an unknown type has no address.
    int ownedBy0 = -1;
    int ownedBy1 = -1;
    for (int a = 0; a < 20 && (ownedBy0 < 0 || ownedBy1 < 0); a++) {
      int owner = hostOf(call(0, "st" + a));
      if (owner == 0 && ownedBy0 < 0) {
        ownedBy0 = a;
      } else if (owner == 1 && ownedBy1 < 0) {
        ownedBy1 = a;
      }
    }
    assertThat(ownedBy0).as("an actor on host 0").isNotNegative();
    assertThat(ownedBy1).as("an actor on host 1").isNotNegative();
    io.grpc.ManagedChannel channel = io.grpc.netty.NettyChannelBuilder.forAddress("127.0.0.1",
        internalPorts.get(0)).usePlaintext().build();
    try {
      assertThat(stream(channel, "Counter", "st" + ownedBy0)).isEqualTo("UNKNOWN not implemented");
      assertThat(stream(channel, "Counter", "st" + ownedBy1)).isEqualTo("UNKNOWN remote actor moved");
      assertThat(stream(channel, "Nope", "1")).isEqualTo("FAILED_PRECONDITION did not find address for actor "
          + "'Nope/1'");
    } finally {
      channel.shutdownNow();
    }
  }

  private static String stream(io.grpc.ManagedChannel channel, String type, String id) {
    io.jdaprd.proto.internals.v1.InternalInvokeRequest request = io.jdaprd.proto.internals.v1.InternalInvokeRequest
        .newBuilder().setVer(io.jdaprd.proto.internals.v1.APIVersion.V1)
        .setActor(io.jdaprd.proto.internals.v1.Actor.newBuilder().setActorType(type).setActorId(id))
        .setMessage(io.dapr.v1.CommonProtos.InvokeRequest.newBuilder().setMethod("watch")).build();
    try {
      java.util.Iterator<io.jdaprd.proto.internals.v1.InternalInvokeResponse> answers =
          io.jdaprd.proto.internals.v1.ServiceInvocationGrpc.newBlockingStub(channel)
              .withDeadlineAfter(20, java.util.concurrent.TimeUnit.SECONDS).callActorStream(request);
      int count = 0;
      while (answers.hasNext()) {
        answers.next();
        count++;
      }
      return "OK " + count;
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus().getCode() + " " + e.getStatus().getDescription();
    }
  }

  @Test
  void anUnknownTypeIsDaprdsLookupFailure() throws Exception {
    HttpResponse<String> r = send(0, "POST", "/v1.0/actors/Nope/1/method/m", "");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_ACTOR_INVOKE_METHOD\",\"message\":\"error invoke actor "
        + "method: failed to lookup actor: api error: code = FailedPrecondition desc = did not find address for "
        + "actor 'Nope/1'\"}");
  }

  @Test
  void stateWrittenOnTheOwnerIsReadThroughAnySidecar() throws Exception {
    int owner = hostOf(call(0, "s1"));
    HttpResponse<String> tx = send(owner, "POST", "/v1.0/actors/Counter/s1/state",
        "[{\"operation\":\"upsert\",\"request\":{\"key\":\"k\",\"value\":{\"n\":1}}}]");
    assertThat(tx.statusCode()).as(tx.body()).isEqualTo(204);
    int other = (owner + 1) % HOSTS;
    HttpResponse<String> elsewhere = send(other, "POST", "/v1.0/actors/Counter/s1/state",
        "[{\"operation\":\"upsert\",\"request\":{\"key\":\"k\",\"value\":2}}]");
    assertThat(elsewhere.body()).as("a transaction needs the actor active on the sidecar, as in daprd")
        .isEqualTo("{\"errorCode\":\"ERR_ACTOR_INSTANCE_MISSING\",\"message\":\"actor instance is missing\"}");
    assertThat(send(other, "GET", "/v1.0/actors/Counter/s1/state/k", "").body()).isEqualTo("{\"n\":1}");
  }

  private static long remindersTicking(Instant since) {
    return apps.ticks().stream().filter(t -> t.at().isAfter(since)).map(ActorCluster.Tick::actorId).distinct()
        .count();
  }

  private static Set<Integer> hostsSeen(int sidecar, int actors) {
    Set<Integer> seen = new HashSet<>();
    for (int a = 0; a < actors; a++) {
      try {
        HttpResponse<String> r = send(sidecar, "POST", "/v1.0/actors/Counter/w" + a + "/method/hit", "");
        Matcher m = HOST.matcher(r.body());
        if (r.statusCode() == 200 && m.matches()) {
          seen.add(Integer.parseInt(m.group(1)));
        }
      } catch (IOException | InterruptedException e) {
        return seen;
      }
    }
    return seen;
  }

  private static HttpResponse<String> call(int sidecar, String id) throws Exception {
    return send(sidecar, "POST", "/v1.0/actors/Counter/" + id + "/method/hit", "");
  }

  private static int hostOf(HttpResponse<String> r) {
    Matcher m = HOST.matcher(r.body());
    assertThat(m.matches()).as("%d %s", r.statusCode(), r.body()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static HttpResponse<String> send(int sidecar, String method, String path, String body)
      throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(sidecars.get(sidecar).httpBase() + path))
        .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean healthy(int port) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
