package io.jdaprd.bench.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The app of the 20-test class: subscribes to topic {@code orders} of {@code pubsub} (route {@code /orders}) and
 * hosts actor type {@code Order}; records each event body and each reminder call ({@code id:name}).
 */
final class BenchApp {
  final List<String> events = new CopyOnWriteArrayList<>();
  final List<String> reminders = new CopyOnWriteArrayList<>();
  private final HttpServer server;

  private BenchApp(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts on {@code port} of 127.0.0.1 (0: any free port). */
  static BenchApp start(int port) {
    try {
      return new BenchApp(port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = ex.getRequestURI().getPath();
      String answer = "";
      if (path.equals("/dapr/config")) {
        answer = "{\"entities\":[\"Order\"]}";
      } else if (path.equals("/dapr/subscribe")) {
        answer = "[{\"pubsubname\":\"pubsub\",\"topic\":\"orders\",\"route\":\"/orders\"}]";
      } else if (path.equals("/orders")) {
        events.add(body);
        answer = "{\"status\":\"SUCCESS\"}";
      } else if (path.startsWith("/actors/Order/") && path.contains("/method/remind/")) {
        String[] p = path.split("/");
        reminders.add(p[3] + ":" + p[6]);
      } else if (!path.startsWith("/actors/") && !path.equals("/healthz")) {
        ex.sendResponseHeaders(404, -1);
        return;
      }
      byte[] out = answer.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        ex.getResponseBody().write(out);
      }
    }
  }

  void stop() {
    server.stop(0);
  }
}
