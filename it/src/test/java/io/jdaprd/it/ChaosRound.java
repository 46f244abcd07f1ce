package io.jdaprd.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One round of a crash-consistency run: client threads write to a sidecar as fast as it answers until {@link #stop()}
 * (the sidecar has been killed by then), each recording which of its operations were acknowledged (a 2xx) and which
 * are in doubt (any other answer, or none); {@link #verify} then checks them against a restarted sidecar.
 *
 * <ul>
 *   <li>State, {@value #WRITERS} writers per store: transaction {@code n} of a writer upserts its keys {@code a},
 *       {@code b}, {@code c} to {@code n} and a key of its own, {@code log-n}, to {@code n}. After the restart an
 *       acknowledged {@code n} must be visible ({@code log-n} there and {@code a >= n}), and every transaction all or
 *       nothing: {@code a == b == c}, {@code log-a} there, and no {@code log-n} with {@code a < n}.</li>
 *   <li>Pub/sub, one publisher per component: bulk publishes of {@value #BULK} events; every event of an
 *       acknowledged bulk must reach the app (at least once).</li>
 *   <li>Reminders: one writer registers reminders ({@code dueTime 0s}, {@code period 1s}) on the actor store; each
 *       acknowledged one must fire again after the kill.</li>
 * </ul>
 */
final class ChaosRound {
  static final int WRITERS = 2;
  static final int BULK = 10;
  private static final int MAX_REMINDERS = 30;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  private final int round;
  private final String base;
  private final ChaosApp app;
  private final List<Thread> threads = new ArrayList<>();
  private final List<StateWriter> writers = new ArrayList<>();
  private final Map<String, ConcurrentLinkedQueue<String>> published = new HashMap<>();
  private final Map<String, AtomicInteger> publishesInDoubt = new HashMap<>();
  private final ConcurrentLinkedQueue<String> reminders = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> remindersTried = new ConcurrentLinkedQueue<>();
  private final AtomicInteger remindersInDoubt = new AtomicInteger();
  private volatile boolean stopped;

  ChaosRound(int round, String base, ChaosApp app) {
    this.round = round;
    this.base = base;
    this.app = app;
  }

  /** Starts every client thread. */
  void start() {
    for (String store : ChaosBackends.STORES) {
      for (int w = 0; w < WRITERS; w++) {
        StateWriter writer = new StateWriter(store, "r" + round + "-w" + w + "-");
        writers.add(writer);
        threads.add(Thread.ofPlatform().name("chaos-state-" + store + "-" + w).start(writer));
      }
    }
    for (String pubsub : ChaosBackends.PUBSUBS) {
      published.put(pubsub, new ConcurrentLinkedQueue<>());
      publishesInDoubt.put(pubsub, new AtomicInteger());
      threads.add(Thread.ofPlatform().name("chaos-publish-" + pubsub).start(() -> publish(pubsub)));
    }
    threads.add(Thread.ofPlatform().name("chaos-reminders").start(this::registerReminders));
  }

  /** Whether every client has had at least one acknowledgement. */
  boolean everyClientAcknowledged() {
    return writers.stream().allMatch(w -> w.acknowledged.size() > 0)
        && published.values().stream().allMatch(q -> !q.isEmpty()) && !reminders.isEmpty();
  }

  /** Stops the clients and waits for them. */
  void stop() throws InterruptedException {
    stopped = true;
    for (Thread t : threads) {
      t.join();
    }
  }

  private static HttpResponse<String> send(String method, String url, String body) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .header("content-type", "application/json");
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** A writer of transactions on one store, see the class comment. */
  private final class StateWriter implements Runnable {
    final String store;
    final String prefix;
    final List<Integer> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
    volatile int attempted;

    StateWriter(String store, String prefix) {
      this.store = store;
      this.prefix = prefix;
    }

    @Override
    public void run() {
      String url = base + "/v1.0/state/" + store + "/transaction";
      while (!stopped) {
        int n = attempted + 1;
        attempted = n;
        ArrayNode ops = JSON.createArrayNode();
        for (String k : List.of("a", "b", "c", "log-" + n)) {
          ObjectNode op = ops.addObject().put("operation", "upsert");
          op.putObject("request").put("key", prefix + k).put("value", n);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("operations", ops);
        try {
          if (send("POST", url, body.toString()).statusCode() / 100 == 2) {
            acknowledged.add(n);
          }
        } catch (IOException e) {
          pauseUnlessStopped();
        }
      }
    }

    /** Checks what the restarted sidecar at {@code after} shows, into {@code tally}. */
    void verify(String after, ChaosTally tally) throws IOException {
      ChaosTally.Counts counts = tally.of("state/" + store);
      counts.acknowledged.addAndGet(acknowledged.size());
      counts.inDoubt.addAndGet(attempted - acknowledged.size());
      ArrayNode keys = JSON.createArrayNode().add(prefix + "a").add(prefix + "b").add(prefix + "c");
      for (int n = 1; n <= attempted; n++) {
        keys.add(prefix + "log-" + n);
      }
      ObjectNode request = JSON.createObjectNode();
      request.set("keys", keys);
      HttpResponse<String> r = send("POST", after + "/v1.0/state/" + store + "/bulk", request.toString());
      if (r.statusCode() != 200) {
        throw new AssertionError("bulk get on " + store + ": " + r.statusCode() + " " + r.body());
      }
      Map<String, Integer> values = new HashMap<>();
      for (JsonNode item : JSON.readTree(r.body())) {
        if (item.has("data") && !item.get("data").isNull()) {
          values.put(item.path("key").asText(), item.get("data").asInt());
        }
      }
      int a = values.getOrDefault(prefix + "a", 0);
      boolean torn = a != values.getOrDefault(prefix + "b", 0) || a != values.getOrDefault(prefix + "c", 0)
          || (a > 0 && !values.containsKey(prefix + "log-" + a));
      if (torn) {
        report(counts.partial, "a=" + a + " b=" + values.get(prefix + "b") + " c=" + values.get(prefix + "c")
            + " log-" + a + "=" + values.get(prefix + "log-" + a));
      }
      for (int n = 1; n <= attempted; n++) {
        boolean log = values.containsKey(prefix + "log-" + n);
        boolean abc = a >= n;
        if (acknowledged.contains(n) && !log && !abc) {
          report(counts.lost, "acknowledged transaction " + n + " (a=" + a + ")");
        } else if (log != abc && (log || acknowledged.contains(n))) {
          report(counts.partial, "transaction " + n + ": log=" + log + " a=" + a);
        }
      }
    }

    private void report(java.util.concurrent.atomic.AtomicLong counter, String what) {
      counter.incrementAndGet();
      System.out.printf("chaos round %d: state/%s %s: %s%n", round, store, prefix, what);
    }
  }

  private void publish(String pubsub) {
    String url = base + "/v1.0-alpha1/publish/bulk/" + pubsub + "/" + ChaosApp.TOPIC;
    for (int n = 1; !stopped; n++) {
      ArrayNode entries = JSON.createArrayNode();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < BULK; i++) {
        String id = "r" + round + "-" + n + "-" + i;
        ids.add(id);
        ObjectNode e = entries.addObject().put("entryId", String.valueOf(i)).put("contentType", "application/json");
        e.putObject("event").put("id", id);
      }
      try {
        if (send("POST", url, entries.toString()).statusCode() / 100 == 2) {
          published.get(pubsub).addAll(ids);
          continue;
        }
      } catch (IOException e) {
        pauseUnlessStopped();
      }
      publishesInDoubt.get(pubsub).addAndGet(BULK);
    }
  }

  private void registerReminders() {
    for (int n = 1; !stopped; n++) {
      if (n > MAX_REMINDERS) {
        pauseUnlessStopped();
        continue;
      }
      String reminder = "a" + (n % 8) + "/r" + round + "-m" + n;
      remindersTried.add(reminder);
      String[] parts = reminder.split("/");
      try {
        HttpResponse<String> r = send("PUT", base + "/v1.0/actors/" + ChaosApp.ACTOR + "/" + parts[0]
            + "/reminders/" + parts[1], "{\"dueTime\":\"0s\",\"period\":\"1s\"}");
        if (r.statusCode() / 100 == 2) {
          reminders.add(reminder);
        } else {
          remindersInDoubt.incrementAndGet();
        }
      } catch (IOException e) {
        remindersInDoubt.incrementAndGet();
      }
      pauseUnlessStopped();
    }
  }

  private void pauseUnlessStopped() {
    if (!stopped) {
      CountingApp.pause(50);
    }
  }

  /**
   * Checks every client's record against the sidecar restarted at {@code after}, the sidecar having been killed at
   * {@code killedAt} ({@link System#nanoTime()}); waits up to {@code wait} for deliveries and reminders. Removes the
   * round's reminders afterwards.
   */
  void verify(String after, long killedAt, Duration wait, ChaosTally tally) throws IOException {
    for (StateWriter w : writers) {
      w.verify(after, tally);
    }
    long deadline = System.nanoTime() + wait.toNanos();
    for (String pubsub : ChaosBackends.PUBSUBS) {
      List<String> ids = List.copyOf(published.get(pubsub));
      ChaosTally.Counts counts = tally.of("pubsub/" + pubsub);
      counts.acknowledged.addAndGet(ids.size());
      counts.inDoubt.addAndGet(publishesInDoubt.get(pubsub).get());
      CountingApp.waitFor(() -> ids.stream().allMatch(id -> app.delivered(pubsub, id)),
          Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      List<String> missing = ids.stream().filter(id -> !app.delivered(pubsub, id)).toList();
      if (!missing.isEmpty()) {
        counts.lost.addAndGet(missing.size());
        System.out.printf("chaos round %d: pubsub/%s: %d of %d acknowledged events not delivered, e.g. %s%n",
            round, pubsub, missing.size(), ids.size(), missing.subList(0, Math.min(5, missing.size())));
      }
    }
    List<String> acked = List.copyOf(reminders);
    ChaosTally.Counts counts = tally.of("reminders");
    counts.acknowledged.addAndGet(acked.size());
    counts.inDoubt.addAndGet(remindersInDoubt.get());
    CountingApp.waitFor(() -> acked.stream().allMatch(r -> app.firedSince(r, killedAt)),
        Duration.ofNanos(Math.max(Duration.ofSeconds(10).toNanos(), deadline - System.nanoTime())));
    List<String> silent = acked.stream().filter(r -> !app.firedSince(r, killedAt)).toList();
    if (!silent.isEmpty()) {
      counts.lost.addAndGet(silent.size());
      System.out.printf("chaos round %d: reminders: %d of %d acknowledged did not fire after the restart: %s%n",
          round, silent.size(), acked.size(), silent);
    }
    for (String r : remindersTried) {
      String[] parts = r.split("/");
      send("DELETE", after + "/v1.0/actors/" + ChaosApp.ACTOR + "/" + parts[0] + "/reminders/" + parts[1], null);
    }
  }
}
