package io.jdaprd.core.actors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 */
final class ActorReminders implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActorReminders.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateStore store;
  private final ActorTable table;
  private final Clock clock;
  private final Map<String, Thread> running = new ConcurrentHashMap<>();

  ActorReminders(StateStore store, ActorTable table, Clock clock) {
    this.store = store;
    this.table = table;
    this.clock = clock;
  }

  /** A reminder as stored. */
  record Entry(String type, String id, String name, String data, String dueTime, String period, Instant next,
      int left, Instant expires) {
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

  /** Starts every stored reminder of {@code types}. */
  void start(Iterable<String> types) {
    for (String type : types) {
      try {
        for (JsonNode n : read(type)) {
          schedule(entry(n));
        }
      } catch (StoreException e) {
        LOG.error("the reminders of actor type {} could not be read: {}", type, e.getMessage());
      }
    }
  }

  /**
   * Creates a reminder.
   *
   * @return {@code false} when one of that name exists and {@code overwrite} is off (nothing changed)
   */
  synchronized boolean create(Entry e, boolean overwrite) throws StoreException {
    ArrayNode all = read(e.type());
    int at = indexOf(all, e.id(), e.name());
    if (at >= 0 && !overwrite) {
      return false;
    }
    if (at >= 0) {
      all.remove(at);
    }
    all.add(node(e));
    write(e.type(), all);
    schedule(e);
    return true;
  }

  /** The reminder, if stored. */
  synchronized Optional<Entry> get(String type, String id, String name) throws StoreException {
    ArrayNode all = read(type);
    int at = indexOf(all, id, name);
    return at < 0 ? Optional.empty() : Optional.of(entry(all.get(at)));
  }

  /** Deletes a reminder; a missing one is not an error. */
  synchronized void delete(String type, String id, String name) throws StoreException {
    Thread t = running.remove(type + "||" + id + "||" + name);
    if (t != null) {
      t.interrupt();
    }
    ArrayNode all = read(type);
    int at = indexOf(all, id, name);
    if (at >= 0) {
      all.remove(at);
      write(type, all);
    }
  }

  /**
   * The reminders of {@code type}, of actor {@code id} only when it is not {@code null}, ordered by actor id then
   * name (the order of daprd's scheduler keys).
   */
  synchronized List<Entry> list(String type, String id) throws StoreException {
    List<Entry> out = new ArrayList<>();
    for (JsonNode n : read(type)) {
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
    ArrayNode all = read(type);
    ArrayNode kept = JSON.createArrayNode();
    for (JsonNode n : all) {
      Entry e = entry(n);
      if (id == null || id.equals(e.id())) {
        Thread t = running.remove(e.key());
        if (t != null) {
          t.interrupt();
        }
      } else {
        kept.add(n);
      }
    }
    if (kept.size() != all.size()) {
      write(type, kept);
    }
  }

  /** Records a delivered tick: the next due time and repetitions left, or removes the reminder when it is done. */
  private synchronized void advance(Entry e, Entry next) throws StoreException {
    ArrayNode all = read(e.type());
    int at = indexOf(all, e.id(), e.name());
    if (at < 0 || !entry(all.get(at)).next().equals(e.next())) {
      return;
    }
    all.remove(at);
    if (next != null) {
      all.insert(at, node(next));
    }
    write(e.type(), all);
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
        Duration wait = Duration.between(clock.instant(), e.next());
        if (wait.isPositive()) {
          Thread.sleep(wait);
        }
        if (e.expires() != null && clock.instant().isAfter(e.expires())) {
          advance(e, null);
          return;
        }
        boolean cancelled = fire(e);
        Entry next = cancelled ? null : following(e);
        advance(e, next);
        e = next;
      }
    } catch (InterruptedException ex) {
      // replaced, deleted or stopped
    } catch (StoreException ex) {
      LOG.error("reminder {} stopped: the store failed: {}", first.key(), ex.getMessage());
    } finally {
      running.remove(first.key(), Thread.currentThread());
    }
  }

  private static Entry following(Entry e) {
    ReminderTimes.Period p;
    try {
      p = ReminderTimes.period(e.period());
    } catch (ReminderTimes.FormatException ex) {
      return null;
    }
    int left = e.left() > 0 ? e.left() - 1 : e.left();
    if (!p.repeating() || left == 0) {
      return null;
    }
    return new Entry(e.type(), e.id(), e.name(), e.data(), e.dueTime(), e.period(), p.following(e.next()), left,
        e.expires());
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

  private String storeKey(String type) {
    return "actors||" + type;
  }

  private ArrayNode read(String type) throws StoreException {
    try {
      Optional<StoredValue> v = store.get(new GetRequest(storeKey(type), Map.of(), null));
      if (v.isEmpty() || v.get().data() == null || v.get().data().length == 0) {
        return JSON.createArrayNode();
      }
      JsonNode n = JSON.readTree(v.get().data());
      if (!(n instanceof ArrayNode a)) {
        throw new StoreException("the reminders of " + type + " are not a JSON array");
      }
      return a;
    } catch (StateException | IOException e) {
      throw new StoreException(e.getMessage());
    }
  }

  private void write(String type, ArrayNode all) throws StoreException {
    try {
      store.set(new SetRequest(storeKey(type), all.toString().getBytes(StandardCharsets.UTF_8), null, Map.of(),
          Concurrency.LAST_WRITE, null));
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
    return n;
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
    return running.size();
  }

  @Override
  public void close() {
    running.values().forEach(Thread::interrupt);
    running.clear();
  }
}
