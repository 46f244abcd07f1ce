package io.jdaprd.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes events with chosen CloudEvent ids over a sidecar's HTTP API ({@code POST /v1.0/publish}), as an app
 * would that retries a publish the sidecar refused: a 500 {@code ERR_PUBSUB_PUBLISH_MESSAGE} (the broker is away) or
 * no answer in time is retried until the sidecar accepts the event with 204, and only then is the event counted as
 * {@link #accepted()}. Any other answer fails the test.
 */
final class EventPublisher {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final List<String> accepted = new ArrayList<>();
  private int refusals;
  private int noAnswers;

  EventPublisher(SidecarProcess sidecar, String pubsub, String topic) {
    this.base = sidecar.httpBase() + "/v1.0/publish/" + pubsub + "/" + topic + "?metadata.cloudevent.id=";
  }

  /**
   * Publishes {@code {"id":id}} with CloudEvent id {@code id} until the sidecar answers 204, retrying every 100 ms for
   * at most {@code giveUp}.
   */
  void publish(String id, Duration giveUp) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + URLEncoder.encode(id, StandardCharsets.UTF_8)))
        .timeout(CALL_TIMEOUT).header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + id + "\"}")).build();
    long deadline = System.nanoTime() + giveUp.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() == 204) {
          accepted.add(id);
          return;
        }
        if (r.statusCode() != 500 || !r.body().contains("ERR_PUBSUB_PUBLISH_MESSAGE")) {
          throw new AssertionError("publishing " + id + ": unexpected answer " + r.statusCode() + " " + r.body());
        }
        refusals++;
        last = r.body();
      } catch (IOException e) {
        noAnswers++;
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      CountingApp.pause(100);
    }
    throw new AssertionError("the sidecar did not accept event " + id + " within " + giveUp + "; last: " + last);
  }

  /** The ids the sidecar accepted, in publishing order. */
  List<String> accepted() {
    return List.copyOf(accepted);
  }

  /** How many publishes the sidecar refused with 500 {@code ERR_PUBSUB_PUBLISH_MESSAGE}. */
  int refusals() {
    return refusals;
  }

  /** How many publishes got no answer in time (or no connection). */
  int noAnswers() {
    return noAnswers;
  }
}
