package io.jdaprd.core.actors;

import io.jdaprd.core.invoke.AppInvoker;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ActorApp} over an HTTP app channel: every callback is one call of the app's {@link AppInvoker}, with the
 * paths, verbs and checks of daprd's HTTP actor transport (404 is "actor method not found", any other status but
 * 200 "error from actor service: (status) body").
 */
public final class AppActorCallbacks implements ActorApp {
  private static final long MAX_BODY = 64L * 1024 * 1024;

  private final AppInvoker app;
  private final String appId;

  /** Callbacks through {@code app}, announcing {@code appId} in {@code dapr-app-id} where daprd does. */
  public AppActorCallbacks(AppInvoker app, String appId) {
    this.app = app;
    this.appId = appId;
  }

  @Override
  public ActorsConfig config() throws ActorCallException {
    InvokeRequest request = new InvokeRequest("dapr/config", "GET", "", Map.of("dapr-app-id", List.of(appId)), "",
        InvokeBody.empty());
    try (InvokeResponse response = call(request)) {
      byte[] body = read(response);
      if (response.status().code() != 200) {
        return ActorsConfig.NONE;
      }
      try {
        return ActorsConfig.parse(body);
      } catch (IOException e) {
        throw new ActorCallException("error unmarshalling the app's configuration: " + e.getMessage());
      }
    }
  }

  @Override
  public Reply invoke(String actorType, String actorId, String method, Request request)
      throws ActorCallException {
    String path = "actors/" + actorType + "/" + actorId + "/method/" + method;
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    InvokeRequest call = new InvokeRequest(path, "PUT", request.query(), headers, request.contentType(),
        InvokeBody.of(request.body()));
    try (InvokeResponse response = call(call)) {
      byte[] body = read(response);
      int status = response.status().code();
      if (status == 404) {
        throw new ActorCallException("actor method not found: " + path);
      }
      if (status != 200) {
        throw new ActorCallException("error from actor service: (" + status + ") "
            + new String(body, StandardCharsets.UTF_8));
      }
      return new Reply(status, response.headers(), response.contentType(), body);
    }
  }

  @Override
  public void deactivate(String actorType, String actorId) throws ActorCallException {
    InvokeRequest call = new InvokeRequest("actors/" + actorType + "/" + actorId, "DELETE", "", Map.of(),
        "application/x-protobuf", InvokeBody.empty());
    try (InvokeResponse response = call(call)) {
      byte[] body = read(response);
      if (response.status().code() != 200) {
        throw new ActorCallException("error from actor service: (" + response.status().code() + ") "
            + new String(body, StandardCharsets.UTF_8));
      }
    }
  }

  private InvokeResponse call(InvokeRequest request) throws ActorCallException {
    try {
      return app.invoke(request);
    } catch (AppInvoker.AppCallFailure e) {
      throw new ActorCallException(e.getMessage());
    }
  }

  private static byte[] read(InvokeResponse response) throws ActorCallException {
    try {
      return response.body().readAll(MAX_BODY);
    } catch (IOException e) {
      // A body cut short (the call was cancelled, or the app went away) has no message: Go's io.ReadAll says this.
      throw new ActorCallException("failed to read response data: "
          + (e.getMessage() == null ? "unexpected EOF" : e.getMessage()));
    }
  }
}
