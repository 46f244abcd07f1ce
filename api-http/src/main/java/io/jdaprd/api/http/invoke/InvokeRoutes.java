package io.jdaprd.api.http.invoke;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.Transport;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.runtime.Blocks;

/**
 * {@code /v1.0/invoke/{appId}/method/...} with any verb, any path with a {@code dapr-app-id} header, and every
 * unmatched route, answered by {@link InvokeBlock}. Registered last: its catch-all route yields to every other.
 */
public final class InvokeRoutes implements HttpRoutes {
  private static final String INVOKE_PREFIX = "/v1.0/invoke/";

  private final InvokeBlock invoke;
  private final HttpCalls calls;

  /** The routes of the blocks' service invocation. */
  public InvokeRoutes(Blocks blocks, HttpCalls calls) {
    this.invoke = blocks.get(InvokeBlock.class);
    this.calls = calls;
  }

  /** Adds the catch-all route to {@code sb}; routes added elsewhere take precedence. */
  @Override
  public void addTo(ServerBuilder sb) {
    sb.serviceUnder("/", this::invoke);
  }

  private HttpResponse invoke(ServiceRequestContext ctx, HttpRequest req) {
    String target = targetAppId(ctx.path(), req.headers().get("dapr-app-id"));
    return calls.call(ctx, req, agg -> {
      invoke.invoke(target, Transport.HTTP);
      return HttpCalls.noContent();
    });
  }

  /** The app id from {@code /v1.0/invoke/{id}/method/...}, else from the header, else {@code null}. */
  static String targetAppId(String path, String header) {
    if (path.startsWith(INVOKE_PREFIX)) {
      String rest = path.substring(INVOKE_PREFIX.length());
      int slash = rest.indexOf('/');
      if (slash > 0 && rest.startsWith("/method", slash)) {
        return java.net.URLDecoder.decode(rest.substring(0, slash), java.nio.charset.StandardCharsets.UTF_8);
      }
    }
    return header;
  }
}
