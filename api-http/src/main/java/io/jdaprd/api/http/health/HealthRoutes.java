package io.jdaprd.api.http.health;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.core.health.HealthBlock;

/** {@code GET /v1.0/healthz} and {@code GET /v1.0/healthz/outbound}: 204 when ready, Dapr's 500 otherwise. */
public final class HealthRoutes {
  /** The paths exempt from the API token. */
  public static final java.util.Set<String> PATHS = java.util.Set.of("/v1.0/healthz", "/v1.0/healthz/outbound");

  private final HealthBlock health;
  private final HttpCalls calls;

  public HealthRoutes(HealthBlock health, HttpCalls calls) {
    this.health = health;
    this.calls = calls;
  }

  /** Adds the routes to {@code sb}. */
  public void addTo(ServerBuilder sb) {
    sb.route().get("/v1.0/healthz").build(this::healthz);
    sb.route().get("/v1.0/healthz/outbound").build(this::outbound);
  }

  private HttpResponse healthz(ServiceRequestContext ctx, HttpRequest req) {
    return calls.call(ctx, req, agg -> {
      health.healthz(HttpCalls.query(agg, "appid"));
      return HttpCalls.noContent();
    });
  }

  private HttpResponse outbound(ServiceRequestContext ctx, HttpRequest req) {
    return calls.call(ctx, req, agg -> {
      health.outbound();
      return HttpCalls.noContent();
    });
  }
}
