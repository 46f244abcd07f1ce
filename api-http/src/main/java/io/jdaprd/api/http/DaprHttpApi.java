package io.jdaprd.api.http;

import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.actors.ActorsRoutes;
import io.jdaprd.api.http.bindings.BindingsRoutes;
import io.jdaprd.api.http.configuration.ConfigurationRoutes;
import io.jdaprd.api.http.conversation.ConversationRoutes;
import io.jdaprd.api.http.crypto.CryptoRoutes;
import io.jdaprd.api.http.access.HttpApiPolicies;
import io.jdaprd.api.http.access.HttpEndpoints;
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
import io.jdaprd.core.runtime.ApiAccess;
import io.jdaprd.core.runtime.ApiLogging;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.runtime.Lifecycle;
import io.jdaprd.core.state.StateBlock;
import java.util.List;

/**
 * Assembles the Dapr HTTP API on an Armeria server: the routes of every block's {@code api.http.<block>} package,
 * the body size limit, the invocation fallback for every unmatched route, and around them what
 * {@link HttpApiPolicies} applies (CORS, the API token, API logging, the API allow and deny lists).
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
    addTo(sb, blocks, settings, ApiAccess.ALL, ApiLogging.OFF, "");
  }

  /**
   * Adds the API's routes and decorators to {@code sb} (the port is the caller's), with the Configuration's API
   * allow and deny lists, API logging and CORS ({@link HttpApiPolicies}).
   *
   * @param allowedOrigins {@code --allowed-origins}; empty: no CORS
   */
  public static void addTo(ServerBuilder sb, Blocks blocks, ApiSettings settings, ApiAccess access,
      ApiLogging logging, String allowedOrigins) {
    addTo(sb, blocks, settings, access, logging, allowedOrigins, null);
  }

  /**
   * {@link #addTo(ServerBuilder, Blocks, ApiSettings, ApiAccess, ApiLogging, String)} with the Configuration's
   * {@code spec.httpPipeline} around the routes ({@code null}: none), where daprd runs it.
   */
  public static void addTo(ServerBuilder sb, Blocks blocks, ApiSettings settings, ApiAccess access,
      ApiLogging logging, String allowedOrigins, DecoratingHttpServiceFunction pipeline) {
    HttpCalls calls = new HttpCalls(settings, blocks.get(Metrics.class));
    sb.maxRequestLength(settings.maxBodySize());
    List<HttpRoutes> routes = ROUTES.stream().map(f -> f.create(blocks, calls)).toList();
    sb.errorHandler(new TransportErrorAnswers(calls, routes));
    routes.forEach(r -> r.addTo(sb));
    InvokeRoutes invoke = routes.stream().filter(InvokeRoutes.class::isInstance).map(InvokeRoutes.class::cast)
        .findFirst().orElseThrow();
    HttpApiPolicies policies = new HttpApiPolicies(settings, access, logging, allowedOrigins, invoke.fallback(),
        pipeline);
    if (policies.any()) {
      sb.decorator(policies);
    }
  }

  /**
   * Adds daprd's public routes to {@code sb}, the server of {@code --dapr-public-port}: the health and metadata
   * routes only (as the lists allow them), without the API token; any other request is Go's
   * {@code 404 page not found}.
   */
  public static void addPublicTo(ServerBuilder sb, Blocks blocks, ApiSettings settings, ApiAccess access) {
    HttpCalls calls = new HttpCalls(new ApiSettings(settings.rendering(), null, settings.maxBodySize()));
    new HealthRoutes(blocks.get(HealthBlock.class), calls).addTo(sb);
    java.util.Set<String> allowed = new java.util.HashSet<>();
    HttpEndpoints.allowed(access).forEach(e -> allowed.add(e.name()));
    if (allowed.contains("GetMetadata") || allowed.contains("PutMetadata")) {
      new MetadataRoutes(blocks.get(MetadataBlock.class), blocks.get(Lifecycle.class), calls).addTo(sb);
    }
    sb.serviceUnder("/", (ctx, req) -> HttpResponse.of(com.linecorp.armeria.common.ResponseHeaders.builder(
        HttpStatus.NOT_FOUND).contentType(MediaType.PLAIN_TEXT_UTF_8).add("x-content-type-options", "nosniff")
        .build(), com.linecorp.armeria.common.HttpData.ofUtf8("404 page not found\n")));
  }
}
