package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A sidecar with {@code --app-port} whose app is not listening yet: it serves its API (outbound health is ready)
 * but {@code /v1.0/healthz} answers 500 until the app is up and its subscriptions are set up.
 */
class AppStartupTest {

  @Test
  void healthzWaitsForTheAppAndItsSubscriptions() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0)) {
      port = probe.getLocalPort();
    }
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-app-startup")
        .resources(Locations.testResource("components/pubsub")).args("--app-port", String.valueOf(port))
        .readiness("/v1.0/healthz/outbound").start()) {
      Http http = new Http(sidecar);
      HttpResponse<String> waiting = http.get("/v1.0/healthz");
      assertThat(waiting.statusCode()).isEqualTo(500);
      assertThat(waiting.body()).contains("ERR_HEALTH_NOT_READY").contains("subscriptions");

      HttpServer app = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
      app.createContext("/dapr/subscribe", exchange -> {
        byte[] body = "[{\"pubsubname\":\"pubsub\",\"topic\":\"late\",\"route\":\"/late\"}]"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("content-type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      app.start();
      try {
        long deadline = System.nanoTime() + 20_000_000_000L;
        int status = 0;
        while (System.nanoTime() < deadline && status != 204) {
          status = http.get("/v1.0/healthz").statusCode();
          Thread.sleep(50);
        }
        assertThat(status).as("healthz once the app listens and its subscriptions run").isEqualTo(204);
        assertThat(http.get("/v1.0/metadata").body()).contains("\"topic\":\"late\"");
      } finally {
        app.stop(0);
      }
    }
  }
}
