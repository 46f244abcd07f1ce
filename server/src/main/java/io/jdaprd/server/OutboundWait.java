package io.jdaprd.server;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code --wait}, as daprd runs it: no sidecar starts; the sidecar already listening on this host's
 * {@code --dapr-http-port} is asked every 100 ms (each request given 500 ms) whether it is outbound ready
 * ({@code GET /v1.0/healthz/outbound} answering 204), for 60 s at most. Progress goes to stderr in daprd's words,
 * a failure at most once a second; the command ends (exit code 0 either way, as daprd's) when the sidecar is ready
 * or the time is up.
 */
final class OutboundWait {
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
  private static final long PERIOD_MILLIS = 100;

  private OutboundWait() {
  }

  /** Waits for the sidecar on {@code port} of localhost; whether it became ready. */
  static boolean await(int port, Duration timeout, PrintStream out) {
    String url = "http://localhost:" + port + "/v1.0/healthz/outbound";
    out.println("Waiting for Dapr to be outbound ready (timeout: " + timeout.toSeconds() + " seconds): url=" + url
        + "\n");
    HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    long nextReport = System.nanoTime();
    String error = null;
    while (System.nanoTime() - deadline < 0) {
      error = check(client, url);
      if (error == null) {
        out.println("Dapr is outbound ready!");
        return true;
      }
      if (System.nanoTime() - nextReport >= 0) {
        nextReport = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        out.println("Dapr outbound NOT ready yet: " + error);
      }
      try {
        Thread.sleep(PERIOD_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    out.println("timeout waiting for Dapr to become outbound ready. Last error: " + error);
    return false;
  }

  /** {@code null} when the sidecar answers 204, else what went wrong. */
  private static String check(HttpClient client, String url) {
    try {
      HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET()
          .build(), HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 204 ? null : "HTTP status code " + r.statusCode();
    } catch (java.io.IOException e) {
      return "Get \"" + url + "\": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
