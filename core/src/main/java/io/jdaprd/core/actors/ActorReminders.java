package io.jdaprd.core.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import io.jdaprd.core.scheduler.ManualClock;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable reminders on the actor state store, one JSON array per actor type under {@code actors||<type>} (the
 * layout of daprd's former state-store reminders: {@code actorID}, {@code actorType}, {@code name}, {@code data},
 * {@code dueTime}, {@code period}, {@code registeredTime}, {@code expirationTime}), plus the next due time and the
 * repetitions left, rewritten after each delivery so that a restarted sidecar neither repeats a delivered tick nor
 * loses one (a tick due while it was down fires once at start). Each reminder waits on a virtual thread and is
 * delivered in its actor's turn ({@code PUT /actors/{type}/{id}/method/remind/{name}},
 * {@code {"data","dueTime","period"}}); {@code X-Daprremindercancel: true} deletes it.
 *
 * <p>With several sidecars on one store, each schedules the reminders of the actors it owns ({@link #reevaluate}
 * after every placement round) plus those created through it, which it delivers wherever their actor lives. Every
 * change of the stored array is a read, change and conditional write with the ETag read (retried when another
 * sidecar wrote in between), and a tick whose stored entry is gone or was advanced elsewhere ends the schedule here.
 */
final class ActorReminders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActorReminders.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final int WRITE_ATTEMPTS = 20;

  private final StateStore store;
  private final Delivery delivery;
  private final java.util.function.BiPredicate<String, String> owned;
  private final Clock clock;
  private final Metrics metrics;
  private final Map<String, Thread> running = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Reminders delivered to the actors of {@code table}, all owned here (one sidecar). */
  ActorReminders(StateStore store, ActorTable table, Clock clock) {
    this(store, e -> table.call(e.type(), e.id(), "remind/" + e.name(), request(e.data(), "", ""))
        .cancelsReminder(), (type, id) -> true, clock, Metrics.NONE);
  }

  /**
   * Reminders delivered by {@code delivery}; {@code owned} tells which actors this sidecar owns (the reminders it
   * schedules at start and after a placement round).
   */
  ActorReminders(StateStore store, Delivery delivery, java.util.function.BiPredicate<String, String> owned,
      Clock clock) {
    this(store, delivery, owned, clock, Metrics.NONE);
  }

  /**
   * As {@link #ActorReminders(StateStore, Delivery, java.util.function.BiPredicate, Clock)}, counting each tick in
   * {@code dapr_runtime_actor_reminders_fired_total}: unsuccessful when the delivery failed or the app cancelled
   * the reminder (as daprd, where the cancellation is an error).
   */
  ActorReminders(StateStore store, Delivery delivery, java.util.function.BiPredicate<String, String> owned,
      Clock clock, Metrics metrics) {
    this.store = store;
    this.delivery = delivery;
    this.owned = owned;
    this.clock = clock;
    this.metrics = metrics;
  }

  /** Delivers one tick wherever the actor lives. */
  interface Delivery {
    /**
     * Delivers {@code e}'s current tick.
     *
     * @return whether the app cancelled the reminder ({@code X-Daprremindercancel})
     */
    boolean deliver(Entry e) throws ActorCallException, InterruptedException;
  }

  /**
   * The request of a reminder tick: {@code {"data","dueTime","period"}}, {@code data} as JSON when it parses. A tick
   * this sidecar fires carries empty {@code dueTime} and {@code period}, as daprd 1.18's ticks from Scheduler do.
   */
  static Request request(String data, String dueTime, String period) {
    ObjectNode body = JSON.createObjectNode();
    if (data != null && !data.isEmpty()) {
      try {
        body.set("data", JSON.readTree(data));
      } catch (IOException ex) {
        body.put("data", data);
      }
    }
    body.put("dueTime", dueTime == null ? "" : dueTime);
    body.put("period", period == null ? "" : period);
    return new Request(Map.of(), "", "application/json", body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The entry of a reminder created at {@code now}: its first tick (the due time after {@code now}), its period and
   * repetitions, and its expiry (the TTL after the first tick).
   *
   * @throws ReminderTimes.FormatException worded as daprd words a due time, period or TTL it refuses, or a
   *     reminder that has already expired
   */
  static Entry entry(ActorsBlock.ReminderRequest r, Instant now) throws ReminderTimes.FormatException {
    Instant first = now;
    if (r.dueTime() != null && !r.dueTime().isEmpty()) {
      first = timeOf(r.dueTime(), now, "error parsing reminder due time: ");
    }
    ReminderTimes.Period period = ReminderTimes.schedule(r.period());
    Instant expires = null;
    if (r.ttl() != null && !r.ttl().isEmpty()) {
      expires = timeOf(r.ttl(), first, "error parsing reminder TTL: ");
      if (now.isAfter(expires) || first.isAfter(expires)) {
        throw new ReminderTimes.FormatException("reminder " + r.actorType() + "||" + r.actorId() + "||" + r.name()
            + " has already expired: dueTime: " + first + " TTL: " + r.ttl());
      }
    }
    return new Entry(r.actorType(), r.actorId(), r.name(), r.data(), r.dueTime() == null ? "" : r.dueTime(),
        period.text(), first, period.repeats(), expires, r.ttl() == null || r.ttl().isEmpty() ? null : r.ttl());
  }

  private static Instant timeOf(String text, Instant start, String prefix) throws ReminderTimes.FormatException {
    try {
      return ReminderTimes.time(text, start);
    } catch (ReminderTimes.FormatException e) {
      throw new ReminderTimes.FormatException(prefix + e.getMessage());
    }
  }

  /**
   * A reminder as stored.
   *
   * @param ttl the TTL as given, {@code null} for none
   */
  record Entry(String type, String id, String name, String data, String dueTime, String period, Instant next,
      int left, Instant expires, String ttl) {
    /** An entry without the TTL's text. */
    Entry(String type, String id, String name, String data, String dueTime, String period, Instant next, int left,
        Instant expires) {
      this(type, id, name, data, dueTime, period, next, left, expires, null);
    }

    String key() {
      return type + "||" + id + "||" + name;
    }
  }

  /** The store failed or holds something unreadable; the message says what. */
  static final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    StoreException(String message) {
      super(message, null, false, false);
    }
  }

  /** Starts every stored reminder of {@code types} whose actor this sidecar owns. */
  void start(Iterable<String> types) {
    reevaluate(types);
  }

  /**
   * After a placement round: schedules the stored reminders of {@code types} whose actor this sidecar owns now and
   * stops those it no longer owns (their new owner schedules them).
   */
  void reevaluate(Iterable<String> types) {
    for (String type : types) {
      try {
        java.util.Set<String> stored = new java.util.HashSet<>();
        for (JsonNode n : read(type).array()) {
          Entry e = entry(n);
          stored.add(e.key());
          if (owned.test(e.type(), e.id())) {
            if (!running.containsKey(e.key())) {
              schedule(e);
            }
          } else {
            stop(e.key());
          }
        }
        for (String key : java.util.List.copyOf(running.keySet())) {
          if (key.startsWith(type + "||") && !stored.contains(key)) {
            stop(key);
          }
        }
      } catch (StoreException e) {
        LOG.error("the reminders of actor type {} could not be read: {}", type, e.getMessage());
      }
    }
  }

  /** Stops every schedule (placement was lost: no sidecar is known to own anything). */
  void stopAll() {
    running.keySet().forEach(this::stop);
  }

  private void stop(String key) {
    Thread t = running.remove(key);
    if (t != null) {
      t.interrupt();
    }
  }

  /**
   * Creates a reminder.
   *
   * @return {@code false} when one of that name exists and {@code overwrite} is off (nothing changed)
   */
  synchronized boolean create(Entry e, boolean overwrite) throws StoreException {
    boolean[] created = new boolean[1];
    change(e.type(), all -> {
      int at = indexOf(all, e.id(), e.name());
      created[0] = at < 0 || overwrite;
      if (!created[0]) {
        return false;
      }
      if (at >= 0) {
        all.remove(at);
      }
      all.add(node(e));
      return true;
    });
    if (created[0]) {
      schedule(e);
    }
    return created[0];
  }

  /** The reminder, if stored. */
  synchronized Optional<Entry> get(String type, String id, String name) throws StoreException {
    ArrayNode all = read(type).array();
    int at = indexOf(all, id, name);
    return at < 0 ? Optional.empty() : Optional.of(entry(all.get(at)));
  }

  /** Deletes a reminder; a missing one is not an error. */
  synchronized void delete(String type, String id, String name) throws StoreException {
    stop(type + "||" + id + "||" + name);
    change(type, all -> {
      int at = indexOf(all, id, name);
      if (at >= 0) {
        all.remove(at);
      }
      return at >= 0;
    });
  }

  /**
   * The reminders of {@code type}, of actor {@code id} only when it is not {@code null}, ordered by actor id then
   * name (the order of daprd's scheduler keys).
   */
  synchronized List<Entry> list(String type, String id) throws StoreException {
    List<Entry> out = new ArrayList<>();
    for (JsonNode n : read(type).array()) {
      Entry e = entry(n);
      if (id == null || id.equals(e.id())) {
        out.add(e);
      }
    }
    out.sort(Comparator.comparing(Entry::id).thenComparing(Entry::name));
    return out;
  }

  /** Deletes the reminders of {@code type}, of actor {@code id} only when it is not {@code null}. */
  synchronized void deleteAll(String type, String id) throws StoreException {
    change(type, all -> {
      boolean changed = false;
      for (int at = all.size() - 1; at >= 0; at--) {
        Entry e = entry(all.get(at));
        if (id == null || id.equals(e.id())) {
          stop(e.key());
          all.remove(at);
          changed = true;
        }
      }
      return changed;
    });
  }

  /**
   * Records a delivered tick: the next due time and repetitions left, or removes the reminder when it is done.
   *
   * @return {@code false} when the stored reminder is gone or no longer at this tick (deleted, replaced or advanced
   *     elsewhere): its schedule here ends
   */
  private synchronized boolean advance(Entry e, Entry next) throws StoreException {
    boolean[] current = new boolean[1];
    change(e.type(), all -> {
      int at = indexOf(all, e.id(), e.name());
      current[0] = at >= 0 && entry(all.get(at)).next().equals(e.next());
      if (!current[0]) {
        return false;
      }
      all.remove(at);
      if (next != null) {
        all.insert(at, node(next));
      }
      return true;
    });
    return current[0];
  }

  /** A change of a type's stored array; {@code false} when nothing is to be written. */
  private interface Change {
    boolean apply(ArrayNode all) throws StoreException;
  }

  /** Reads, changes and writes back a type's array, again when another sidecar wrote it in between. */
  private void change(String type, Change change) throws StoreException {
    for (int attempt = 1; ; attempt++) {
      Stored stored = read(type);
      if (!change.apply(stored.array())) {
        return;
      }
      try {
        write(type, stored);
        return;
      } catch (ConflictException conflict) {
        if (attempt >= WRITE_ATTEMPTS) {
          throw new StoreException("the reminders of " + type + " kept changing: " + conflict.getMessage());
        }
      }
    }
  }

  private void schedule(Entry e) {
    String key = e.key();
    synchronized (running) {
      Thread previous = running.remove(key);
      if (previous != null) {
        previous.interrupt();
      }
      Thread t = Thread.ofVirtual().name("actor-reminder-" + key).unstarted(() -> run(e));
      running.put(key, t);
      t.start();
    }
  }

  private void run(Entry first) {
    Entry e = first;
    try {
      while (e != null) {
        ManualClock.sleepUntil(clock, e.next());
        if (closed || running.get(first.key()) != Thread.currentThread()) {
          return; // stopped, replaced or deleted before this thread ran (an interrupt before its start is lost)
        }
        if (e.expires() != null && clock.instant().isAfter(e.expires())) {
          advance(e, null);
          return;
        }
        Fired fired = fire(e);
        if (fired == Fired.FAILED && (closed || running.get(first.key()) != Thread.currentThread())) {
          // Stopped while delivering (a shutdown, a new owner): the tick was not consumed and stays due in the
          // store, for the next start or owner. Advancing here lost a one-shot reminder for good.
          return;
        }
        boolean cancelled = fired == Fired.CANCELLED;
        Entry next = cancelled ? null : following(e);
        if (!advance(e, next)) {
          return;
        }
        e = next;
      }
    } catch (InterruptedException ex) {
      // replaced, deleted or stopped
    } catch (StoreException ex) {
      if (!closed && running.get(first.key()) == Thread.currentThread()) {
        // Not when stopped meanwhile: the interrupt that stopped it is what failed the store call.
        LOG.error("reminder {} stopped: the store failed: {}", first.key(), ex.getMessage());
      }
    } finally {
      running.remove(first.key(), Thread.currentThread());
    }
  }

  private static Entry following(Entry e) {
    ReminderTimes.Period p;
    try {
      p = ReminderTimes.stored(e.period());
    } catch (ReminderTimes.FormatException ex) {
      return null;
    }
    int left = e.left() > 0 ? e.left() - 1 : e.left();
    if (!p.repeating() || left == 0) {
      return null;
    }
    return new Entry(e.type(), e.id(), e.name(), e.data(), e.dueTime(), e.period(), p.following(e.next()), left,
        e.expires(), e.ttl());
  }

  /** What became of one tick. */
  private enum Fired {
    DELIVERED, CANCELLED, FAILED
  }

  /** Delivers one tick. */
  private Fired fire(Entry e) throws InterruptedException {
    try {
      boolean cancelled = delivery.deliver(e);
      metrics.actorReminderFired(e.type(), !cancelled);
      return cancelled ? Fired.CANCELLED : Fired.DELIVERED;
    } catch (ActorCallException | RuntimeException ex) {
      metrics.actorReminderFired(e.type(), false);
      LOG.error("Error executing reminder for actor {}: {}", e.key(), ex.getMessage());
      return Fired.FAILED;
    }
  }

  private String storeKey(String type) {
    return "actors||" + type;
  }

  /** A type's stored array and the ETag it was read with ({@code null}: absent, or a store without ETags). */
  private record Stored(ArrayNode array, String etag, boolean exists) {
  }

  /** Another sidecar wrote the array since it was read. */
  private static final class ConflictException extends Exception {
    private static final long serialVersionUID = 1L;

    ConflictException(String message) {
      super(message, null, false, false);
    }
  }

  private Stored read(String type) throws StoreException {
    try {
      Optional<StoredValue> v = store.get(new GetRequest(storeKey(type), Map.of(), null));
      if (v.isEmpty() || v.get().data() == null || v.get().data().length == 0) {
        return new Stored(JSON.createArrayNode(), v.map(StoredValue::etag).orElse(null), v.isPresent());
      }
      JsonNode n = JSON.readTree(v.get().data());
      if (!(n instanceof ArrayNode a)) {
        throw new StoreException("the reminders of " + type + " are not a JSON array");
      }
      return new Stored(a, v.get().etag(), true);
    } catch (StateException | IOException e) {
      throw new StoreException(e.getMessage());
    }
  }

  /**
   * Writes the array back if nobody wrote it since it was read: with the ETag read, or, when it did not exist, as a
   * first write (a store without ETags writes last-write-wins).
   */
  private void write(String type, Stored stored) throws StoreException, ConflictException {
    boolean conditional = stored.etag() != null || !stored.exists();
    try {
      store.set(new SetRequest(storeKey(type), stored.array().toString().getBytes(StandardCharsets.UTF_8),
          stored.etag(), Map.of(), conditional ? Concurrency.FIRST_WRITE : Concurrency.LAST_WRITE, null));
    } catch (io.jdaprd.spi.state.EtagMismatchException e) {
      throw new ConflictException(e.getMessage());
    } catch (StateException e) {
      throw new StoreException(e.getMessage());
    }
  }

  private static int indexOf(ArrayNode all, String id, String name) {
    for (int i = 0; i < all.size(); i++) {
      if (id.equals(all.get(i).path("actorID").asText()) && name.equals(all.get(i).path("name").asText())) {
        return i;
      }
    }
    return -1;
  }

  private static ObjectNode node(Entry e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("actorID", e.id()).put("actorType", e.type()).put("name", e.name());
    if (e.data() != null) {
      n.put("data", e.data());
    }
    n.put("dueTime", e.dueTime()).put("period", e.period()).put("registeredTime", e.next().toString());
    if (e.expires() != null) {
      n.put("expirationTime", e.expires().toString());
    }
    n.put("repeatsLeft", e.left());
    if (e.ttl() != null) {
      n.put("ttl", e.ttl());
    }
    return n;
  }

  private static Entry entry(JsonNode n) throws StoreException {
    try {
      return new Entry(n.path("actorType").asText(), n.path("actorID").asText(), n.path("name").asText(),
          n.hasNonNull("data") ? n.get("data").asText() : null, n.path("dueTime").asText(""),
          n.path("period").asText(""), Instant.parse(n.path("registeredTime").asText()),
          n.path("repeatsLeft").asInt(-1),
          n.hasNonNull("expirationTime") ? Instant.parse(n.get("expirationTime").asText()) : null,
          n.hasNonNull("ttl") ? n.get("ttl").asText() : null);
    } catch (java.time.format.DateTimeParseException e) {
      throw new StoreException("a stored reminder has a bad time: " + e.getMessage());
    }
  }

  /** How many reminders are scheduled here. */
  int count() {
    return running.size();
  }

  @Override
  public void close() {
    closed = true;
    running.values().forEach(Thread::interrupt);
    running.clear();
  }
}
