package io.jdaprd.core.actors;

import io.jdaprd.core.actors.ActorApp.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The caller identity daprd puts on actor method calls into the app ({@code dapr-caller-app-id},
 * {@code dapr-caller-namespace}). The actors API first drops those two keys from what the client sent; the sidecar
 * that runs the call then stamps its own app id and namespace, unless the request already names a caller app id.
 * Keys match exactly, as daprd's metadata map does: over HTTP the client's headers arrive in Go's canonical form
 * ({@code Dapr-Caller-App-Id}), which daprd's removal does not touch, and neither does this.
 */
final class CallerIdentity {
  /** The app id of the caller. */
  static final String APP_ID = "dapr-caller-app-id";
  /** The namespace of the caller. */
  static final String NAMESPACE = "dapr-caller-namespace";

  private CallerIdentity() {
  }

  /** {@code request} without the identity keys a client may have set. */
  static Request stripUntrusted(Request request) {
    if (!request.headers().containsKey(APP_ID) && !request.headers().containsKey(NAMESPACE)) {
      return request;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    headers.remove(APP_ID);
    headers.remove(NAMESPACE);
    return new Request(headers, request.query(), request.contentType(), request.body());
  }

  /**
   * {@code request} with {@code appId} and {@code namespace} as its caller (each only when not empty), unless it
   * already carries a non-empty caller app id (a remote caller's identity is kept).
   */
  static Request stampLocal(Request request, String appId, String namespace) {
    List<String> present = request.headers().get(APP_ID);
    if (present != null && !present.isEmpty() && !present.get(0).isEmpty()) {
      return request;
    }
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    if (!appId.isEmpty()) {
      headers.put(APP_ID, List.of(appId));
    }
    if (!namespace.isEmpty()) {
      headers.put(NAMESPACE, List.of(namespace));
    }
    return new Request(headers, request.query(), request.contentType(), request.body());
  }
}
