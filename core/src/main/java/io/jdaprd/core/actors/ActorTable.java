package io.jdaprd.core.actors;

import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actors active on this sidecar: at most one activation per (type, id), each with its {@link TurnLock}. The
 * first call activates an actor (there is no activation callback: the app activates on its first call); an actor
 * without a call for its type's idle timeout is deactivated by {@link #deactivateIdle} ({@code DELETE
 * /actors/{type}/{id}}), and {@link #drain} deactivates all at shutdown after the calls in flight finished or the
 * drain timeout passed. Thread-safe.
 */
final class ActorTable {
  private static final Logger LOG = LoggerFactory.getLogger(ActorTable.class);

  private final ActorApp app;
  private final ActorsConfig config;
  private final Clock clock;
  private final io.jdaprd.core.metrics.Metrics metrics;
  private final Map<Key, Activation> active = new ConcurrentHashMap<>();
  /** One instance of each actor type's name, shared by its activations (a name arrives as a new string per call). */
  private final Map<String, String> typeNames = new ConcurrentHashMap<>();
  private volatile boolean draining;
  private volatile java.util.function.BiConsumer<String, String> onDeactivate = (type, id) -> {
  };
  private volatile java.util.function.BiPredicate<String, String> mayActivate = (type, id) -> true;

  ActorTable(ActorApp app, ActorsConfig config, Clock clock) {
    this(app, config, clock, io.jdaprd.core.metrics.Metrics.NONE);
  }

  /** A table recording deactivations and the calls waiting for a turn in {@code metrics}. */
  ActorTable(ActorApp app, ActorsConfig config, Clock clock, io.jdaprd.core.metrics.Metrics metrics) {
    this.app = app;
    this.config = config;
    this.clock = clock;
    this.metrics = metrics;
  }

  /**
   * One active actor, kept small: a sidecar may hold hundreds of thousands (its key, turn lock and this entry are
   * about 150 bytes with compact object headers, the id's own string aside).
   */
  private static final class Activation {
    final Key key;
    final TurnLock lock;
    /** {@link Clock#millis()} at the start or end of the last call. */
    volatile long lastUsedMillis;

    Activation(Key key, TurnLock lock, long nowMillis) {
      this.key = key;
      this.lock = lock;
      this.lastUsedMillis = nowMillis;
    }

    String type() {
      return key.type;
    }

    String id() {
      return key.id;
    }
  }

  /** {@code type} as the one instance the activations of that type share (the first 1,000 types only). */
  private String sharedTypeName(String type) {
    String shared = typeNames.get(type);
    if (shared == null && typeNames.size() < 1_000) {
      shared = typeNames.putIfAbsent(type, type);
    }
    return shared == null ? type : shared;
  }

  /** An actor's type and id, the table's key. */
  private record Key(String type, String id) {
  }

  /** Runs {@code listener} with the type and id of each actor deactivated (its timers end with it). */
  void onDeactivate(java.util.function.BiConsumer<String, String> listener) {
    this.onDeactivate = listener;
  }

  /**
   * Sets the check an actor must pass to be activated here (that this sidecar owns it); a call for an actor that
   * fails it ends with {@link NotOwnedException}.
   */
  void mayActivate(java.util.function.BiPredicate<String, String> check) {
    this.mayActivate = check;
  }

  /** Whether {@code type/id} is active here. */
  boolean exists(String type, String id) {
    return active.containsKey(new Key(type, id));
  }

  /** How many actors of each type are active, by type name. */
  Map<String, Integer> counts() {
    Map<String, Integer> out = new TreeMap<>();
    active.values().forEach(a -> out.merge(a.type(), 1, Integer::sum));
    return out;
  }

  /**
   * Calls {@code method} of {@code type/id} in the actor's turn, activating it if needed. With reentrancy on, a call
   * without {@code Dapr-Reentrancy-Id} gets a fresh one, passed to the app so that its nested calls re-enter.
   */
  Reply call(String type, String id, String method, Request request) throws ActorCallException,
      InterruptedException {
    ActorsConfig.TypeConfig typeConfig = config.of(type);
    String reentrancyId = null;
    Request sent = request;
    if (typeConfig.reentrant()) {
      reentrancyId = header(request.headers(), TurnLock.REENTRANCY_HEADER);
      if (reentrancyId == null) {
        reentrancyId = UUID.randomUUID().toString();
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.put(TurnLock.REENTRANCY_HEADER, List.of(reentrancyId));
        sent = new Request(headers, request.query(), request.contentType(), request.body());
      }
    }
    Key key = new Key(type, id);
    while (true) {
      if (draining) {
        throw io.jdaprd.errors.factories.ActorErrors.runtimeClosed();
      }
      Activation activation = active.get(key);
      if (activation == null) {
        if (!mayActivate.test(type, id)) {
          throw new NotOwnedException();
        }
        key = new Key(sharedTypeName(type), id); // the key the table keeps
        activation = active.computeIfAbsent(key, k -> new Activation(k,
            new TurnLock(typeConfig.reentrant(), typeConfig.maxStackDepth()), clock.millis()));
      }
      TurnLock.Turn turn;
      metrics.actorPendingCalls(type, 1);
      try {
        turn = activation.lock.acquire(reentrancyId);
      } catch (TurnLock.ClosedException e) {
        active.remove(key, activation);
        if (draining) {
          throw io.jdaprd.errors.factories.ActorErrors.runtimeClosed();
        }
        continue;
      } finally {
        metrics.actorPendingCalls(type, -1);
      }
      try (turn) {
        activation.lastUsedMillis = clock.millis();
        return app.invoke(type, id, method, sent);
      } finally {
        activation.lastUsedMillis = clock.millis();
      }
    }
  }

  /** Deactivates the actors idle for longer than their type's idle timeout; returns how many. */
  int deactivateIdle() {
    long now = clock.millis();
    int count = 0;
    for (Activation a : new ArrayList<>(active.values())) {
      long idle = config.of(a.type()).idleTimeout().toMillis();
      if (!a.lock.busy() && a.lastUsedMillis + idle < now && deactivate(a)) {
        count++;
      }
    }
    return count;
  }

  /** Deactivates {@code type/id} if it is active and idle. */
  boolean deactivate(String type, String id) {
    Activation a = active.get(new Key(type, id));
    return a != null && deactivate(a);
  }

  private boolean deactivate(Activation a) {
    synchronized (a.lock) {
      if (a.lock.busy()) {
        return false;
      }
      a.lock.close();
    }
    active.remove(a.key, a);
    onDeactivate.accept(a.type(), a.id());
    try {
      app.deactivate(a.type(), a.id());
      metrics.actorDeactivated(a.type());
    } catch (ActorCallException e) {
      LOG.warn("deactivating actor {}/{} failed: {}", a.type(), a.id(), e.getMessage());
    }
    return true;
  }

  /** Stops taking calls, waits for those in flight (each type's drain timeout at most), deactivates everything. */
  void drain() throws InterruptedException {
    draining = true;
    halt(new ArrayList<>(active.values()), true);
  }

  /**
   * Deactivates the actors {@code which} selects (those that moved to another host): new calls to them are refused
   * at once; with {@code awaitCalls}, the calls in flight are awaited for their type's drain timeout at most.
   *
   * @return how many were deactivated
   */
  int halt(java.util.function.BiPredicate<String, String> which, boolean awaitCalls) throws InterruptedException {
    List<Activation> selected = new ArrayList<>();
    for (Activation a : active.values()) {
      if (which.test(a.type(), a.id())) {
        selected.add(a);
      }
    }
    halt(selected, awaitCalls);
    return selected.size();
  }

  private void halt(List<Activation> all, boolean awaitCalls) throws InterruptedException {
    all.forEach(a -> a.lock.close());
    for (Activation a : all) {
      // Real time: how long calls in flight may take is not scheduled work (a manual clock would never end it).
      long until = System.nanoTime() + config.of(a.type()).drainTimeout().toNanos();
      while (awaitCalls && a.lock.busy() && until - System.nanoTime() > 0) {
        Thread.sleep(10);
      }
      active.remove(a.key, a);
      onDeactivate.accept(a.type(), a.id());
      try {
        app.deactivate(a.type(), a.id());
        metrics.actorDeactivated(a.type());
      } catch (ActorCallException e) {
        LOG.warn("deactivating actor {}/{} failed: {}", a.type(), a.id(), e.getMessage());
      }
    }
  }

  static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The actor may not be activated here: another sidecar owns it now. */
  static final class NotOwnedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotOwnedException() {
      super("remote actor moved", null, false, false);
    }
  }
}
