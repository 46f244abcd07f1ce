package io.jdaprd.components.bindings;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A private HTTP server on a free loopback port for the HTTP binding's tests: {@code POST}/{@code PUT}/{@code PATCH}
 * {@code /store/<key>} keeps the body, {@code GET /store/<key>} answers it (404 when absent), {@code /status/<n>}
 * answers status n with body {@code status n} and header {@code X-Reply: yes}; every request is recorded.
 */
final class RecordingServer implements AutoCloseable {
  /** One request as the server saw it. */
  record Seen(String method, String path, Map<String, List<String>> headers, byte[] body) {
  }

  final Map<String, byte[]> stored = new ConcurrentHashMap<>();
  final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  RecordingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** The server's base URL, without a trailing slash. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    String path = exchange.getRequestURI().getRawPath();
    String method = exchange.getRequestMethod();
    seen.add(new Seen(method, path, Map.copyOf(exchange.getRequestHeaders()), body));
    int status = 200;
    byte[] answer = new byte[0];
    if (path.startsWith("/store/")) {
      String key = path.substring("/store/".length());
      if (method.equals("GET")) {
        byte[] value = stored.get(key);
        status = value == null ? 404 : 200;
        answer = value == null ? "missing".getBytes() : value;
      } else if (method.equals("DELETE")) {
        stored.remove(key);
        status = 204;
      } else {
        stored.put(key, body);
        status = 201;
        answer = "{\"stored\":true}".getBytes();
      }
    } else if (path.startsWith("/status/")) {
      status = Integer.parseInt(path.substring("/status/".length()));
      answer = ("status " + status).getBytes();
      exchange.getResponseHeaders().add("X-Reply", "yes");
    }
    boolean noBody = status == 204 || method.equals("HEAD") || answer.length == 0;
    exchange.sendResponseHeaders(status, noBody ? -1 : answer.length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
