package io.jdaprd.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.dapr.actors.runtime.ActorRuntime;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The app side of the official Java actors SDK without its Spring Boot module: a JDK HTTP server that answers
 * daprd's actor callbacks by calling {@link ActorRuntime} as the SDK's own controller does. {@code GET /dapr/config}
 * is the runtime's serialized configuration; {@code PUT /actors/{type}/{id}/method/{m}} invokes a method (its result
 * is the body), {@code .../method/remind/{name}} and {@code .../method/timer/{name}} deliver reminders and timers,
 * {@code DELETE /actors/{type}/{id}} deactivates. A failure answers 500 with the error's text.
 */
final class SdkActorApp implements AutoCloseable {
  private final HttpServer server;
  private final ActorRuntime runtime;

  /** Serves {@code runtime}'s actors on {@code port} of 127.0.0.1. */
  SdkActorApp(ActorRuntime runtime, int port) throws IOException {
    this.runtime = runtime;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      byte[] body = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getRawPath();
      String method = ex.getRequestMethod();
      try {
        if (path.equals("/dapr/config")) {
          answer(ex, 200, runtime.serializeConfig());
          return;
        }
        if (path.equals("/healthz")) {
          answer(ex, 200, new byte[0]);
          return;
        }
        if (!path.startsWith("/actors/")) {
          answer(ex, 404, new byte[0]);
          return;
        }
        String[] parts = path.substring("/actors/".length()).split("/", 4);
        String type = decode(parts[0]);
        String id = decode(parts[1]);
        if (parts.length == 2 && method.equals("DELETE")) {
          runtime.deactivate(type, id).block();
          answer(ex, 200, new byte[0]);
          return;
        }
        if (parts.length == 4 && parts[2].equals("method") && method.equals("PUT")) {
          String rest = parts[3];
          if (rest.startsWith("remind/")) {
            runtime.invokeReminder(type, id, decode(rest.substring(7)), body).block();
            answer(ex, 200, new byte[0]);
          } else if (rest.startsWith("timer/")) {
            runtime.invokeTimer(type, id, decode(rest.substring(6)), body).block();
            answer(ex, 200, new byte[0]);
          } else {
            byte[] out = runtime.invoke(type, id, decode(rest), body).block();
            answer(ex, 200, out == null ? new byte[0] : out);
          }
          return;
        }
        answer(ex, 404, new byte[0]);
      } catch (RuntimeException e) {
        answer(ex, 500, String.valueOf(e.getMessage()).getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void answer(HttpExchange ex, int status, byte[] body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
