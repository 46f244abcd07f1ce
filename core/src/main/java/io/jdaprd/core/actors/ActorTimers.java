package io.jdaprd.core.actors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdaprd.core.actors.ActorApp.ActorCallException;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.scheduler.DueQueue;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Actor timers, in memory as in daprd: each timer waits in one {@link DueQueue} for its due time (no thread per
 * timer), then calls {@code PUT /actors/{type}/{id}/method/timer/{name}} in the actor's turn with daprd's body
 * ({@code {"data","callback","dueTime","period"}}), and repeats by its period until its repetitions or TTL run out or
 * the app answers {@code X-Daprremindercancel: true}. A timer with the name of an existing one replaces it; timers
 * end with their actor's activation. Each tick counts in {@code dapr_runtime_actor_timers_fired_total}, unsuccessful
 * when the call failed or the app cancelled the timer (as daprd, where the cancellation is an error).
 */
final class ActorTimers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ActorTimers.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS Z 'UTC'").withZone(ZoneOffset.UTC);

  /** The most timer deliveries in flight at once. */
  private static final int MAX_DELIVERIES = 256;

  private final ActorTable table;
  private final Clock clock;
  private final io.jdaprd.core.metrics.Metrics metrics;
  private final DueQueue queue;
  /** The timer each key stands for now: a delivery of a replaced or deleted timer is not repeated. */
  private final Map<String, Spec> current = new ConcurrentHashMap<>();

  ActorTimers(ActorTable table, Clock clock, io.jdaprd.core.metrics.Metrics metrics) {
    this.table = table;
    this.clock = clock;
    this.metrics = metrics;
    this.queue = new DueQueue("actor-timers", clock, MAX_DELIVERIES);
  }

  /**
   * A timer to create.
   *
   * @param data the raw JSON of {@code data}, {@code null} for none
   */
  record Spec(String type, String id, String name, String dueTime, String period, String ttl, String callback,
      String data) {
    String key() {
      return type + "||" + id + "||" + name;
    }
  }

  /**
   * Creates (or replaces) a timer.
   *
   * @throws ReminderTimes.FormatException with daprd's text when a time does not parse or the timer already expired
   */
  void create(Spec spec) throws ReminderTimes.FormatException {
    Instant now = clock.instant();
    Instant first = now;
    if (spec.dueTime() != null && !spec.dueTime().isEmpty()) {
      try {
        first = ReminderTimes.time(spec.dueTime(), now);
      } catch (ReminderTimes.FormatException e) {
        throw new ReminderTimes.FormatException("error parsing timer due time: " + e.getMessage());
      }
    }
    ReminderTimes.Period period;
    try {
      period = ReminderTimes.period(spec.period());
    } catch (ReminderTimes.FormatException e) {
      throw new ReminderTimes.FormatException("invalid timer period: " + e.getMessage());
    }
    Instant expires = null;
    if (spec.ttl() != null && !spec.ttl().isEmpty()) {
      try {
        expires = ReminderTimes.time(spec.ttl(), first);
      } catch (ReminderTimes.FormatException e) {
        throw new ReminderTimes.FormatException("error parsing timer TTL: " + e.getMessage());
      }
      if (now.isAfter(expires) || first.isAfter(expires)) {
        throw new ReminderTimes.FormatException("timer " + spec.key() + " has already expired: dueTime: "
            + GO_TIME.format(first) + " TTL: " + spec.ttl());
      }
    }
    String key = spec.key();
    int left = period.repeats();
    Instant end = expires;
    Instant start = first;
    synchronized (current) {
      current.put(key, spec);
      queue.schedule(key, start, () -> deliver(spec, start, period, end, left));
    }
  }

  /** Delivers the tick due at {@code due} and schedules the next, while {@code spec} is still the key's timer. */
  private void deliver(Spec spec, Instant due, ReminderTimes.Period period, Instant expires, int left) {
    String key = spec.key();
    if (current.get(key) != spec) {
      return;
    }
    if (expires != null && clock.instant().isAfter(expires)) {
      current.remove(key, spec);
      return;
    }
    boolean goOn;
    try {
      goOn = fire(spec, period);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    int remaining = left > 0 ? left - 1 : left;
    synchronized (current) {
      if (current.get(key) != spec) {
        return;
      }
      if (!goOn || !period.repeating() || remaining == 0) {
        current.remove(key, spec);
        return;
      }
      Instant next = period.following(due);
      queue.schedule(key, next, () -> deliver(spec, next, period, expires, remaining));
    }
  }

  /** Delivers one tick; {@code false} when the timer ends (the app cancelled it). */
  private boolean fire(Spec spec, ReminderTimes.Period period) throws InterruptedException {
    ObjectNode body = JSON.createObjectNode();
    if (spec.data() != null && !spec.data().isEmpty()) {
      try {
        body.set("data", JSON.readTree(spec.data()));
      } catch (java.io.IOException e) {
        body.put("data", spec.data());
      }
    }
    body.put("callback", spec.callback() == null ? "" : spec.callback());
    body.put("dueTime", spec.dueTime() == null ? "" : spec.dueTime());
    body.put("period", period.text());
    Request request = new Request(Map.of(), "", "application/json",
        body.toString().getBytes(StandardCharsets.UTF_8));
    try {
      Reply reply = table.call(spec.type(), spec.id(), "timer/" + spec.name(), request);
      metrics.actorTimerFired(spec.type(), !reply.cancelsReminder());
      return !reply.cancelsReminder();
    } catch (ActorCallException e) {
      metrics.actorTimerFired(spec.type(), false);
      LOG.error("Error executing timer for actor {}: {}", spec.key(), e.getMessage());
      return true;
    } catch (RuntimeException e) {
      metrics.actorTimerFired(spec.type(), false);
      LOG.error("Error executing timer for actor {}: {}", spec.key(), e.getMessage());
      return true;
    }
  }

  /** Deletes a timer; deleting one that does not exist is not an error. */
  void delete(String type, String id, String name) {
    String key = type + "||" + id + "||" + name;
    synchronized (current) {
      current.remove(key);
      queue.cancel(key);
    }
  }

  /** Deletes every timer of {@code type/id} (its activation ended). */
  void deleteAll(String type, String id) {
    String prefix = type + "||" + id + "||";
    synchronized (current) {
      current.keySet().removeIf(k -> k.startsWith(prefix));
      queue.cancelIf(k -> k.startsWith(prefix));
    }
  }

  /** How many timers are scheduled. */
  int count() {
    return current.size();
  }

  @Override
  public void close() {
    queue.close();
    current.clear();
  }
}
