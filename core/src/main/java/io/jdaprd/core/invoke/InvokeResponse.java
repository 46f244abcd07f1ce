package io.jdaprd.core.invoke;

import java.util.List;
import java.util.Map;

/**
 * What the target app answered, as daprd's {@code InternalInvokeResponse} carries it back.
 *
 * @param status the app's status: an HTTP status (100 and up) from an HTTP app, a gRPC code (0 to 16) from a gRPC
 *     app
 * @param headers the app's response headers (HTTP) or header metadata (gRPC)
 * @param trailers a gRPC app's trailers; empty for HTTP apps
 * @param contentType the body's content type; empty for none
 * @param body the body
 */
public record InvokeResponse(InvokeStatus status, Map<String, List<String>> headers,
    Map<String, List<String>> trailers, String contentType, InvokeBody body) implements AutoCloseable {

  public InvokeResponse {
    headers = Map.copyOf(headers);
    trailers = Map.copyOf(trailers);
    contentType = contentType == null ? "" : contentType;
  }

  /** Releases the body when it is not passed on. */
  @Override
  public void close() {
    body.close();
  }
}
