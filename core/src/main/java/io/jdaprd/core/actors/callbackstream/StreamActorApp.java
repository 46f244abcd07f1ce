package io.jdaprd.core.actors.callbackstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.core.actors.ActorApp;
import io.jdaprd.core.actors.ActorsConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The app's actor callbacks over the callback stream, as daprd 1.18's stream transport makes them:
 *
 * <ul>
 *   <li>a method call is an {@code invoke_request} with the body as {@code data} and the first value of each
 *       metadata name; the answer's {@code metadata} are its headers and {@code content-type} its content type, and
 *       an answer with {@code error: true} is an actor error ({@link Reply#actorError()});
 *   <li>{@code remind/<name>} and {@code timer/<name>} are a {@code reminder_request} or {@code timer_request}
 *       with the tick's due time, period, callback and data; {@code cancel: true} cancels the reminder or timer;
 *   <li>a deactivation is a {@code deactivate_request}, whatever the app answers;
 *   <li>a {@code request_failed} answer with code {@code NotFound} fails a method call with
 *       {@code actor method not found: <method>}, any other with {@code error from actor service: <message>}; an
 *       answer of the wrong kind is {@code actor host returned an unexpected response type for <kind>}.
 * </ul>
 */
public final class StreamActorApp implements ActorApp {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final CallbackConnections connections;
  private final ActorsConfig config;

  /** Callbacks through {@code connections} for the types of {@code config} (the stream's registration). */
  public StreamActorApp(CallbackConnections connections, ActorsConfig config) {
    this.connections = connections;
    this.config = config;
  }

  /** The registration's configuration (the app is not asked: it told it when it opened the stream). */
  @Override
  public ActorsConfig config() {
    return config;
  }

  @Override
  public Reply invoke(String actorType, String actorId, String method, Request request) throws ActorCallException {
    if (method.startsWith("remind/") || method.startsWith("timer/")) {
      return tick(actorType, actorId, method, request);
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    request.headers().forEach((name, values) -> {
      if (!values.isEmpty()) {
        metadata.put(name, values.get(0));
      }
    });
    ActorAnswer answer = send(id -> new ActorCallback.Invoke(id, actorType, actorId, method, request.body(),
        metadata));
    if (answer instanceof ActorAnswer.Failed f) {
      throw new ActorCallException(f.code() == ActorAnswer.Failed.NOT_FOUND ? "actor method not found: " + method
          : "error from actor service: " + f.message());
    }
    if (!(answer instanceof ActorAnswer.Invoked invoked)) {
      throw unexpected("invoke");
    }
    Map<String, List<String>> headers = new LinkedHashMap<>();
    invoked.metadata().forEach((k, v) -> headers.put(k, List.of(v)));
    if (invoked.error()) {
      headers.put(Reply.ERROR_HEADER, List.of("true"));
    }
    return new Reply(200, headers, invoked.metadata().getOrDefault("content-type", ""), invoked.data());
  }

  private Reply tick(String actorType, String actorId, String method, Request request) throws ActorCallException {
    boolean timer = method.startsWith("timer/");
    String name = method.substring(method.indexOf('/') + 1);
    JsonNode body;
    try {
      body = JSON.readTree(request.body());
    } catch (IOException e) {
      body = JSON.createObjectNode();
    }
    JsonNode dataNode = body == null ? null : body.get("data");
    byte[] data = dataNode == null || dataNode.isNull() ? null : dataNode.toString().getBytes(StandardCharsets.UTF_8);
    String dueTime = body == null ? "" : body.path("dueTime").asText("");
    String period = body == null ? "" : body.path("period").asText("");
    String callback = body == null ? "" : body.path("callback").asText("");
    ActorAnswer answer = send(id -> timer
        ? new ActorCallback.Timer(id, actorType, actorId, name, dueTime, period, callback, data)
        : new ActorCallback.Reminder(id, actorType, actorId, name, dueTime, period, data));
    if (answer instanceof ActorAnswer.Failed f) {
      throw new ActorCallException("error from actor service: " + f.message());
    }
    if (!(answer instanceof ActorAnswer.Ticked t) || t.timer() != timer) {
      throw unexpected(timer ? "timer" : "reminder");
    }
    return new Reply(200, t.cancel() ? Map.of(Reply.CANCEL_HEADER, List.of("true")) : Map.of(), "", new byte[0]);
  }

  @Override
  public void deactivate(String actorType, String actorId) throws ActorCallException {
    send(id -> new ActorCallback.Deactivate(id, actorType, actorId));
  }

  private ActorAnswer send(java.util.function.Function<String, ActorCallback> build) throws ActorCallException {
    try {
      return connections.send(build);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ActorCallException("context canceled");
    }
  }

  private static ActorCallException unexpected(String kind) {
    return new ActorCallException("actor host returned an unexpected response type for " + kind);
  }
}
