package io.jdaprd.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The apps of a cluster of actor hosts, in this JVM: one JDK HTTP server per sidecar, each hosting actor type
 * {@code Counter} ({@code GET /dapr/config}) and sharing one book of what every actor does, so that a test can see
 * which host an actor runs on, how often it was activated, and whether two hosts ever held it, or ran its turns, at
 * the same time:
 *
 * <ul>
 *   <li>an actor is active on a host from its first call there until {@code DELETE /actors/Counter/{id}}; a call on
 *       a host while another live host holds the actor is a double activation;
 *   <li>a method call holds the actor's turn for {@link #TURN_MILLIS} ms; a second turn of the same actor starting
 *       meanwhile, on any live host, is an overlap;
 *   <li>a host whose sidecar was killed is marked dead: what it held is forgotten and its calls are not counted.
 * </ul>
 *
 * <p>Method calls answer {@code {"host":<index>}} (method {@code whoami} adds the caller identity headers it got:
 * {@code {"host":<index>,"caller":"[<dapr-caller-app-id>...]","namespace":"[...]"}}); reminder ticks ({@code remind/<name>}) are recorded with their host
 * and time.
 */
final class ActorCluster implements AutoCloseable {
  static final int TURN_MILLIS = 20;

  /** A reminder tick: the actor, reminder, host and time. */
  record Tick(String actorId, String name, int host, Instant at) {
  }

  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final Map<String, Integer> holder = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> activations = new ConcurrentHashMap<>();
  private final Map<Integer, Boolean> dead = new ConcurrentHashMap<>();
  private final List<String> violations = new CopyOnWriteArrayList<>();
  private final List<Tick> ticks = new CopyOnWriteArrayList<>();

  /** Starts {@code hosts} apps on free ports of 127.0.0.1. */
  ActorCluster(int hosts) throws IOException {
    for (int i = 0; i < hosts; i++) {
      int host = i;
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext("/", exchange -> handle(host, exchange));
      server.start();
      servers.add(server);
    }
  }

  /** The app port of host {@code host}. */
  int port(int host) {
    return servers.get(host).getAddress().getPort();
  }

  /** Marks host {@code host} dead (its sidecar is about to be killed): what it holds is forgotten. */
  void dead(int host) {
    dead.put(host, true);
    holder.values().removeIf(h -> h == host);
  }

  /** The double activations and overlapping turns seen so far. */
  List<String> violations() {
    return List.copyOf(violations);
  }

  /** How often each actor was activated, by id. */
  Map<String, Integer> activations() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    activations.forEach((id, n) -> out.put(id, n.get()));
    return out;
  }

  /** The reminder ticks so far. */
  List<Tick> ticks() {
    return List.copyOf(ticks);
  }

  private void handle(int host, HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    exchange.getRequestBody().readAllBytes();
    if (path.equals("/dapr/config")) {
      respond(exchange, 200, "{\"entities\":[\"Counter\"],\"actorIdleTimeout\":\"1h\",\"drainOngoingCallTimeout\":"
          + "\"5s\",\"drainRebalancedActors\":true}");
      return;
    }
    String[] parts = path.split("/");
    // /actors/Counter/{id}[/method/{name...}]
    if (parts.length < 4 || !parts[1].equals("actors") || !parts[2].equals("Counter")) {
      respond(exchange, 404, "");
      return;
    }
    String id = parts[3];
    boolean live = !dead.containsKey(host);
    if (exchange.getRequestMethod().equals("DELETE")) {
      holder.remove(id, host);
      respond(exchange, 200, "");
      return;
    }
    if (live) {
      Integer other = holder.putIfAbsent(id, host);
      if (other == null) {
        activations.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
      } else if (other != host && !dead.containsKey(other)) {
        violations.add("actor " + id + " called on host " + host + " while active on host " + other);
      }
    }
    if (parts.length >= 7 && parts[5].equals("remind")) {
      ticks.add(new Tick(id, parts[6], host, Instant.now()));
      respond(exchange, 200, "");
      return;
    }
    if (parts.length == 6 && parts[4].equals("method") && parts[5].equals("whoami")) {
      respond(exchange, 200, "{\"host\":" + host + ",\"caller\":\""
          + exchange.getRequestHeaders().get("dapr-caller-app-id") + "\",\"namespace\":\""
          + exchange.getRequestHeaders().get("dapr-caller-namespace") + "\"}");
      return;
    }
    AtomicInteger turn = turns.computeIfAbsent(id, k -> new AtomicInteger());
    if (live && turn.incrementAndGet() > 1) {
      violations.add("actor " + id + " ran two turns at once (host " + host + ")");
    }
    try {
      Thread.sleep(TURN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (live) {
        turn.decrementAndGet();
      }
    }
    respond(exchange, 200, "{\"host\":" + host + "}");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("content-type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    servers.forEach(s -> s.stop(0));
  }
}
