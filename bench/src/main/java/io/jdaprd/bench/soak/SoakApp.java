package io.jdaprd.bench.soak;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app behind the soaked sidecar (the JDK's HTTP server on a loopback port): subscribes {@link #ROUTE} to
 * {@code soakpubsub}/{@code soak} and records the sequence number of every event delivered, echoes invocations of
 * {@code /echo}, hosts the actor type {@link #ACTOR_TYPE}, and counts calls that came without the app token when one
 * is expected.
 */
public final class SoakApp implements AutoCloseable {
  /** The pub/sub component the soak publishes on. */
  public static final String PUBSUB = "soakpubsub";
  /** Its topic. */
  public static final String TOPIC = "soak";
  /** The actor type the app hosts. */
  public static final String ACTOR_TYPE = "soakactor";
  private static final String ROUTE = "/events";
  private static final Pattern SEQ = Pattern.compile("\"seq\":(\\d+)");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final BitSet delivered = new BitSet();
  private final AtomicLong deliveries = new AtomicLong();
  private final AtomicLong withoutToken = new AtomicLong();
  private final String appToken;

  /** Starts the app; {@code appToken} is the {@code dapr-api-token} every call must carry ({@code null}: none). */
  public SoakApp(String appToken) throws IOException {
    this.appToken = appToken;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 512);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The app's port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Events delivered, counting redeliveries. */
  public long deliveries() {
    return deliveries.get();
  }

  /** Calls into the app that lacked the expected app token. */
  public long callsWithoutToken() {
    return withoutToken.get();
  }

  /** True when the event of sequence number {@code seq} was delivered at least once. */
  public boolean delivered(int seq) {
    synchronized (delivered) {
      return delivered.get(seq);
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      if (appToken != null && !appToken.equals(ex.getRequestHeaders().getFirst("dapr-api-token"))) {
        withoutToken.incrementAndGet();
      }
      String path = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod();
      if (path.equals("/dapr/subscribe")) {
        reply(ex, 200, "[{\"pubsubname\":\"" + PUBSUB + "\",\"topic\":\"" + TOPIC + "\",\"route\":\"" + ROUTE
            + "\"}]");
      } else if (path.equals("/dapr/config")) {
        reply(ex, 200, "{\"entities\":[\"" + ACTOR_TYPE + "\"],\"actorIdleTimeout\":\"1h\"}");
      } else if (path.equals(ROUTE)) {
        Matcher m = SEQ.matcher(new String(body, StandardCharsets.UTF_8));
        if (m.find()) {
          int seq = Integer.parseInt(m.group(1));
          synchronized (delivered) {
            delivered.set(seq);
          }
          deliveries.incrementAndGet();
        }
        reply(ex, 200, "{\"status\":\"SUCCESS\"}");
      } else if (path.equals("/echo")) {
        reply(ex, 200, new String(body, StandardCharsets.UTF_8));
      } else if (path.startsWith("/actors/" + ACTOR_TYPE + "/") || path.equals("/healthz")) {
        reply(ex, 200, method.equals("PUT") ? "\"ok\"" : "");
      } else {
        reply(ex, 404, "");
      }
    }
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /**
   * Writes the soak's components into {@code dir}: {@code statestore} (in-memory, the actor state store) and
   * {@link #PUBSUB} (in-memory, deep enough for the soak's rate).
   */
  public static void writeComponents(java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Files.writeString(dir.resolve("components.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
          metadata:
          - name: actorStateStore
            value: "true"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: pubsub.in-memory
          version: v1
          metadata:
          - name: queueDepth
            value: "100000"
        """.formatted(SoakApp.PUBSUB));
  }
}
