package io.jdaprd.api.http.invoke;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.jdaprd.api.http.HttpCalls;
import io.jdaprd.errors.factories.InvokeErrors;

/**
 * {@code /v1.0/invoke/{appId}/method/...} with any verb, any path with a {@code dapr-app-id} header, and every
 * unmatched route. This runtime has no app channel yet, so an invocation fails as daprd's does without one.
 */
public final class InvokeRoutes {
  private static final String INVOKE_PREFIX = "/v1.0/invoke/";

  private final String appId;
  private final HttpCalls calls;

  public InvokeRoutes(String appId, HttpCalls calls) {
    this.appId = appId;
    this.calls = calls;
  }

  /** Adds the catch-all route to {@code sb}; routes added elsewhere take precedence. */
  public void addTo(ServerBuilder sb) {
    sb.serviceUnder("/", this::invoke);
  }

  private HttpResponse invoke(ServiceRequestContext ctx, HttpRequest req) {
    String target = targetAppId(ctx.path(), req.headers().get("dapr-app-id"));
    return calls.call(ctx, req, agg -> {
      if (target == null || target.isEmpty()) {
        throw InvokeErrors.noAppId();
      }
      String cause = target.equals(appId) ? "app channel is not initialized" : "couldn't find service: " + target;
      throw InvokeErrors.failed(target, cause, Status.Code.INTERNAL);
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
