package io.jdaprd.api.http.unavailable;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.jdaprd.api.http.HttpCalls;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.ActorErrors;
import io.jdaprd.errors.factories.BindingErrors;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.ConfigurationErrors;
import io.jdaprd.errors.factories.ConversationErrors;
import io.jdaprd.errors.factories.CryptoErrors;
import io.jdaprd.errors.factories.JobErrors;
import io.jdaprd.errors.factories.LockErrors;
import io.jdaprd.errors.factories.SecretErrors;
import java.util.function.BiFunction;

/**
 * Routes of the blocks without components: bindings, secrets, actors, workflows, configuration, lock,
 * jobs, crypto and conversation. Each answers the error daprd gives when that block has nothing configured.
 */
public final class UnavailableRoutes {
  private final String appId;
  private final HttpCalls calls;

  public UnavailableRoutes(String appId, HttpCalls calls) {
    this.appId = appId;
    this.calls = calls;
  }

  /** Adds the routes to {@code sb}. */
  public void addTo(ServerBuilder sb) {
    route(sb, "/v1.0/bindings/{name}", (ctx, agg) -> BindingErrors.notFound(ctx.pathParam("name")),
        HttpMethod.POST, HttpMethod.PUT);
    route(sb, "prefix:/v1.0/secrets/", (ctx, agg) -> SecretErrors.notConfigured(), HttpMethod.GET);
    route(sb, "prefix:/v1.0/actors/", (ctx, agg) -> ActorErrors.noPlacement(), HttpMethod.knownMethods());
    for (String version : new String[] {"/v1.0", "/v1.0-alpha1", "/v1.0-beta1"}) {
      route(sb, "prefix:" + version + "/workflows/", (ctx, agg) -> ActorErrors.noPlacement(),
          HttpMethod.knownMethods());
    }
    for (String version : new String[] {"/v1.0", "/v1.0-alpha1"}) {
      route(sb, "prefix:" + version + "/configuration/", (ctx, agg) -> ConfigurationErrors.notConfigured(),
          HttpMethod.GET);
      route(sb, version + "/jobs/{name}", (ctx, agg) -> job(ctx.method(), ctx.pathParam("name")), HttpMethod.POST,
          HttpMethod.GET, HttpMethod.DELETE);
    }
    route(sb, "/v1.0-alpha1/lock/{store}", (ctx, agg) -> LockErrors.notConfigured(), HttpMethod.POST);
    route(sb, "/v1.0-alpha1/unlock/{store}", (ctx, agg) -> LockErrors.notConfigured(), HttpMethod.POST);
    route(sb, "prefix:/v1.0-alpha1/crypto/", (ctx, agg) -> CryptoErrors.notConfigured(), HttpMethod.PUT);
    route(sb, "prefix:/v1.0-alpha1/subtlecrypto/", (ctx, agg) -> CommonErrors.apiUnimplemented(), HttpMethod.POST);
    for (String version : new String[] {"/v1.0-alpha1", "/v1.0-alpha2"}) {
      route(sb, version + "/conversation/{name}/converse",
          (ctx, agg) -> ConversationErrors.notFound(ctx.pathParam("name")), HttpMethod.POST);
    }
  }

  private DaprException job(HttpMethod method, String name) {
    String cause = "scheduler is not configured";
    return switch (method) {
      case GET -> JobErrors.get(appId, "", name, cause);
      case DELETE -> JobErrors.delete(appId, "", name, cause);
      default -> JobErrors.schedule(appId, "", Status.Code.INTERNAL, cause);
    };
  }

  private void route(ServerBuilder sb, String path,
      BiFunction<ServiceRequestContext, com.linecorp.armeria.common.AggregatedHttpRequest, DaprException> error,
      HttpMethod... methods) {
    route(sb, path, error, java.util.Set.of(methods));
  }

  private void route(ServerBuilder sb, String path,
      BiFunction<ServiceRequestContext, com.linecorp.armeria.common.AggregatedHttpRequest, DaprException> error,
      java.util.Set<HttpMethod> methods) {
    sb.route().path(path).methods(methods).build((ServiceRequestContext ctx, HttpRequest req) -> calls.call(ctx, req,
        agg -> {
          throw error.apply(ctx, agg);
        }));
  }
}
