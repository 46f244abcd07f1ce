package io.jdaprd.api.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.health.HealthRoutes;
import io.jdaprd.api.http.invoke.InvokeRoutes;
import io.jdaprd.api.http.metadata.MetadataRoutes;
import io.jdaprd.api.http.pubsub.PubSubRoutes;
import io.jdaprd.api.http.state.StateRoutes;
import io.jdaprd.api.http.unavailable.UnavailableRoutes;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Blocks;
import java.util.List;

/**
 * Assembles the Dapr HTTP API on an Armeria server: every route of daprd, the API token check (health routes
 * exempt; a failure is daprd's plain-text 401), the body size limit, and the invocation fallback for every
 * unmatched route.
 */
public final class DaprHttpApi {
  private DaprHttpApi() {
  }

  /** Adds the API's routes and decorators to {@code sb} (the port is the caller's). */
  public static void addTo(ServerBuilder sb, Blocks blocks, ApiSettings settings) {
    HttpCalls calls = new HttpCalls(settings);
    sb.maxRequestLength(settings.maxBodySize());
    PubSubRoutes pubsub = new PubSubRoutes(blocks.pubsub(), blocks.appId(), calls);
    sb.errorHandler(new BodyTooLargeHandler(calls, List.of(pubsub::bodyTooLarge)));
    new HealthRoutes(blocks.health(), calls).addTo(sb);
    new StateRoutes(blocks.state(), calls).addTo(sb);
    pubsub.addTo(sb);
    new MetadataRoutes(blocks.metadata(), blocks.lifecycle(), calls).addTo(sb);
    new UnavailableRoutes(blocks.appId(), calls).addTo(sb);
    new InvokeRoutes(blocks.appId(), calls).addTo(sb);
    if (settings.tokenRequired()) {
      sb.decorator((delegate, ctx, req) -> {
        if (HealthRoutes.PATHS.contains(ctx.path()) || settings.tokenMatches(
            req.headers().get(ApiSettings.TOKEN_HEADER))) {
          return delegate.serve(ctx, req);
        }
        return HttpResponse.of(HttpStatus.UNAUTHORIZED, MediaType.PLAIN_TEXT_UTF_8, "invalid api token\n");
      });
    }
  }
}
