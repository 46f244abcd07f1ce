package io.jdaprd.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * An app hosting actor type {@code Daily} (idle timeout 1 h, scans every 30 s) as daprd's actor callbacks see it:
 * it records each reminder, timer, method call and deactivation it receives as {@code id:remind:name},
 * {@code id:timer:name}, {@code id:invoke:method}, {@code id:deactivated}. Also sends the sidecar's actor API calls (over plain HTTP: the Java SDK's client has no
 * reminder or timer calls outside an actor).
 */
final class FakeActorApp implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final List<String> received = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  FakeActorApp() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      if (path.equals("/dapr/config")) {
        byte[] body = "{\"entities\":[\"Daily\"],\"actorIdleTimeout\":\"1h\",\"actorScanInterval\":\"30s\"}"
            .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, body.length);
        ex.getResponseBody().write(body);
        return;
      }
      String[] p = path.split("/");
      if (path.startsWith("/actors/Daily/") && ex.getRequestMethod().equals("DELETE")) {
        received.add(p[3] + ":deactivated");
      } else if (path.startsWith("/actors/Daily/") && p.length == 7) {
        received.add(p[3] + ":" + p[5] + ":" + p[6]);
      } else if (path.startsWith("/actors/Daily/") && p.length == 6) {
        received.add(p[3] + ":invoke:" + p[5]);
      } else if (!path.equals("/healthz")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      ex.sendResponseHeaders(200, -1);
    }
  }

  /** What actor {@code id} received that starts with {@code id:kind}. */
  List<String> of(String id, String kind) {
    return received.stream().filter(s -> s.startsWith(id + ":" + kind)).toList();
  }

  /** Waits up to 5 s (real time) until {@code count} of what {@code id} received start with {@code kind}. */
  List<String> await(String id, String kind, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (of(id, kind).size() < count && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    return of(id, kind);
  }

  /** Sends {@code body} to the sidecar's actor API under {@code /v1.0/actors/Daily/...}, retrying until hosted. */
  static int post(JdaprdSidecar sidecar, String path, String body) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (true) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
          URI.create(sidecar.getHttpEndpoint() + "/v1.0/actors/Daily/" + path))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() < 300 || System.nanoTime() > deadline || !notHostedYet.test(r.body())) {
        return r.statusCode();
      }
      Thread.sleep(5);
    }
  }

  private static final Predicate<String> notHostedYet = body -> body.contains("ERR_ACTOR_RUNTIME_NOT_FOUND")
      || body.contains("ERR_ACTOR_INSTANCE_MISSING") || body.contains("not found");

  @Override
  public void close() {
    server.stop(0);
  }
}
