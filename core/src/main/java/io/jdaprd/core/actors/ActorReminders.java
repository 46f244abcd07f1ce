package io.jdaprd.core.actors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.scheduler.DueQueue;
import io.jdaprd.core.scheduler.PartitionedStore;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable reminders on the actor state store, in the layout of daprd's former state-store reminders (up to 1.14):
 * the reminders of a type in a {@link PartitionedStore} under {@code actors||<type>} (one array, or partitions past
 * 64 records each; fields {@code actorID}, {@code actorType}, {@code name}, {@code data}, {@code dueTime},
 * {@code period}, {@code registeredTime} = the first due time, {@code expirationTime}), and each reminder's progress
 * in its track {@code <type>||<id>||<name>} ({@code {"lastFiredTime","repetitionLeft"}}, see {@link ReminderTracks}),
 * so a delivery writes one small key and a change of a reminder rewrites only its partition. Reminders wait in one
 * {@link DueQueue} (no thread per reminder) and are delivered in their actor's turn
 * ({@code PUT /actors/{type}/{id}/method/remind/{name}}, {@code {"data","dueTime","period"}});
 * {@code X-Daprremindercancel: true} deletes the reminder. A restarted sidecar resumes each reminder after its
 * track's last tick: it neither repeats a delivered tick nor loses one (a tick due while it was down fires at start).
 *
 * <p>With several sidecars on one store, each schedules the reminders of the actors it owns ({@link #reevaluate}
 * after every placement round, from the store) plus those created through it, which it delivers wherever their
 * actor lives. Changes of a partition are conditional on the ETag read ({@link PartitionedStore}), and a tick reads
 * the track before it fires and writes it with that ETag after: a tick delivered elsewhere meanwhile ends the
 * schedule here.
 */
final class ActorReminders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActorReminders.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The most reminder deliveries in flight at once. */
  private static final int MAX_DELIVERIES = 256;

  private final StateStore store;
  private final Delivery delivery;
  private final BiPredicate<String, String> owned;
  private final Clock clock;
  private final Metrics metrics;
  private final ReminderTracks tracks;
  private final DueQueue queue;
  private final Map<String, PartitionedStore<Entry>> byType = new ConcurrentHashMap<>();
  /** The reminder each key is scheduled for now: a tick of a replaced or deleted one does nothing. */
  private final Map<String, Schedule> current = new ConcurrentHashMap<>();
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
  ActorReminders(StateStore store, Delivery delivery, BiPredicate<String, String> owned, Clock clock) {
    this(store, delivery, owned, clock, Metrics.NONE);
  }

  /**
   * As {@link #ActorReminders(StateStore, Delivery, BiPredicate, Clock)}, counting each tick in
   * {@code dapr_runtime_actor_reminders_fired_total}: unsuccessful when the delivery failed or the app cancelled
   * the reminder (as daprd, where the cancellation is an error).
   */
  ActorReminders(StateStore store, Delivery delivery, BiPredicate<String, String> owned, Clock clock,
      Metrics metrics) {
    this.store = store;
    this.delivery = delivery;
    this.owned = owned;
    this.clock = clock;
    this.metrics = metrics;
    this.tracks = new ReminderTracks(store);
    this.queue = new DueQueue("actor-reminders", clock, MAX_DELIVERIES);
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
   * A reminder as stored (its progress is in its track, {@link ReminderTracks}).
   *
   * @param next the due time of its first tick (daprd's {@code registeredTime})
   * @param left the repetitions left with its first tick, {@code -1} for no limit
   * @param ttl the TTL as given, {@code null} for none
   * @param key {@code <type>||<id>||<name>} ({@code null}: made from them)
   */
  record Entry(String type, String id, String name, String data, String dueTime, String period, Instant next,
      int left, Instant expires, String ttl, String key) {
    /**
     * The texts that many reminders share (type, actor id, due time, period, TTL) are canonical instances
     * ({@link String#intern}, collected when unused), and the key is made once: 100,000 reminders hold one copy of
     * each instead of one per reminder.
     */
    Entry {
      type = shared(type);
      id = shared(id);
      dueTime = shared(dueTime);
      period = shared(period);
      ttl = shared(ttl);
      key = key == null ? type + "||" + id + "||" + name : key;
    }

    /** An entry; its key is {@code <type>||<id>||<name>}. */
    Entry(String type, String id, String name, String data, String dueTime, String period, Instant next, int left,
        Instant expires, String ttl) {
      this(type, id, name, data, dueTime, period, next, left, expires, ttl, null);
    }

    /** An entry without the TTL's text. */
    Entry(String type, String id, String name, String data, String dueTime, String period, Instant next, int left,
        Instant expires) {
      this(type, id, name, data, dueTime, period, next, left, expires, null, null);
    }

    private static String shared(String s) {
      return s == null ? null : s.intern();
    }
  }

  /** The store failed or holds something unreadable; the message says what. */
  static final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    StoreException(String message) {
      super(message, null, false, false);
    }
  }

  /** The records of a type (read from the store when first changed or read: {@link PartitionedStore} verifies). */
  private PartitionedStore<Entry> records(String type) {
    return byType.computeIfAbsent(type, t -> new PartitionedStore<>(store, "actors||" + t, "reminders", CODEC));
  }

  private static String hashInput(String id, String name) {
    return id + name;
  }

  /** Starts every stored reminder of {@code types} whose actor this sidecar owns. */
  void start(Iterable<String> types) {
    reevaluate(types);
  }

  /**
   * After a placement round: reads the reminders of {@code types} from the store, schedules those whose actor this
   * sidecar owns now and stops those it no longer owns (their new owner schedules them) or that are gone.
   */
  void reevaluate(Iterable<String> types) {
    for (String type : types) {
      try {
        Set<String> stored = new HashSet<>();
        for (Entry e : records(type).load()) {
          stored.add(e.key());
          if (owned.test(e.type(), e.id())) {
            Schedule s = current.get(e.key());
            if (s == null || !s.entry.equals(e)) {
              schedule(e);
            }
          } else {
            stop(e.key());
          }
        }
        for (String key : List.copyOf(current.keySet())) {
          if (key.startsWith(type + "||") && !stored.contains(key)) {
            stop(key);
          }
        }
      } catch (StateException | IOException | RuntimeException e) {
        LOG.error("the reminders of actor type {} could not be read: {}", type, e.getMessage());
      }
    }
  }

  /** Stops every schedule (placement was lost: no sidecar is known to own anything). */
  void stopAll() {
    List.copyOf(current.keySet()).forEach(this::stop);
  }

  private void stop(String key) {
    Schedule s;
    synchronized (current) {
      s = current.remove(key);
      queue.cancel(key);
    }
    if (s != null) {
      s.interrupt();
    }
  }

  /**
   * Creates a reminder; its track starts anew.
   *
   * @return {@code false} when one of that name exists and {@code overwrite} is off (nothing changed)
   */
  synchronized boolean create(Entry e, boolean overwrite) throws StoreException {
    boolean[] created = new boolean[1];
    try {
      records(e.type()).compute(e.key(), hashInput(e.id(), e.name()), before -> {
        created[0] = before.isEmpty() || overwrite;
        return created[0] ? Optional.of(e) : before;
      });
    } catch (StateException | IOException ex) {
      throw new StoreException(ex.getMessage());
    }
    if (created[0]) {
      stop(e.key());
      tracks.delete(e.key());
      schedule(e);
    }
    return created[0];
  }

  /** The reminder as stored now, if any. */
  Optional<Entry> get(String type, String id, String name) throws StoreException {
    try {
      return records(type).read(type + "||" + id + "||" + name, hashInput(id, name));
    } catch (StateException | IOException e) {
      throw new StoreException(e.getMessage());
    }
  }

  /** Deletes a reminder and its track; a missing one is not an error. */
  void delete(String type, String id, String name) throws StoreException {
    String key = type + "||" + id + "||" + name;
    stop(key);
    try {
      records(type).remove(key, hashInput(id, name));
    } catch (StateException | IOException e) {
      throw new StoreException(e.getMessage());
    }
    tracks.delete(key);
  }

  /**
   * The reminders of {@code type} as stored now, of actor {@code id} only when it is not {@code null}, ordered by
   * actor id then name (the order of daprd's scheduler keys).
   */
  List<Entry> list(String type, String id) throws StoreException {
    List<Entry> out = new ArrayList<>();
    try {
      for (Entry e : records(type).load()) {
        if (id == null || id.equals(e.id())) {
          out.add(e);
        }
      }
    } catch (StateException | IOException e) {
      throw new StoreException(e.getMessage());
    }
    out.sort(Comparator.comparing(Entry::id).thenComparing(Entry::name));
    return out;
  }

  /** Deletes the reminders of {@code type}, of actor {@code id} only when it is not {@code null}. */
  void deleteAll(String type, String id) throws StoreException {
    for (Entry e : list(type, id)) {
      delete(type, e.id(), e.name());
    }
  }

  /** One reminder scheduled here, and the thread delivering its tick now, if any. */
  private static final class Schedule {
    final Entry entry;
    volatile Thread delivering;

    Schedule(Entry entry) {
      this.entry = entry;
    }

    void interrupt() {
      Thread t = delivering;
      if (t != null) {
        t.interrupt();
      }
    }
  }

  /** Schedules {@code e} from its first tick (its track, read when the tick falls due, may move it on). */
  private void schedule(Entry e) {
    Schedule s = new Schedule(e);
    Schedule previous;
    synchronized (current) {
      previous = current.put(e.key(), s);
      queue.schedule(e.key(), e.next(), () -> tick(s, e.next(), e.left()));
    }
    if (previous != null) {
      previous.interrupt();
    }
  }

  /** Schedules the tick due at {@code due} while {@code s} is still its key's schedule. */
  private void reschedule(Schedule s, Instant due, int left) {
    synchronized (current) {
      if (!closed && current.get(s.entry.key()) == s) {
        queue.schedule(s.entry.key(), due, () -> tick(s, due, left));
      }
    }
  }

  /** The next tick and the repetitions left with it, or {@code null} when the reminder is done. */
  private record Next(Instant due, int left) {
  }

  /**
   * Handles the tick of {@code s} due at {@code due}, {@code left} repetitions left with it: skipped when its track
   * shows it (or a later one) delivered, else delivered, recorded in the track and followed by the next.
   */
  private void tick(Schedule s, Instant due, int left) {
    String key = s.entry.key();
    if (closed || current.get(key) != s) {
      return;
    }
    s.delivering = Thread.currentThread();
    try {
      Entry e = s.entry;
      ReminderTracks.Track track = tracks.read(key);
      if (track.lastFired() != null && !track.lastFired().isBefore(due)) {
        // Delivered already (before a restart, or by another sidecar): go on from the track.
        Next next = following(e, track.lastFired(), track.left() + (track.left() > 0 ? 1 : 0));
        if (next == null) {
          finish(s);
        } else {
          reschedule(s, next.due(), next.left());
        }
        return;
      }
      if (e.expires() != null && clock.instant().isAfter(e.expires())) {
        finish(s);
        return;
      }
      Fired fired = fire(e);
      if (fired == Fired.FAILED && (closed || current.get(key) != s)) {
        // Stopped while delivering (a shutdown, a new owner): the tick was not consumed and stays due in the
        // store, for the next start or owner.
        return;
      }
      Next next = fired == Fired.CANCELLED ? null : following(e, due, left);
      if (next == null) {
        finish(s);
      } else if (tracks.write(key, track, due, next.left())) {
        reschedule(s, next.due(), next.left());
      } else {
        current.remove(key, s); // another sidecar recorded a tick meanwhile: it schedules this reminder now
      }
    } catch (InterruptedException ex) {
      // replaced, deleted or stopped
    } catch (StoreException ex) {
      if (!closed && current.get(key) == s) {
        // Not when stopped meanwhile: the interrupt that stopped it is what failed the store call.
        LOG.error("reminder {} stopped: the store failed: {}", key, ex.getMessage());
        current.remove(key, s);
      }
    } finally {
      s.delivering = null;
    }
  }

  /** Removes a reminder that is done (and its track), unless it was replaced meanwhile. */
  private void finish(Schedule s) throws StoreException {
    Entry e = s.entry;
    boolean[] removed = new boolean[1];
    try {
      records(e.type()).compute(e.key(), hashInput(e.id(), e.name()), before -> {
        removed[0] = before.isPresent() && before.get().equals(e);
        return removed[0] ? Optional.empty() : before;
      });
    } catch (StateException | IOException ex) {
      throw new StoreException(ex.getMessage());
    }
    if (removed[0]) {
      tracks.delete(e.key());
    }
    current.remove(e.key(), s);
  }

  /** The tick after the one due at {@code due}, which had {@code left} repetitions left with it. */
  private static Next following(Entry e, Instant due, int left) {
    ReminderTimes.Period p;
    try {
      p = ReminderTimes.stored(e.period());
    } catch (ReminderTimes.FormatException ex) {
      return null;
    }
    int after = left > 0 ? left - 1 : left;
    if (!p.repeating() || after == 0) {
      return null;
    }
    return new Next(p.following(due), after);
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

  /** How reminders are stored: daprd's fields, plus the repetitions of the first tick and the TTL's text. */
  private static final PartitionedStore.Codec<Entry> CODEC = new PartitionedStore.Codec<>() {
    @Override
    public String key(Entry e) {
      return e.key();
    }

    @Override
    public String hashInput(Entry e) {
      return ActorReminders.hashInput(e.id(), e.name());
    }

    @Override
    public void write(Entry e, JsonGenerator out) throws IOException {
      out.writeStartObject();
      out.writeStringField("actorID", e.id());
      out.writeStringField("actorType", e.type());
      out.writeStringField("name", e.name());
      if (e.data() != null) {
        out.writeStringField("data", e.data());
      }
      out.writeStringField("dueTime", e.dueTime());
      out.writeStringField("period", e.period());
      out.writeStringField("registeredTime", e.next().toString());
      if (e.expires() != null) {
        out.writeStringField("expirationTime", e.expires().toString());
      }
      out.writeNumberField("repeatsLeft", e.left());
      if (e.ttl() != null) {
        out.writeStringField("ttl", e.ttl());
      }
      out.writeEndObject();
    }

    @Override
    public Entry decode(JsonNode n) throws IOException {
      try {
        return new Entry(n.path("actorType").asText(), n.path("actorID").asText(), n.path("name").asText(),
            n.hasNonNull("data") ? n.get("data").asText() : null, n.path("dueTime").asText(""),
            n.path("period").asText(""), Instant.parse(n.path("registeredTime").asText()),
            n.path("repeatsLeft").asInt(-1),
            n.hasNonNull("expirationTime") ? Instant.parse(n.get("expirationTime").asText()) : null,
            n.hasNonNull("ttl") ? n.get("ttl").asText() : null);
      } catch (java.time.format.DateTimeParseException e) {
        throw new IOException("a stored reminder has a bad time: " + e.getMessage());
      }
    }
  };

  /** How many reminders are scheduled here. */
  int count() {
    return current.size();
  }

  @Override
  public void close() {
    closed = true;
    queue.close();
    current.values().forEach(Schedule::interrupt);
    current.clear();
  }
}
