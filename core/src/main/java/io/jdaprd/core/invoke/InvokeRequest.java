package io.jdaprd.core.invoke;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call of an app's method, as daprd's {@code InvokeMethodRequest} carries it between the caller's API, its
 * sidecar, the target's sidecar and the target app.
 *
 * @param method the method: an HTTP path without the leading slash, or a gRPC method name
 * @param verb the HTTP verb in capitals ({@code GET}, {@code POST}...), or {@code NONE} when a gRPC caller set none
 * @param query the raw query string, without {@code ?}; empty for none
 * @param metadata the caller's headers or gRPC metadata, with every value, keyed as the caller's transport spells
 *     them (HTTP: Go's canonical form, e.g. {@code Content-Type}; gRPC: lower case)
 * @param contentType the body's content type; empty for none
 * @param body the body
 */
public record InvokeRequest(String method, String verb, String query, Map<String, List<String>> metadata,
    String contentType, InvokeBody body) {

  public InvokeRequest {
    metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    query = query == null ? "" : query;
    contentType = contentType == null ? "" : contentType;
  }

  /** The same call with {@code method} in place of this one's. */
  public InvokeRequest withMethod(String newMethod) {
    return new InvokeRequest(newMethod, verb, query, metadata, contentType, body);
  }

  /** The same call with {@code newMetadata} in place of this one's. */
  public InvokeRequest withMetadata(Map<String, List<String>> newMetadata) {
    return new InvokeRequest(method, verb, query, newMetadata, contentType, body);
  }

  /** Whether the body's length is unknown (it streams): such a request cannot be sent twice. */
  public boolean streaming() {
    return body.length() < 0;
  }
}
