package io.jdaprd.api.http;

import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.actors.ActorsRoutes;
import io.jdaprd.api.http.bindings.BindingsRoutes;
import io.jdaprd.api.http.configuration.ConfigurationRoutes;
import io.jdaprd.api.http.conversation.ConversationRoutes;
import io.jdaprd.api.http.crypto.CryptoRoutes;
import io.jdaprd.api.http.health.HealthRoutes;
import io.jdaprd.api.http.invoke.InvokeRoutes;
import io.jdaprd.api.http.jobs.JobsRoutes;
import io.jdaprd.api.http.lock.LockRoutes;
import io.jdaprd.api.http.metadata.MetadataRoutes;
import io.jdaprd.api.http.pubsub.PubSubRoutes;
import io.jdaprd.api.http.secrets.SecretsRoutes;
import io.jdaprd.api.http.state.StateRoutes;
import io.jdaprd.api.http.workflows.WorkflowsRoutes;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.runtime.Lifecycle;
import io.jdaprd.core.state.StateBlock;
import java.util.List;

/**
 * Assembles the Dapr HTTP API on an Armeria server: the routes of every block's {@code api.http.<block>} package,
 * the API token check (health routes exempt; a failure is daprd's plain-text 401), the body size limit, and the
 * invocation fallback for every unmatched route.
 */
public final class DaprHttpApi {
  /** The blocks' routes, one line each; invocation last, since its catch-all yields to every other route. */
  private static final List<HttpRoutes.Factory> ROUTES = List.of(
      (blocks, calls) -> new HealthRoutes(blocks.get(HealthBlock.class), calls)::addTo,
      (blocks, calls) -> new StateRoutes(blocks.get(StateBlock.class), calls)::addTo,
      (blocks, calls) -> new PubSubRoutes(blocks.get(PubSubBlock.class), blocks.appId(), calls),
      (blocks, calls) -> new MetadataRoutes(blocks.get(MetadataBlock.class), blocks.get(Lifecycle.class),
          calls)::addTo,
      BindingsRoutes::new,
      SecretsRoutes::new,
      ActorsRoutes::new,
      WorkflowsRoutes::new,
      ConfigurationRoutes::new,
      JobsRoutes::new,
      LockRoutes::new,
      CryptoRoutes::new,
      ConversationRoutes::new,
      InvokeRoutes::new);

  private DaprHttpApi() {
  }

  /** Adds the API's routes and decorators to {@code sb} (the port is the caller's). */
  public static void addTo(ServerBuilder sb, Blocks blocks, ApiSettings settings) {
    HttpCalls calls = new HttpCalls(settings, blocks.get(Metrics.class));
    sb.maxRequestLength(settings.maxBodySize());
    List<HttpRoutes> routes = ROUTES.stream().map(f -> f.create(blocks, calls)).toList();
    sb.errorHandler(new BodyTooLargeHandler(calls, routes));
    routes.forEach(r -> r.addTo(sb));
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
