package io.jdaprd.placement.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.jdaprd.placement.hashing.ActorHost;
import io.jdaprd.placement.hashing.VirtualNodeCache;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.HostOperation;
import io.jdaprd.proto.placement.v1.PlacementGrpc;
import io.jdaprd.proto.placement.v1.PlacementOrder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sidecar's membership in a placement service, as daprd 1.18's sidecar runs it. It connects to the addresses in
 * turn (the next one after every failure, retrying every ~0.5 s), reports the sidecar (address, app id, namespace,
 * actor types) once per connection and whenever its types change, and follows the rounds: LOCK is acknowledged; at
 * UPDATE the new tables are installed, the actor types whose ring changed are held (lookups for them wait; at a
 * connection's first UPDATE every type, which daprd does not do: the others may have owned this sidecar's actors
 * under tables it never saw, and the unlock comes only once every sidecar has drained what it no longer owns), the
 * {@link Listener} is told (the actor runtime drains actors it no longer owns) and the update acknowledged; at
 * UNLOCK held types are released and the client is ready. A round that does not complete within the dissemination
 * timeout, an update older than the round, or a failed stream ends the connection: the client is not ready until a
 * new connection completes a round (the listener hears {@link Listener#disconnected()}), and reconnects. Liveness
 * towards the service is gRPC keepalive, answered by the transport; daprd 1.18 sends no periodic report.
 */
public final class PlacementClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementClient.class);

  /**
   * Who the sidecar is and where the service is.
   *
   * @param addresses placement addresses ({@code host:port}), tried in order, round robin
   * @param hostAddress the sidecar's own address as other sidecars reach it ({@code host:port} of its internal
   *     gRPC API): its identity on the rings
   * @param appId the app id
   * @param namespace the namespace (daprd: {@code NAMESPACE}, "default" standalone)
   * @param disseminationTimeout how long a round may take on this side (daprd's --actors-disseminate-timeout, 30 s)
   */
  public record Options(List<String> addresses, String hostAddress, String appId, String namespace,
      Duration disseminationTimeout) {
    public Options {
      if (addresses.isEmpty()) {
        throw new IllegalArgumentException("no placement addresses provided");
      }
      addresses = List.copyOf(addresses);
    }
  }

  /** What the actor runtime hears; called on the client's thread, which waits for it (keep it short or bounded). */
  public interface Listener {
    /** New tables are installed; {@code changedTypes} are held until the round's unlock. */
    default void tablesUpdated(ActorTables tables, Set<String> changedTypes) {
    }

    /** The connection ended: the client is not ready (daprd halts every actor here). */
    default void disconnected() {
    }
  }

  private record PendingLookup(String type, String id, CompletableFuture<Optional<ActorHost>> result) {
  }

  private final Options options;
  private final Listener listener;
  private final ScheduledExecutorService loop;
  private final VirtualNodeCache cache = new VirtualNodeCache();
  private final List<PendingLookup> pending = new ArrayList<>();
  private final Set<String> held = new HashSet<>();
  private final CountDownLatch firstReady = new CountDownLatch(1);

  private volatile ActorTables tables = ActorTables.EMPTY;
  private volatile boolean ready;
  /** Whether lookups are answered: from the first update of a connection until it ends (daprd's claim loop). */
  private boolean open;
  private List<String> entities;
  private int addressIndex = -1;
  private long generation;
  private ManagedChannel channel;
  private StreamObserver<Host> outbound;
  private HostOperation operation = HostOperation.LOCK;
  private long roundVersion;
  private ScheduledFuture<?> roundTimeout;
  private boolean closed;

  private PlacementClient(Options options, List<String> entities, Listener listener) {
    this.options = options;
    this.entities = List.copyOf(entities);
    this.listener = listener;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "placement-client");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts joining the service with the sidecar's actor types {@code entities}; returns at once. */
  public static PlacementClient start(Options options, List<String> entities, Listener listener) {
    PlacementClient client = new PlacementClient(options, entities, listener);
    client.loop.execute(client::connect);
    return client;
  }

  /** Reports new actor types (the app's configuration changed). */
  public void updateEntities(List<String> newEntities) {
    List<String> copy = List.copyOf(newEntities);
    loop.execute(() -> {
      entities = copy;
      if (outbound != null) {
        send(report());
      }
    });
  }

  /** Whether a round completed on the current connection. */
  public boolean isReady() {
    return ready;
  }

  /** Waits until the first round completes; whether it did within {@code timeout}. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    return firstReady.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** The tables installed last (possibly mid-round). */
  public ActorTables tables() {
    return tables;
  }

  /**
   * The owner of an actor, once known: completes when the current connection has delivered tables and the type is
   * not held by a round in progress (while disconnected, lookups wait for the next connection's tables, as in
   * daprd); empty when no host serves the type.
   */
  public CompletableFuture<Optional<ActorHost>> lookup(String actorType, String actorId) {
    CompletableFuture<Optional<ActorHost>> result = new CompletableFuture<>();
    loop.execute(() -> {
      if (open && !held.contains(actorType)) {
        result.complete(tables.owner(actorType, actorId));
      } else {
        pending.add(new PendingLookup(actorType, actorId, result));
      }
    });
    return result;
  }

  /**
   * Whether {@code address} is this sidecar, as daprd decides: the same {@code host:port}, or, when the sidecar's
   * host is a loopback name, any loopback host with the same port.
   */
  public boolean isLocal(String address) {
    String own = options.hostAddress();
    if (address.equals(own)) {
      return true;
    }
    int a = address.lastIndexOf(':');
    int o = own.lastIndexOf(':');
    if (a < 0 || o < 0 || !address.substring(a + 1).equals(own.substring(o + 1))) {
      return false;
    }
    return isLoopback(own.substring(0, o)) && isLoopback(address.substring(0, a));
  }

  private static boolean isLoopback(String host) {
    String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    if (h.equals("localhost")) {
      return true;
    }
    if (!h.matches("[0-9.]+") && !h.contains(":")) {
      return false;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  @SuppressWarnings("deprecation") // api_level: daprd still reports 20
  private Host report() {
    return Host.newBuilder().setName(options.hostAddress()).setId(options.appId()).setNamespace(options.namespace())
        .addAllEntities(entities).setApiLevel(20).setOperation(HostOperation.REPORT).build();
  }

  private void connect() {
    if (closed) {
      return;
    }
    addressIndex = (addressIndex + 1) % options.addresses().size();
    String address = options.addresses().get(addressIndex);
    long gen = ++generation;
    channel = NettyChannelBuilder.forTarget(address).usePlaintext().build();
    operation = HostOperation.LOCK;
    roundVersion = 0;
    outbound = PlacementGrpc.newStub(channel).reportDaprStatus(new StreamObserver<>() {
      @Override
      public void onNext(PlacementOrder order) {
        onLoop(() -> {
          if (gen == generation) {
            order(order);
          }
        });
      }

      @Override
      public void onError(Throwable t) {
        onLoop(() -> {
          if (gen == generation) {
            lost(t.getMessage());
          }
        });
      }

      @Override
      public void onCompleted() {
        onLoop(() -> {
          if (gen == generation) {
            lost("stream closed by the placement service");
          }
        });
      }
    });
    LOG.debug("connecting to placement {} with actor types {}", address, entities);
    send(report());
  }

  /** Runs {@code task} on the loop, unless the client is closed (gRPC's last callbacks may come after). */
  private void onLoop(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // closed: nothing to do
    }
  }

  @SuppressWarnings("deprecation") // PlacementTables.version: the legacy version field, read as daprd reads it
  private void order(PlacementOrder order) {
    long version = order.getVersion() > 0 ? order.getVersion() : parseVersion(order.getTables().getVersion());
    switch (order.getOperation()) {
      case "lock" -> {
        cancelRoundTimeout();
        long v = version;
        roundTimeout = loop.schedule(() -> {
          if (roundVersion == v && operation != HostOperation.UNLOCK) {
            lost("dissemination timeout after " + options.disseminationTimeout() + " for version " + v);
          }
        }, options.disseminationTimeout().toNanos(), TimeUnit.NANOSECONDS);
        operation = HostOperation.LOCK;
        roundVersion = version;
        ack(HostOperation.LOCK);
      }
      case "update" -> {
        if (Long.compareUnsigned(roundVersion, version) > 0) {
          lost("version mismatch: expected " + roundVersion + ", got " + version);
          return;
        }
        cancelRoundTimeout();
        // A connection's first tables hold every type until the unlock: while this sidecar was away the others may
        // have run under tables it never saw (a new leader's first round without it), so tables equal to its last
        // ones do not mean nobody else activated its actors meanwhile; the unlock comes once they all drained.
        ActorTables before = open ? tables : ActorTables.EMPTY;
        ActorTables next = ActorTables.of(order.getTables(), version, cache);
        Set<String> changed = next.changedSince(before);
        tables = next;
        open = true;
        held.addAll(changed);
        answerPending();
        operation = HostOperation.UPDATE;
        try {
          listener.tablesUpdated(next, Set.copyOf(changed));
        } catch (RuntimeException e) {
          LOG.error("placement listener failed on new tables", e);
        }
        ack(HostOperation.UPDATE);
      }
      case "unlock" -> {
        if (operation != HostOperation.UPDATE) {
          LOG.warn("Invalid operation sequence: expected UPDATE before UNLOCK, ignoring unlock");
          return;
        }
        if (Long.compareUnsigned(roundVersion, version) > 0) {
          LOG.error("Version mismatch: expected {}, got {}, ignoring unlock", roundVersion, version);
          return;
        }
        roundVersion = version;
        operation = HostOperation.UNLOCK;
        held.clear();
        LOG.info("Dissemination complete for version {}, unlocking {}/{}", version, options.namespace(),
            options.appId());
        ack(HostOperation.UNLOCK);
        ready = true;
        firstReady.countDown();
        answerPending();
      }
      default -> lost("unknown operation: " + order.getOperation());
    }
  }

  /** The version in the tables' legacy text field, for services that do not set the order's version. */
  private static long parseVersion(String v) {
    try {
      return Long.parseUnsignedLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void ack(HostOperation op) {
    send(Host.newBuilder().setOperation(op).setVersion(roundVersion).setNamespace(options.namespace())
        .setId(options.appId()).build());
  }

  private void answerPending() {
    if (!open) {
      return;
    }
    for (Iterator<PendingLookup> it = pending.iterator(); it.hasNext(); ) {
      PendingLookup p = it.next();
      if (!held.contains(p.type())) {
        it.remove();
        p.result().complete(tables.owner(p.type(), p.id()));
      }
    }
  }

  private void send(Host host) {
    try {
      outbound.onNext(host);
    } catch (RuntimeException e) {
      lost("send failed: " + e.getMessage());
    }
  }

  /** The connection is gone: not ready, tell the runtime, reconnect after ~0.5 s to the next address. */
  private void lost(String why) {
    generation++;
    cancelRoundTimeout();
    boolean wasReady = ready;
    ready = false;
    open = false;
    if (outbound != null) {
      try {
        outbound.onCompleted();
      } catch (RuntimeException ignored) {
        // already failed
      }
      outbound = null;
    }
    if (channel != null) {
      channel.shutdownNow();
      channel = null;
    }
    if (closed) {
      return;
    }
    if (wasReady) {
      LOG.info("Placement stream closed: {}. Reconnecting...", why);
    } else {
      LOG.debug("Placement stream closed: {}. Reconnecting...", why);
    }
    try {
      listener.disconnected();
    } catch (RuntimeException e) {
      LOG.error("placement listener failed on disconnection", e);
    }
    long delayMs = 500 + ThreadLocalRandom.current().nextLong(-125, 126);
    loop.schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
  }

  private void cancelRoundTimeout() {
    if (roundTimeout != null) {
      roundTimeout.cancel(false);
      roundTimeout = null;
    }
  }

  /** Leaves the service (half-closes the stream, as daprd does on shutdown) and stops. */
  @Override
  public void close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      closed = true;
      lost("client closed");
      for (PendingLookup p : pending) {
        p.result().cancel(false);
      }
      pending.clear();
      done.complete(null);
    });
    done.join();
    loop.shutdownNow();
  }
}
