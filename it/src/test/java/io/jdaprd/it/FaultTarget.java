package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.spi.testkit.backend.FaultProxy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * One backend behind a {@link FaultProxy}, seen from the client of a sidecar: {@link #call(String)} makes one call
 * through the sidecar's HTTP API that needs the backend (a state store: save, then get; a pub/sub: publish), and
 * {@link #checkFailure} tells whether a failed call was answered as daprd answers it (the catalog's status, code and
 * message prefix, and nothing internal).
 */
abstract class FaultTarget {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  /** How long the test waits for any answer: a call still unanswered then is a hang. */
  static final Duration HANG = Duration.ofSeconds(30);
  /** Text a client must never see: Java exceptions, package-qualified class names, stack frames. */
  private static final Pattern INTERNAL = Pattern.compile(
      "Exception|\\b(java|javax|io|org|com|sun|jdk)\\.[a-z]+\\.|\\n\\s*at |\\$[A-Z]");

  /** What one call got: a success, or the status and body of the failure ({@code -1}: no answer at all). */
  record Answer(boolean ok, int status, String body, long millis) {
    /** The failure's {@code errorCode} and {@code message}, as the client saw them. */
    String summary() {
      if (ok) {
        return "ok";
      }
      if (status < 0) {
        return "no answer (" + body + ")";
      }
      try {
        JsonNode error = JSON.readTree(body);
        return status + " " + error.path("errorCode").asText() + " \"" + error.path("message").asText() + "\"";
      } catch (IOException e) {
        return status + " " + body;
      }
    }
  }

  final String name;
  final FaultProxy proxy;
  final String component;
  private final String base;

  FaultTarget(String name, FaultProxy proxy, String component, SidecarProcess sidecar) {
    this.name = name;
    this.proxy = proxy;
    this.component = component;
    this.base = sidecar.httpBase();
  }

  /** One call through the sidecar that needs the backend; {@code id} makes it unique. */
  abstract Answer call(String id);

  /** The catalog errors a failed call may carry: code and message prefix pairs. */
  abstract List<String[]> expectedErrors(String id);

  /** Fails unless {@code answer} is one of {@link #expectedErrors}, whole and without internal text. */
  void checkFailure(String id, Answer answer) {
    assertThat(answer.status()).as("%s: the sidecar answered %s", name, answer.summary()).isEqualTo(500);
    JsonNode error;
    try {
      error = JSON.readTree(answer.body());
    } catch (IOException e) {
      throw new AssertionError(name + ": the error body is not JSON: " + answer.body(), e);
    }
    String code = error.path("errorCode").asText();
    String message = error.path("message").asText();
    boolean expected = expectedErrors(id).stream()
        .anyMatch(e -> e[0].equals(code) && message.startsWith(e[1]) && message.length() > e[1].length());
    assertThat(expected).as("%s: %s is not one of daprd's answers for this call", name, answer.summary()).isTrue();
    assertThat(INTERNAL.matcher(answer.body()).find())
        .as("%s: the error shows internal text: %s", name, answer.body()).isFalse();
  }

  Answer send(String method, String path, String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(HANG)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (contentType != null) {
      b.header("content-type", contentType);
    }
    long started = System.nanoTime();
    try {
      HttpResponse<String> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(r.statusCode() / 100 == 2, r.statusCode(), r.body(), millisSince(started));
    } catch (HttpTimeoutException e) {
      return new Answer(false, -1, "no answer within " + HANG.toSeconds() + " s", millisSince(started));
    } catch (IOException e) {
      return new Answer(false, -1, e.toString(), millisSince(started));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  static long millisSince(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }

  @Override
  public String toString() {
    return name;
  }

  /** A state store: the call saves {@code id} under the key {@code id}, then reads it back. */
  static final class StateStore extends FaultTarget {
    /** The keys whose save the sidecar acknowledged (204); each holds its own name. */
    final List<String> saved = new CopyOnWriteArrayList<>();

    StateStore(String name, FaultProxy proxy, String store, SidecarProcess sidecar) {
      super(name, proxy, store, sidecar);
    }

    @Override
    Answer call(String id) {
      long started = System.nanoTime();
      Answer save = send("POST", "/v1.0/state/" + component, "[{\"key\":\"" + id + "\",\"value\":\"" + id + "\"}]",
          "application/json");
      if (!save.ok()) {
        return save;
      }
      saved.add(id);
      Answer got = send("GET", "/v1.0/state/" + component + "/" + id, null, null);
      if (got.ok() && !got.body().equals("\"" + id + "\"")) {
        throw new AssertionError(name + ": read " + got.body() + " back after saving \"" + id + "\"");
      }
      return new Answer(got.ok(), got.status(), got.body(), millisSince(started));
    }

    /** The acknowledged keys that do not read back as saved now. */
    List<String> lost() {
      List<String> lost = new ArrayList<>();
      for (String key : saved) {
        Answer got = send("GET", "/v1.0/state/" + component + "/" + key, null, null);
        if (!got.ok() || !got.body().equals("\"" + key + "\"")) {
          lost.add(key + " (" + got.summary() + ")");
        }
      }
      return lost;
    }

    @Override
    List<String[]> expectedErrors(String id) {
      return List.of(new String[] {"ERR_STATE_SAVE", "failed saving state in state store " + component + ": "},
          new String[] {"ERR_STATE_GET", "fail to get " + id + " from state store " + component + ": "});
    }
  }

  /** A pub/sub: the call publishes an event whose CloudEvent id is {@code id}; accepted ones are remembered. */
  static final class PubSub extends FaultTarget {
    final String topic;
    final List<String> accepted = new CopyOnWriteArrayList<>();

    PubSub(String name, FaultProxy proxy, String pubsub, String topic, SidecarProcess sidecar) {
      super(name, proxy, pubsub, sidecar);
      this.topic = topic;
    }

    @Override
    Answer call(String id) {
      Answer answer = send("POST", "/v1.0/publish/" + component + "/" + topic + "?metadata.cloudevent.id="
          + URLEncoder.encode(id, StandardCharsets.UTF_8), "{\"id\":\"" + id + "\"}", "application/json");
      if (answer.ok()) {
        accepted.add(id);
      }
      return answer;
    }

    @Override
    List<String[]> expectedErrors(String id) {
      return List.<String[]>of(new String[] {"ERR_PUBSUB_PUBLISH_MESSAGE",
          "error when publishing to topic " + topic + " in pubsub " + component + ": "});
    }
  }
}
