package io.jdaprd.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A plain HTTP app (the JDK's HTTP server, no Dapr SDK) for whole-sidecar tests: it answers
 * {@code GET /dapr/subscribe} with a fixed body, records every request, and answers each path as told (200 with an
 * empty body unless {@link #answer} says otherwise).
 */
final class TestApp implements AutoCloseable {
  /** A request the app received. */
  record Received(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }
  }

  /** An answer: status and body. */
  record Answer(int status, String body) {
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, IntFunction<Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  TestApp(String subscribeJson) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    answers.put("/dapr/subscribe", n -> subscribeJson == null ? new Answer(404, "")
        : new Answer(200, subscribeJson));
    server.createContext("/", this::handle);
    server.start();
  }

  /** The app's port. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Answers {@code path} with {@code answer(n)} on its n-th call (1-based). */
  void answer(String path, IntFunction<Answer> answer) {
    answers.put(path, answer);
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    received.add(new Received(exchange.getRequestMethod(), path, Map.copyOf(exchange.getRequestHeaders()), body));
    int n = calls.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    Answer a = answers.getOrDefault(path, i -> new Answer(200, "")).apply(n);
    byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("content-type", "application/json");
    exchange.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** Every request so far, in order. */
  List<Received> all() {
    return List.copyOf(received);
  }

  /** The requests to {@code path} so far. */
  List<Received> requests(String path) {
    List<Received> out = new ArrayList<>();
    for (Received r : received) {
      if (r.path().equals(path)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Waits until {@code path} has had at least {@code count} requests, and returns them. */
  List<Received> await(String path, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      List<Received> r = requests(path);
      if (r.size() >= count) {
        return r;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("expected " + count + " request(s) to " + path + " within " + timeout + ", got "
        + requests(path).size() + "; all: " + received.stream().map(Received::path).toList());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
