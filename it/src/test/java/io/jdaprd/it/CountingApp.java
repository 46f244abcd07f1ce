package io.jdaprd.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * A plain HTTP subscriber app (the JDK's HTTP server) that counts, per CloudEvent id, how often the sidecar
 * delivered the event and how often the app's 2xx answer reached the sidecar, for tests that must tell "lost" from
 * "delivered twice". It subscribes to the topics it is given (route {@code /<topic>}) and answers each delivery as its
 * {@link Behaviour} says, which may block to play a slow app.
 *
 * <p>An answer counts as given only when the whole response was written; one the sidecar no longer reads (it timed
 * out, or went away) counts as {@link #broken()}.
 */
final class CountingApp implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How the app answers the {@code delivery}-th (1-based) delivery of event {@code id} on {@code topic}. */
  @FunctionalInterface
  interface Behaviour {
    int status(String topic, String id, int delivery) throws InterruptedException;
  }

  private final HttpServer server;
  private final String subscribeJson;
  private final Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> successes = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> afterSuccess = new ConcurrentHashMap<>();
  private final Map<String, Boolean> inFlight = new ConcurrentHashMap<>();
  private final AtomicInteger broken = new AtomicInteger();
  private volatile Behaviour behaviour = (topic, id, n) -> 200;

  /**
   * Starts the app on {@code port} of 127.0.0.1 (0 for a free one), subscribed on {@code pubsub} to {@code topics}.
   */
  CountingApp(int port, String pubsub, String... topics) throws IOException {
    this(subscriptions(Arrays.stream(topics).collect(Collectors.toMap(t -> t,
        t -> pubsub, (a, b) -> a, LinkedHashMap::new))), port);
  }

  /**
   * Starts the app on a free port of 127.0.0.1, subscribed to each topic of {@code pubsubByTopic} on the pub/sub
   * the map gives for it (route {@code /<topic>}, so topic names differ across pub/subs).
   */
  CountingApp(Map<String, String> pubsubByTopic) throws IOException {
    this(subscriptions(pubsubByTopic), 0);
  }

  private static String subscriptions(Map<String, String> pubsubByTopic) {
    StringBuilder subs = new StringBuilder("[");
    pubsubByTopic.forEach((topic, pubsub) -> subs.append(subs.length() > 1 ? "," : "")
        .append("{\"pubsubname\":\"").append(pubsub).append("\",\"topic\":\"").append(topic)
        .append("\",\"route\":\"/").append(topic).append("\"}"));
    return subs.append(']').toString();
  }

  private CountingApp(String subscribeJson, int port) throws IOException {
    this.subscribeJson = subscribeJson;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The app's port. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Answers every later delivery as {@code b} says (200 until told otherwise). */
  void behave(Behaviour b) {
    this.behaviour = b;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (path.equals("/dapr/subscribe")) {
      respond(exchange, 200, subscribeJson.getBytes(StandardCharsets.UTF_8));
      return;
    }
    if (!"POST".equals(exchange.getRequestMethod()) || path.length() < 2) {
      respond(exchange, 404, new byte[0]);
      return;
    }
    String id = JSON.readTree(body).path("id").asText();
    int n = deliveries.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    if (successes.containsKey(id)) {
      afterSuccess.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
    }
    inFlight.put(id + "#" + n, Boolean.TRUE);
    try {
      int status;
      try {
        status = behaviour.status(path.substring(1), id, n);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        status = 503;
      }
      try {
        respond(exchange, status, new byte[0]);
      } catch (IOException e) {
        broken.incrementAndGet();
        return;
      }
      if (status / 100 == 2) {
        successes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      }
    } finally {
      inFlight.remove(id + "#" + n);
    }
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("content-type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** How often event {@code id} was delivered. */
  int deliveries(String id) {
    AtomicInteger n = deliveries.get(id);
    return n == null ? 0 : n.get();
  }

  /** How often the app's 2xx answer to event {@code id} was written whole. */
  int successes(String id) {
    AtomicInteger n = successes.get(id);
    return n == null ? 0 : n.get();
  }

  /** The events delivered again after a 2xx answer to them had been written, with how often. */
  Map<String, Integer> deliveredAfterSuccess() {
    Map<String, Integer> out = new TreeMap<>();
    afterSuccess.forEach((id, n) -> out.put(id, n.get()));
    return out;
  }

  /** The deliveries of all events together. */
  int totalDeliveries() {
    return deliveries.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The ids of the events the app is handling now. */
  Set<String> inFlight() {
    Set<String> ids = new TreeSet<>();
    for (String key : inFlight.keySet()) {
      ids.add(key.substring(0, key.lastIndexOf('#')));
    }
    return ids;
  }

  /** Answers that could not be written (the sidecar had stopped reading). */
  int broken() {
    return broken.get();
  }

  /** The ids among {@code ids} that have no 2xx answer yet. */
  List<String> withoutSuccess(Collection<String> ids) {
    List<String> out = new ArrayList<>();
    for (String id : ids) {
      if (successes(id) == 0) {
        out.add(id);
      }
    }
    return out;
  }

  /**
   * Waits until every event of {@code ids} has had a 2xx answer; fails naming (some of) those that have not within
   * {@code timeout}.
   */
  void awaitSuccess(Collection<String> ids, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> missing = withoutSuccess(ids);
    while (!missing.isEmpty() && System.nanoTime() < deadline) {
      pause(50);
      missing = withoutSuccess(ids);
    }
    if (!missing.isEmpty()) {
      throw new AssertionError(missing.size() + " of " + ids.size() + " event(s) never reached the app with a 2xx "
          + "answer within " + timeout + ", e.g. " + missing.subList(0, Math.min(10, missing.size()))
          + " (deliveries of the first: " + deliveries(missing.getFirst()) + ")");
    }
  }

  /** Waits until {@code condition} holds, for at most {@code timeout}; whether it held. */
  static boolean waitFor(BooleanSupplier condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() >= deadline) {
        return false;
      }
      pause(20);
    }
    return true;
  }

  static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops serving at once: a closed app refuses connections, as one that is not running does. */
  @Override
  public void close() {
    server.stop(0);
  }
}
