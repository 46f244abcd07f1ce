package io.jdaprd.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The app behind the crash-consistency runs ({@link CrashConsistencyTest}): it outlives every sidecar it is paired
 * with and remembers what reached it. It subscribes to topic {@value #TOPIC} on each pub/sub it is given (route
 * {@code /events/<pubsub>}) and records the {@code id} of each event's data; it hosts actor type {@value #ACTOR} and
 * records, per reminder ({@code <actor id>/<name>}), when it last fired.
 */
final class ChaosApp implements AutoCloseable {
  static final String TOPIC = "chaos";
  static final String ACTOR = "Chaos";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String subscribeJson;
  private final Map<String, Set<String>> delivered = new ConcurrentHashMap<>();
  private final Map<String, Long> lastFired = new ConcurrentHashMap<>();

  /** Starts the app on a free port of 127.0.0.1, subscribed to {@value #TOPIC} on each of {@code pubsubs}. */
  ChaosApp(List<String> pubsubs) throws IOException {
    StringBuilder subs = new StringBuilder("[");
    for (String p : pubsubs) {
      subs.append(subs.length() > 1 ? "," : "").append("{\"pubsubname\":\"").append(p).append("\",\"topic\":\"")
          .append(TOPIC).append("\",\"route\":\"/events/").append(p).append("\"}");
      delivered.put(p, ConcurrentHashMap.newKeySet());
    }
    subscribeJson = subs.append(']').toString();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    byte[] body = exchange.getRequestBody().readAllBytes();
    if (path.equals("/dapr/subscribe")) {
      respond(exchange, 200, subscribeJson);
    } else if (path.equals("/dapr/config")) {
      respond(exchange, 200, "{\"entities\":[\"" + ACTOR + "\"],\"actorIdleTimeout\":\"1h\"}");
    } else if (path.startsWith("/events/")) {
      JsonNode event = JSON.readTree(body);
      String id = event.path("data").path("id").asText(event.path("id").asText());
      delivered.get(path.substring("/events/".length())).add(id);
      respond(exchange, 200, "{\"status\":\"SUCCESS\"}");
    } else if (path.startsWith("/actors/" + ACTOR + "/") && path.contains("/method/remind/")) {
      String[] parts = path.split("/");
      lastFired.put(parts[3] + "/" + parts[6], System.nanoTime());
      respond(exchange, 200, "");
    } else if (path.startsWith("/actors/")) {
      respond(exchange, 200, "");
    } else {
      respond(exchange, 404, "");
    }
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("content-type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** Whether event {@code id} published on {@code pubsub} reached the app. */
  boolean delivered(String pubsub, String id) {
    return delivered.get(pubsub).contains(id);
  }

  /** Whether reminder {@code actorId/name} fired at or after {@code nanoTime} ({@link System#nanoTime()}). */
  boolean firedSince(String reminder, long nanoTime) {
    Long at = lastFired.get(reminder);
    return at != null && at - nanoTime >= 0;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
