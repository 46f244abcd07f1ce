package io.jdaprd.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

/**
 * The target app of the invocation tests (the JDK's HTTP server, no SDK): {@code /echo...} answers 200 with the
 * request body, echoing the verb, path, query and caller headers back as {@code x-seen-*} headers;
 * {@code /status/<n>} answers status n with a body naming it; {@code /count} reads the whole body and answers its
 * size, without keeping it; {@code /sleep/<ms>} answers 200 after that many milliseconds. Every request's method, path, query and headers are recorded.
 */
final class InvokeApp implements AutoCloseable {
  /** A request the app received. */
  record Seen(String method, String path, String query, Map<String, List<String>> headers) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  InvokeApp() throws IOException {
    this(null);
  }

  /** The app over HTTPS with {@code tls}'s certificate, or over plain HTTP when {@code tls} is {@code null}. */
  InvokeApp(SSLContext tls) throws IOException {
    if (tls == null) {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } else {
      HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls));
      server = https;
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Seen> seen() {
    return seen;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    seen.add(new Seen(exchange.getRequestMethod(), path, query == null ? "" : query,
        Map.copyOf(exchange.getRequestHeaders())));
    try (exchange; InputStream in = exchange.getRequestBody()) {
      if (path.startsWith("/status/")) {
        byte[] body = ("status " + path.substring(8)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("X-App", "status");
        exchange.sendResponseHeaders(Integer.parseInt(path.substring(8)), body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      if (path.startsWith("/sleep/")) {
        try {
          Thread.sleep(Long.parseLong(path.substring(7)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      if (path.equals("/count")) {
        long n = in.transferTo(OutputStream.nullOutputStream());
        byte[] body = Long.toString(n).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        return;
      }
      exchange.getResponseHeaders().add("X-Seen-Method", exchange.getRequestMethod());
      exchange.getResponseHeaders().add("X-Seen-Path", path);
      exchange.getResponseHeaders().add("X-Seen-Query", query == null ? "" : query);
      String custom = exchange.getRequestHeaders().getFirst("X-Custom");
      exchange.getResponseHeaders().add("X-Seen-Custom", custom == null ? "" : custom);
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null) {
        exchange.getResponseHeaders().add("Content-Type", contentType);
      }
      exchange.sendResponseHeaders(200, 0);
      in.transferTo(exchange.getResponseBody());
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
