package io.jdaprd.placement.server;

import io.grpc.Status;
import io.jdaprd.proto.placement.v1.Host;
import io.jdaprd.proto.placement.v1.HostOperation;
import io.jdaprd.proto.placement.v1.PlacementOrder;
import io.jdaprd.proto.placement.v1.PlacementTable;
import io.jdaprd.proto.placement.v1.PlacementTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace's hosts and its dissemination rounds, as daprd 1.18's placement runs them. A report that changes
 * the namespace's hosts (actor types, app id) starts a round: the version goes up, every stream gets LOCK; once all
 * acknowledged, UPDATE with the tables; once all acknowledged, UNLOCK; once all acknowledged, the round ends.
 * Connections and disconnections during a round wait for its end and are then folded into one follow-up round. A
 * stream that has not acknowledged the current phase within the dissemination timeout is dropped and a new round
 * starts. A sidecar without actor types that adds nothing gets the current tables alone (lock, update, unlock),
 * outside the namespace-wide round. Confined to the service's loop thread.
 */
final class NamespaceDisseminator {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceDisseminator.class);
  static final String LOCK = "lock";
  static final String UPDATE = "update";
  static final String UNLOCK = "unlock";

  /** A stream in this namespace and where it stands in the current round. */
  private static final class Stream {
    final Connection conn;
    HostOperation state = HostOperation.REPORT;
    /** The version of a one-shot table push whose acknowledgements are to be ignored; null when none. */
    Long receivingTable;

    Stream(Connection conn) {
      this.conn = conn;
    }
  }

  private final String namespace;
  private final int replicationFactor;
  private final Duration timeout;
  private final ScheduledExecutorService loop;
  private final BiConsumer<Connection, Status> kick;
  private final Predicate<PlacementTables> record;

  private final Map<Long, Stream> streams = new LinkedHashMap<>();
  /** The hosts with actor types, by stream index: the source of the tables. */
  private final Map<Long, Host> store = new LinkedHashMap<>();
  private final List<Connection> waitingToAdd = new ArrayList<>();
  private final List<Long> waitingToDelete = new ArrayList<>();
  private long nextIdx;
  private HostOperation operation = HostOperation.REPORT;
  private long version;
  private int inTargetState;
  private ScheduledFuture<?> timeoutTask;
  private long timeoutVersion = -1;

  /**
   * @param initialVersion the last version the namespace had (0 for none): its next tables get the one after
   * @param record told of every new version's tables before any sidecar hears of it; false when they could not be
   *     recorded (the replica lost leadership and ends every stream), and the round's lock is then not sent
   */
  NamespaceDisseminator(String namespace, int replicationFactor, Duration timeout, ScheduledExecutorService loop,
      BiConsumer<Connection, Status> kick, long initialVersion, Predicate<PlacementTables> record) {
    this.namespace = namespace;
    this.replicationFactor = replicationFactor;
    this.timeout = timeout;
    this.loop = loop;
    this.kick = kick;
    this.version = initialVersion;
    this.record = record;
  }

  /** A new stream whose first message was {@code initial}. */
  void add(Connection conn, Host initial) {
    conn.backlog.add(0, initial);
    if (operation != HostOperation.REPORT) {
      waitingToAdd.add(conn);
      return;
    }
    waitingToDelete.forEach(store::remove);
    waitingToDelete.clear();
    store.keySet().removeIf(idx -> !streams.containsKey(idx));
    addStream(conn);
    replayBacklog(conn);
  }

  /** A connection that ended before its stream was added. */
  void forgetWaiting(Connection conn) {
    waitingToAdd.remove(conn);
  }

  private void addStream(Connection conn) {
    conn.idx = nextIdx++;
    streams.put(conn.idx, new Stream(conn));
  }

  private void replayBacklog(Connection conn) {
    List<Host> reports = new ArrayList<>(conn.backlog);
    conn.backlog.clear();
    for (Host h : reports) {
      if (!conn.closed) {
        reported(conn.idx, h);
      }
    }
  }

  /** A message on stream {@code idx}: a status report or the acknowledgement of a round's phase. */
  void reported(long idx, Host host) {
    HostOperation op = host.getOperation();
    if (op == HostOperation.UNKNOWN || op == HostOperation.UNRECOGNIZED) {
      op = operation; // sidecars older than the versioned protocol: every message moves the round on
    }
    if (host.hasVersion() && Long.compareUnsigned(host.getVersion(), version) < 0) {
      return;
    }
    Stream s = streams.get(idx);
    if (s != null && s.receivingTable != null && op != HostOperation.REPORT && host.hasVersion()
        && host.getVersion() == s.receivingTable) {
      if (op == HostOperation.UNLOCK) {
        s.receivingTable = null;
      }
      return;
    }
    switch (op) {
      case REPORT -> report(idx, host);
      case LOCK -> acknowledged(idx, HostOperation.LOCK);
      case UPDATE -> acknowledged(idx, HostOperation.UPDATE);
      case UNLOCK -> acknowledged(idx, HostOperation.UNLOCK);
      default -> { }
    }
  }

  private void report(long idx, Host host) {
    if (!storeSet(idx, host)) {
      Stream s = streams.get(idx);
      if (s != null && !store.containsKey(idx)) {
        s.receivingTable = version;
        sendTable(s.conn, version, tables());
      }
      return;
    }
    cancelTimeout();
    startRound();
  }

  private void acknowledged(long idx, HostOperation phase) {
    Stream s = streams.get(idx);
    if (s == null) {
      return;
    }
    if (s.state != phase) {
      s.state = phase;
      inTargetState++;
    }
    if (inTargetState == streams.size() && operation == phase) {
      advance();
    }
  }

  /** Moves the round past the current phase, every stream having acknowledged it. */
  private void advance() {
    inTargetState = 0;
    switch (operation) {
      case LOCK -> {
        operation = HostOperation.UPDATE;
        PlacementTables t = tables();
        for (Stream s : streams.values()) {
          sendIfCurrent(s.conn, PlacementOrder.newBuilder().setOperation(UPDATE).setVersion(version).setTables(t)
              .build());
        }
      }
      case UPDATE -> {
        operation = HostOperation.UNLOCK;
        for (Stream s : streams.values()) {
          sendIfCurrent(s.conn, PlacementOrder.newBuilder().setOperation(UNLOCK).setVersion(version).build());
        }
      }
      case UNLOCK -> {
        operation = HostOperation.REPORT;
        cancelTimeout();
        LOG.debug("dissemination of version {} in namespace '{}' complete", version, namespace);
        store.keySet().stream().filter(i -> !streams.containsKey(i)).forEach(waitingToDelete::add);
        if (!waitingToDelete.isEmpty()) {
          processWaitingDeletes();
        } else {
          processWaitingAdds(false);
        }
      }
      default -> { }
    }
  }

  /** The stream {@code idx} ended (the sidecar left or its connection failed). */
  void closed(long idx) {
    Stream s = streams.remove(idx);
    if (s == null) {
      return;
    }
    if (s.state == operation && operation != HostOperation.REPORT) {
      inTargetState--;
    }
    if (streams.isEmpty() || !store.containsKey(idx)) {
      if (streams.isEmpty()) {
        store.remove(idx);
      }
      return;
    }
    waitingToDelete.add(idx);
    if (operation != HostOperation.REPORT) {
      if (inTargetState >= streams.size()) {
        advance();
      }
      return;
    }
    processWaitingDeletes();
  }

  /** Whether no stream and no waiting connection is left. */
  boolean isEmpty() {
    return streams.isEmpty() && waitingToAdd.isEmpty();
  }

  /** Ends every stream (the service is stopping or no longer leads); the connections forget this namespace. */
  void shutdown(Status status) {
    cancelTimeout();
    for (Stream s : List.copyOf(streams.values())) {
      s.conn.end(status);
      s.conn.namespace = null;
    }
    for (Connection c : List.copyOf(waitingToAdd)) {
      c.end(status);
      c.namespace = null;
    }
    streams.clear();
    waitingToAdd.clear();
    store.clear();
  }

  private void processWaitingDeletes() {
    if (waitingToDelete.isEmpty() || streams.isEmpty()) {
      return;
    }
    waitingToDelete.forEach(store::remove);
    waitingToDelete.clear();
    startRound();
    // Connections that waited on the round before are added when this one ends.
  }

  private void processWaitingAdds(boolean forceRound) {
    if (waitingToAdd.isEmpty()) {
      return;
    }
    List<Connection> waiting = new ArrayList<>(waitingToAdd);
    waitingToAdd.clear();
    boolean changed = forceRound;
    List<Connection> added = new ArrayList<>();
    for (Connection c : waiting) {
      if (c.closed) {
        continue;
      }
      addStream(c);
      added.add(c);
      Host initial = c.backlog.remove(0);
      if (storeSet(c.idx, initial)) {
        changed = true;
      }
    }
    if (changed) {
      startRound();
    } else {
      for (Connection c : added) {
        Stream s = streams.get(c.idx);
        if (s != null && !store.containsKey(c.idx)) {
          s.receivingTable = version;
          sendTable(c, version, tables());
        }
      }
    }
    for (Connection c : added) {
      replayBacklog(c);
    }
  }

  private void startRound() {
    version++;
    scheduleTimeout(version);
    operation = HostOperation.LOCK;
    inTargetState = 0;
    boolean recorded = record.test(tables());
    for (Stream s : streams.values()) {
      s.state = HostOperation.REPORT;
      s.receivingTable = null;
      if (recorded) {
        sendLock(s.conn, version);
      }
    }
  }

  private void onTimeout(long forVersion) {
    if (forVersion != version || operation == HostOperation.REPORT) {
      return;
    }
    Status status = Status.DEADLINE_EXCEEDED.withDescription(
        "dissemination timeout after " + goDuration(timeout) + " for version " + forVersion);
    LOG.warn("dissemination timeout for version {} in namespace '{}'", forVersion, namespace);
    for (Map.Entry<Long, Stream> e : List.copyOf(streams.entrySet())) {
      Stream s = e.getValue();
      if (s.state == operation) {
        continue;
      }
      LOG.warn("closing non-responding stream {}:{} ({}, state={}, expected={})", namespace, e.getKey(),
          s.conn.peer, s.state, operation);
      store.remove(e.getKey());
      streams.remove(e.getKey());
      kick.accept(s.conn, status);
    }
    waitingToDelete.forEach(store::remove);
    waitingToDelete.clear();
    operation = HostOperation.REPORT;
    inTargetState = 0;
    for (Connection c : List.copyOf(waitingToAdd)) {
      waitingToAdd.remove(c);
      if (!c.closed) {
        addStream(c);
        storeSet(c.idx, c.backlog.remove(0));
      }
    }
    if (!streams.isEmpty()) {
      startRound(); // the timed-out round's version is spent: the new round has the next one, as in daprd
    } else {
      version++;
      record.test(tables());
    }
    for (Stream s : List.copyOf(streams.values())) {
      if (!s.conn.backlog.isEmpty()) {
        replayBacklog(s.conn);
      }
    }
  }

  /**
   * Records {@code host} (entities sorted) for stream {@code idx}; whether the tables change: a new host with actor
   * types, or a known one whose types, app id or namespace differ. A host without types is not kept.
   */
  private boolean storeSet(long idx, Host host) {
    Host sorted = host.toBuilder().clearEntities().addAllEntities(host.getEntitiesList().stream().sorted().toList())
        .build();
    Host existing = store.get(idx);
    boolean changed = existing == null ? sorted.getEntitiesCount() > 0
        : !existing.getEntitiesList().equals(sorted.getEntitiesList()) || !existing.getId().equals(sorted.getId())
            || !existing.getNamespace().equals(sorted.getNamespace());
    if (!changed) {
      return false;
    }
    if (sorted.getEntitiesCount() == 0) {
      store.remove(idx);
    } else {
      store.put(idx, sorted);
    }
    return true;
  }

  /** The namespace's tables: per actor type, its hosts keyed by address. */
  @SuppressWarnings("deprecation") // the legacy text version, still set by daprd for older sidecars
  PlacementTables tables() {
    PlacementTables.Builder t = PlacementTables.newBuilder().setReplicationFactor(replicationFactor)
        .setVersion(Long.toUnsignedString(version));
    Map<String, PlacementTable.Builder> byType = new LinkedHashMap<>();
    for (Host h : store.values()) {
      for (String type : h.getEntitiesList()) {
        byType.computeIfAbsent(type, k -> PlacementTable.newBuilder()).putLoadMap(h.getName(), h);
      }
    }
    byType.forEach((type, table) -> t.putEntries(type, table.build()));
    return t.build();
  }

  /** The hosts with actor types and the current version, for {@code /placement/state}. */
  StateJson.Namespace state() {
    return new StateJson.Namespace(List.copyOf(store.values()), version);
  }

  private static void sendLock(Connection c, long v) {
    if (c.sentVersion != null && Long.compareUnsigned(c.sentVersion, v) > 0) {
      return;
    }
    c.sentVersion = v;
    c.send(PlacementOrder.newBuilder().setOperation(LOCK).setVersion(v).build());
  }

  private static void sendIfCurrent(Connection c, PlacementOrder order) {
    if (c.sentVersion == null || c.sentVersion != order.getVersion()) {
      return;
    }
    c.send(order);
  }

  private static void sendTable(Connection c, long v, PlacementTables tables) {
    c.send(PlacementOrder.newBuilder().setOperation(LOCK).setVersion(v).build());
    c.send(PlacementOrder.newBuilder().setOperation(UPDATE).setVersion(v).setTables(tables).build());
    c.send(PlacementOrder.newBuilder().setOperation(UNLOCK).setVersion(v).build());
  }

  private void scheduleTimeout(long v) {
    cancelTimeout();
    timeoutVersion = v;
    timeoutTask = loop.schedule(() -> onTimeout(v), timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void cancelTimeout() {
    if (timeoutTask != null) {
      timeoutTask.cancel(false);
      timeoutTask = null;
      timeoutVersion = -1;
    }
  }

  /** Go's rendering of whole-second or millisecond durations ("8s", "500ms"), as daprd's messages show them. */
  static String goDuration(Duration d) {
    long ms = d.toMillis();
    if (ms % 1000 == 0) {
      long s = ms / 1000;
      return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
    return ms < 1000 ? ms + "ms" : (ms / 1000.0) + "s";
  }
}
