package io.jdaprd.core.actors;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.scheduler.DueQueue;
import io.jdaprd.core.scheduler.PartitionedStore;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable reminders on the actor state store, in daprd's state-store layout (up to daprd 1.14): each hosted type's
 * reminders in a {@link PartitionedStore} under {@code actors||<type>} (one JSON array while a type has few, then
 * partitions {@code actors||<type>||<uuid>||reminders||<n>} named by {@code actors||<type>||metadata}; each record
 * {@code actorID}, {@code actorType}, {@code name}, {@code data}, {@code dueTime}, {@code period},
 * {@code registeredTime} (the first due time), {@code expirationTime}), and after each delivery a track under
 * {@code <type>||<id>||<name>} ({@code {"lastFiredTime","repetitionLeft"}}, daprd's reminder track), so that a
 * restarted sidecar neither repeats a delivered tick nor loses one (a tick due while it was down fires once at
 * start). A create or delete rewrites one partition; a delivery writes one track. The reminders wait in one
 * {@link DueQueue} (no thread per reminder) and each is delivered in its actor's turn
 * ({@code PUT /actors/{type}/{id}/method/remind/{name}}, {@code {"data","dueTime","period"}});
 * {@code X-Daprremindercancel: true} deletes it.
 */
final class ActorReminders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActorReminders.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The most reminder deliveries in flight at once. */
  private static final int MAX_DELIVERIES = 256;

  private final StateStore store;
  private final ActorTable table;
  private final Clock clock;
  private final DueQueue queue;
  private final Map<String, PartitionedStore<Entry>> types = new ConcurrentHashMap<>();
  private volatile boolean closed;
  private final Texts texts = new Texts();

  ActorReminders(StateStore store, ActorTable table, Clock clock) {
    this.store = store;
    this.table = table;
    this.clock = clock;
    this.queue = new DueQueue("actor-reminders", clock, MAX_DELIVERIES);
  }

  /**
   * A reminder: {@code next} is its next due time (as created: the first), {@code left} the repetitions left (-1 for
   * no limit). Its key ({@code type||id||name}) is made once, since every map and the queue hold it.
   */
  static final class Entry {
    private final String type;
    private final String id;
    private final String name;
    private final String data;
    private final String dueTime;
    private final String period;
    private final Instant next;
    private final int left;
    private final Instant expires;
    private final String key;

    Entry(String type, String id, String name, String data, String dueTime, String period, Instant next, int left,
        Instant expires) {
      this(type, id, name, data, dueTime, period, next, left, expires, type + "||" + id + "||" + name);
    }

    private Entry(String type, String id, String name, String data, String dueTime, String period, Instant next,
        int left, Instant expires, String key) {
      this.type = type;
      this.id = id;
      this.name = name;
      this.data = data;
      this.dueTime = dueTime;
      this.period = period;
      this.next = next;
      this.left = left;
      this.expires = expires;
      this.key = key;
    }

    String type() {
      return type;
    }

    String id() {
      return id;
    }

    String name() {
      return name;
    }

    String data() {
      return data;
    }

    String dueTime() {
      return dueTime;
    }

    String period() {
      return period;
    }

    Instant next() {
      return next;
    }

    int left() {
      return left;
    }

    Instant expires() {
      return expires;
    }

    String key() {
      return key;
    }

    Entry after(Instant due, int repetitionsLeft) {
      return new Entry(type, id, name, data, dueTime, period, due, repetitionsLeft, expires, key);
    }

    /** The same reminder with its type, due time and period texts shared with the reminders that have equal ones. */
    Entry shared(Texts texts) {
      return new Entry(texts.of(type), id, name, data, texts.of(dueTime), texts.of(period), next, left, expires);
    }
  }

  /** A bounded set of canonical texts: reminders mostly repeat a few types, due times and periods. */
  static final class Texts {
    private static final int MAX = 4096;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    String of(String s) {
      if (s == null) {
        return null;
      }
      String had = known.get(s);
      if (had != null) {
        return had;
      }
      if (known.size() < MAX) {
        had = known.putIfAbsent(s, s);
      }
      return had != null ? had : s;
    }
  }

  /** The store failed or holds something unreadable; the message says what. */
  static final class StoreException extends Exception {
    private static final long serialVersionUID = 1L;

    StoreException(String message) {
      super(message, null, false, false);
    }
  }

  /** Loads and starts every stored reminder of {@code types}. */
  void start(Iterable<String> hosted) {
    for (String type : hosted) {
      PartitionedStore<Entry> ps = of(type);
      try {
        synchronized (ps) {
          for (Entry e : ps.load()) {
            resume(ps, e);
          }
        }
      } catch (StateException | IOException e) {
        LOG.error("the reminders of actor type {} could not be read: {}", type, e.getMessage());
      }
    }
  }

  /** Schedules a loaded reminder from its track: after its last delivery, or at its first due time. */
  private void resume(PartitionedStore<Entry> ps, Entry e) throws StateException, IOException {
    Optional<StoredValue> track = store.get(new GetRequest(e.key(), Map.of(), null));
    if (track.isEmpty() || track.get().data() == null || track.get().data().length == 0) {
      schedule(e, e);
      return;
    }
    JsonNode t = JSON.readTree(track.get().data());
    Instant last;
    try {
      last = Instant.parse(t.path("lastFiredTime").asText());
    } catch (java.time.format.DateTimeParseException ex) {
      schedule(e, e);
      return;
    }
    Entry next = following(e.after(last, t.path("repetitionLeft").asInt(e.left())), false);
    if (next == null) {
      ps.remove(e.key());
      deleteTrack(e.key());
    } else {
      schedule(e, next);
    }
  }

  private PartitionedStore<Entry> of(String type) {
    return types.computeIfAbsent(type, t -> new PartitionedStore<>(store, "actors||" + t, "reminders", codec));
  }

  /**
   * Creates a reminder.
   *
   * @return {@code false} when one of that name exists and {@code overwrite} is off (nothing changed)
   */
  boolean create(Entry created, boolean overwrite) throws StoreException {
    Entry e = created.shared(texts);
    PartitionedStore<Entry> ps = of(e.type());
    synchronized (ps) {
      if (!overwrite && ps.get(e.key()).isPresent()) {
        return false;
      }
      try {
        deleteTrack(e.key());
        ps.put(e);
      } catch (StateException ex) {
        throw new StoreException(ex.getMessage());
      }
      schedule(e, e);
      return true;
    }
  }

  /** The reminder, if stored. */
  Optional<Entry> get(String type, String id, String name) throws StoreException {
    return of(type).get(type + "||" + id + "||" + name);
  }

  /** The reminders of {@code type}. */
  List<Entry> list(String type) {
    return of(type).all();
  }

  /** Deletes a reminder; a missing one is not an error. */
  void delete(String type, String id, String name) throws StoreException {
    PartitionedStore<Entry> ps = of(type);
    String key = type + "||" + id + "||" + name;
    synchronized (ps) {
      queue.cancel(key);
      try {
        if (ps.remove(key)) {
          deleteTrack(key);
        }
      } catch (StateException ex) {
        throw new StoreException(ex.getMessage());
      }
    }
  }

  /** Waits for {@code due}'s time, then delivers it; {@code origin} is the reminder as stored. */
  private void schedule(Entry origin, Entry due) {
    queue.schedule(origin.key(), due.next(), () -> deliver(origin, due));
  }

  private void deliver(Entry origin, Entry e) {
    PartitionedStore<Entry> ps = of(origin.type());
    if (!current(ps, origin)) {
      return;
    }
    try {
      if (e.expires() != null && clock.instant().isAfter(e.expires())) {
        finish(ps, origin);
        return;
      }
      boolean cancelled = fire(e);
      Entry next = cancelled ? null : following(e, true);
      synchronized (ps) {
        if (closed || !current(ps, origin)) { // closing: the tick was not delivered; a restart delivers it
          return;
        }
        if (next == null) {
          finish(ps, origin);
          return;
        }
        writeTrack(origin.key(), e.next(), next.left());
        schedule(origin, next);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    } catch (StateException ex) {
      LOG.error("reminder {} stopped: the store failed: {}", origin.key(), ex.getMessage());
    }
  }

  private static boolean current(PartitionedStore<Entry> ps, Entry origin) {
    return ps.get(origin.key()).orElse(null) == origin;
  }

  private void finish(PartitionedStore<Entry> ps, Entry origin) throws StateException {
    synchronized (ps) {
      if (current(ps, origin)) {
        ps.remove(origin.key());
        deleteTrack(origin.key());
      }
    }
  }

  private void writeTrack(String key, Instant lastFired, int left) throws StateException {
    ObjectNode t = JSON.createObjectNode().put("lastFiredTime", lastFired.toString()).put("repetitionLeft", left);
    store.set(new SetRequest(key, t.toString().getBytes(StandardCharsets.UTF_8), null, Map.of(),
        Concurrency.LAST_WRITE, null));
  }

  private void deleteTrack(String key) throws StateException {
    store.delete(new DeleteRequest(key, null, Map.of(), null, null));
  }

  /**
   * The tick after {@code e}'s, or null when there is none; {@code delivered}: {@code e}'s tick was just delivered
   * (one repetition fewer left), else {@code e.left()} already counts it (read from a track).
   */
  private static Entry following(Entry e, boolean delivered) {
    ReminderTimes.Period p;
    try {
      p = ReminderTimes.period(e.period());
    } catch (ReminderTimes.FormatException ex) {
      return null;
    }
    int left = delivered && e.left() > 0 ? e.left() - 1 : e.left();
    if (!p.repeating() || left == 0) {
      return null;
    }
    return e.after(p.following(e.next()), left);
  }

  /** Delivers one tick; {@code true} when the app cancelled the reminder. */
  private boolean fire(Entry e) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    if (e.data() != null && !e.data().isEmpty()) {
      try {
        body.set("data", JSON.readTree(e.data()));
      } catch (IOException ex) {
        body.put("data", e.data());
      }
    }
    body.put("dueTime", e.dueTime() == null ? "" : e.dueTime());
    body.put("period", e.period() == null ? "" : e.period());
    try {
      Reply reply = table.call(e.type(), e.id(), "remind/" + e.name(),
          new Request(Map.of(), "", "application/json", body.toString().getBytes(StandardCharsets.UTF_8)));
      return reply.cancelsReminder();
    } catch (ActorCallException | RuntimeException ex) {
      LOG.error("Error executing reminder for actor {}: {}", e.key(), ex.getMessage());
      return false;
    }
  }

  private static Entry entry(JsonNode n) throws StoreException {
    try {
      return new Entry(n.path("actorType").asText(), n.path("actorID").asText(), n.path("name").asText(),
          n.hasNonNull("data") ? n.get("data").asText() : null, n.path("dueTime").asText(""),
          n.path("period").asText(""), Instant.parse(n.path("registeredTime").asText()),
          n.path("repeatsLeft").asInt(-1),
          n.hasNonNull("expirationTime") ? Instant.parse(n.get("expirationTime").asText()) : null);
    } catch (java.time.format.DateTimeParseException e) {
      throw new StoreException("a stored reminder has a bad time: " + e.getMessage());
    }
  }

  /** How many reminders are scheduled here. */
  int count() {
    return queue.size();
  }

  @Override
  public void close() {
    closed = true;
    queue.close();
  }

  /** The stored form of a reminder. */
  private final PartitionedStore.Codec<Entry> codec = new PartitionedStore.Codec<>() {
    @Override
    public String key(Entry e) {
      return e.key();
    }

    @Override
    public String hashInput(Entry e) {
      return e.id() + e.name();
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
      out.writeEndObject();
    }

    @Override
    public Entry decode(JsonNode n) throws IOException {
      try {
        return entry(n).shared(texts);
      } catch (StoreException e) {
        throw new IOException(e.getMessage());
      }
    }
  };
}
