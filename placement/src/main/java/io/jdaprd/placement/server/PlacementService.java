package io.jdaprd.placement.server;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.HostOperation;
import io.jdaprd.proto.placement.v1.PlacementGrpc;
import io.jdaprd.proto.placement.v1.PlacementOrder;
import io.jdaprd.proto.placement.v1.PlacementTables;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Placement gRPC service: accepts ReportDaprStatus streams, checks each message as daprd's placement does, and
 * hands them to their namespace's {@link NamespaceDisseminator}. All state lives on one loop thread. Serves only
 * while {@link Leadership#isLeader()}; when leadership is lost every open stream is ended, so that sidecars move on
 * to the replica that leads now. Each namespace's versions go on from the last one recorded (here or, through
 * {@link Leadership#lastVersion}, by an earlier leader), so they never go back.
 */
final class PlacementService extends PlacementGrpc.PlacementImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(PlacementService.class);

  private final String nodeId;
  private final Leadership leadership;
  private final int replicationFactor;
  private final Duration disseminateTimeout;
  private final ScheduledExecutorService loop;
  private final Map<String, NamespaceDisseminator> namespaces = new HashMap<>();
  /** The last version each namespace had on this replica, kept when its last sidecar leaves. */
  private final Map<String, Long> versions = new HashMap<>();
  private volatile boolean shuttingDown;

  PlacementService(String nodeId, Leadership leadership, int replicationFactor, Duration disseminateTimeout,
      ScheduledExecutorService loop) {
    this.nodeId = nodeId;
    this.leadership = leadership;
    this.replicationFactor = replicationFactor;
    this.disseminateTimeout = disseminateTimeout;
    this.loop = loop;
  }

  @Override
  public StreamObserver<Host> reportDaprStatus(StreamObserver<PlacementOrder> responses) {
    if (!leadership.isLeader()) {
      responses.onError(notLeader().asRuntimeException());
      return ignoring();
    }
    if (shuttingDown) {
      responses.onError(Status.UNAVAILABLE.withDescription("placement server is shutting down").asRuntimeException());
      return ignoring();
    }
    Connection[] self = new Connection[1];
    Connection conn = new Connection(responses,
        () -> loop.execute(() -> end(self[0], Status.UNAVAILABLE.withDescription("send failed"))));
    self[0] = conn;
    return new StreamObserver<>() {
      @Override
      public void onNext(Host host) {
        onLoop(() -> received(conn, host));
      }

      @Override
      public void onError(Throwable t) {
        onLoop(() -> finish(conn));
      }

      @Override
      public void onCompleted() {
        onLoop(() -> end(conn, Status.OK));
      }
    };
  }

  /** Runs {@code task} on the loop, unless the server has stopped (gRPC's last callbacks may come after). */
  private void onLoop(Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException e) {
      // stopped: every stream is gone
    }
  }

  private void received(Connection conn, Host host) {
    if (conn.closed) {
      return;
    }
    Status invalid = validate(host);
    if (invalid != null) {
      LOG.warn("refusing a report from {}: {}", host.getName(), invalid.getDescription());
      end(conn, invalid);
      return;
    }
    if (conn.namespace == null) {
      if (!leadership.isLeader()) { // leadership was lost since the stream opened
        end(conn, notLeader());
        return;
      }
      conn.namespace = host.getNamespace();
      conn.peer = host.getName();
      LOG.info("Received status report connection from new namespace={} id={} host={}", host.getNamespace(),
          host.getId(), host.getName());
      namespaces.computeIfAbsent(conn.namespace, ns -> new NamespaceDisseminator(ns, replicationFactor,
          disseminateTimeout, loop, this::end, Math.max(versions.getOrDefault(ns, 0L), leadership.lastVersion(ns)),
          tables -> record(ns, tables))).add(conn, host);
      return;
    }
    if (!host.getNamespace().equals(conn.namespace)) {
      return; // daprd routes such a report to another namespace, where this stream is unknown
    }
    if (conn.idx < 0) {
      conn.backlog.add(host);
      return;
    }
    NamespaceDisseminator ns = namespaces.get(conn.namespace);
    if (ns != null) {
      ns.reported(conn.idx, host);
    }
  }

  /** daprd's refusal of a replica that does not lead. */
  private Status notLeader() {
    return Status.FAILED_PRECONDITION.withDescription(
        "node id=" + nodeId + " is not a leader. Only the leader can serve requests");
  }

  /** Records a namespace's new tables here and with the leadership; false when the leadership refused them. */
  @SuppressWarnings("deprecation") // the version in the tables' text field, which the disseminator sets
  private boolean record(String namespace, PlacementTables tables) {
    versions.merge(namespace, Long.parseUnsignedLong(tables.getVersion()), Math::max);
    return leadership.record(namespace, tables);
  }

  /** daprd's checks of every message (its authorizer, without mTLS identities). */
  static Status validate(Host host) {
    if (host.getOperation() == HostOperation.UNKNOWN && host.hasVersion()) {
      return Status.INVALID_ARGUMENT.withDescription("both operation and version must be set or both must be unset");
    }
    if (host.getId().isEmpty() || host.getNamespace().isEmpty()) {
      return Status.INVALID_ARGUMENT.withDescription("host ID and namespace must be provided");
    }
    for (String entity : host.getEntitiesList()) {
      String[] parts = entity.split("\\.", -1);
      if (parts.length >= 2 && parts[0].equals("dapr") && parts[1].equals("internal")
          && (parts.length < 4 || !parts[2].equals(host.getNamespace()) || !parts[3].equals(host.getId()))) {
        return Status.PERMISSION_DENIED.withDescription("entity " + entity + " is not allowed for app ID "
            + host.getId() + " in namespace " + host.getNamespace());
      }
    }
    return null;
  }

  /** Ends {@code conn} from the service's side and forgets it. */
  private void end(Connection conn, Status status) {
    if (status.isOk()) {
      conn.complete();
    } else {
      conn.end(status);
    }
    finish(conn);
  }

  /** Forgets {@code conn} (ended by either side); idempotent. */
  private void finish(Connection conn) {
    conn.closed = true;
    if (conn.namespace == null) {
      return;
    }
    String namespace = conn.namespace;
    conn.namespace = null;
    NamespaceDisseminator ns = namespaces.get(namespace);
    if (ns == null) {
      return;
    }
    if (conn.idx >= 0) {
      ns.closed(conn.idx);
    } else {
      ns.forgetWaiting(conn);
    }
    if (ns.isEmpty()) {
      ns.shutdown(Status.UNAVAILABLE);
      namespaces.remove(namespace);
    }
  }

  /** The current tables of {@code namespace} (empty when nobody is connected there). */
  CompletableFuture<PlacementTables> tables(String namespace) {
    CompletableFuture<PlacementTables> out = new CompletableFuture<>();
    loop.execute(() -> {
      NamespaceDisseminator ns = namespaces.get(namespace);
      out.complete(ns == null ? PlacementTables.newBuilder().setReplicationFactor(replicationFactor).build()
          : ns.tables());
    });
    return out;
  }

  /** daprd's {@code /placement/state} JSON of every namespace with connections. */
  CompletableFuture<String> stateJson() {
    CompletableFuture<String> out = new CompletableFuture<>();
    loop.execute(() -> {
      Map<String, StateJson.Namespace> state = new HashMap<>();
      namespaces.forEach((name, ns) -> state.put(name, ns.state()));
      out.complete(StateJson.render(state));
    });
    return out;
  }

  /** Refuses new streams and ends every open one. */
  void shutdown() {
    shuttingDown = true;
    CompletableFuture<Void> done = new CompletableFuture<>();
    loop.execute(() -> {
      endAll(Status.UNAVAILABLE.withDescription("placement server is shutting down"));
      done.complete(null);
    });
    done.join();
  }

  /**
   * This replica no longer leads: ends every open stream (UNAVAILABLE), so that its sidecars reconnect to the next
   * address; new streams are refused while {@link Leadership#isLeader()} is false.
   */
  void leadershipLost(String why) {
    onLoop(() -> {
      if (!namespaces.isEmpty()) {
        LOG.warn("Placement node id={} lost leadership ({}): closing every sidecar stream", nodeId, why);
      }
      endAll(Status.UNAVAILABLE.withDescription("node id=" + nodeId + " is no longer the leader: " + why));
    });
  }

  private void endAll(Status status) {
    for (NamespaceDisseminator ns : List.copyOf(namespaces.values())) {
      ns.shutdown(status);
    }
    namespaces.clear();
  }

  private static StreamObserver<Host> ignoring() {
    return new StreamObserver<>() {
      @Override
      public void onNext(Host value) {
      }

      @Override
      public void onError(Throwable t) {
      }

      @Override
      public void onCompleted() {
      }
    };
  }
}
