package io.jdaprd.api.http.access;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.core.runtime.ApiAccess;
import io.jdaprd.core.runtime.ApiLogging;
import io.jdaprd.core.runtime.ApiSettings;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What daprd's HTTP API server does around its routes, in daprd's order: CORS ({@code --allowed-origins}), the API
 * token ({@code DAPR_API_TOKEN}; the health routes exempt, a failure daprd's plain-text 401), API logging
 * ({@code --enable-api-logging}), then the Configuration's API allow and deny lists; the Configuration's
 * {@code spec.httpPipeline} (when given) runs after the token check and before API logging, as daprd's. An API the lists leave out is
 * served as daprd serves a route it never registered: by the service invocation fallback when invocation itself is
 * served, otherwise Go's {@code 404 page not found} (or an empty 405 when the path is served with another method).
 */
public final class HttpApiPolicies implements DecoratingHttpServiceFunction {
  /** daprd's logger of API calls, whose scope its log lines carry. */
  static final Logger API_LOG = LoggerFactory.getLogger("dapr.runtime.http-info");

  private final ApiSettings settings;
  private final ApiLogging logging;
  private final Cors cors;
  private final boolean accessRules;
  private final Set<HttpEndpoints.Endpoint> allowed;
  private final List<HttpEndpoints.Endpoint> allowedList;
  private final boolean fallbackAllowed;
  private final HttpService fallback;
  private final DecoratingHttpServiceFunction pipeline;

  /**
   * @param allowedOrigins {@code --allowed-origins}; empty: no CORS
   * @param fallback the service invocation route every unmatched request reaches
   */
  public HttpApiPolicies(ApiSettings settings, ApiAccess access, ApiLogging logging, String allowedOrigins,
      HttpService fallback) {
    this(settings, access, logging, allowedOrigins, fallback, null);
  }

  /**
   * @param allowedOrigins {@code --allowed-origins}; empty: no CORS
   * @param fallback the service invocation route every unmatched request reaches
   * @param pipeline the Configuration's {@code spec.httpPipeline}; {@code null}: none
   */
  public HttpApiPolicies(ApiSettings settings, ApiAccess access, ApiLogging logging, String allowedOrigins,
      HttpService fallback, DecoratingHttpServiceFunction pipeline) {
    this.pipeline = pipeline;
    this.settings = settings;
    this.logging = logging;
    this.cors = allowedOrigins == null || allowedOrigins.isEmpty() ? null : new Cors(allowedOrigins);
    List<ApiAccess.Rule> allow = access.allowed("http");
    List<ApiAccess.Rule> deny = access.denied("http");
    this.accessRules = !allow.isEmpty() || !deny.isEmpty();
    this.allowedList = HttpEndpoints.allowed(access);
    this.allowed = new HashSet<>(allowedList);
    this.fallbackAllowed = HttpEndpoints.INVOKE.isAllowed(allow, deny);
    this.fallback = fallback;
  }

  /** Whether any policy is on; without one the decorator need not be installed. */
  public boolean any() {
    return cors != null || settings.tokenRequired() || logging.enabled() || accessRules || pipeline != null;
  }

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    if (cors != null) {
      if (Cors.isPreflight(req.headers())) {
        return cors.preflight(req.headers());
      }
      cors.actual(ctx, req.headers());
    }
    String path = ctx.path();
    String method = req.method().name();
    boolean health = path.equals("/v1.0/healthz") || path.equals("/v1.0/healthz/outbound");
    if (settings.tokenRequired() && !health && !settings.tokenMatches(req.headers().get(ApiSettings.TOKEN_HEADER))) {
      return HttpResponse.of(HttpStatus.UNAUTHORIZED, MediaType.PLAIN_TEXT_UTF_8, "invalid api token\n");
    }
    if (pipeline != null) {
      return pipeline.serve((c, r) -> afterPipeline(delegate, c, r, health), ctx, req);
    }
    return afterPipeline(delegate, ctx, req, health);
  }

  /** API logging and the allow and deny lists, which daprd applies after its middleware pipeline. */
  private HttpResponse afterPipeline(HttpService delegate, ServiceRequestContext ctx, HttpRequest req,
      boolean health) throws Exception {
    String path = ctx.path();
    String method = req.method().name();
    if (logging.enabled() && (logging.healthChecks() || !health)) {
      long start = System.nanoTime();
      String userAgent = req.headers().get(HttpHeaderNames.USER_AGENT);
      String logged = logging.obfuscateUrls() ? endpointName(method, path, req) : method + " " + path;
      ctx.log().whenComplete().thenAccept(log -> apiLog(log, logged, userAgent, start));
    }
    if (!accessRules) {
      return delegate.serve(ctx, req);
    }
    HttpEndpoints.Endpoint endpoint = HttpEndpoints.match(method, path, HttpEndpoints.all());
    if (endpoint != null ? allowed.contains(endpoint) : fallbackAllowed) {
      return delegate.serve(ctx, req);
    }
    if (fallbackAllowed) {
      return fallback.serve(ctx, req);
    }
    if (HttpEndpoints.pathMatches(path, allowedList)) {
      return HttpResponse.of(ResponseHeaders.of(HttpStatus.METHOD_NOT_ALLOWED));
    }
    return HttpResponse.of(ResponseHeaders.builder(HttpStatus.NOT_FOUND).contentType(MediaType.PLAIN_TEXT_UTF_8)
        .add("x-content-type-options", "nosniff").build(), com.linecorp.armeria.common.HttpData.ofUtf8(
            "404 page not found\n"));
  }

  /**
   * daprd's name of the endpoint a request reaches, logged instead of its path with {@code obfuscateURLs}; an
   * invocation is {@code InvokeService/<app id>}.
   */
  static String endpointName(String method, String path, HttpRequest req) {
    HttpEndpoints.Endpoint endpoint = HttpEndpoints.match(method, path, HttpEndpoints.all());
    if (endpoint != null) {
      return endpoint.name();
    }
    String appId = null;
    if (path.startsWith("/v1.0/invoke/")) {
      String rest = path.substring("/v1.0/invoke/".length());
      int slash = rest.indexOf('/');
      appId = slash < 0 ? rest : rest.substring(0, slash);
    } else {
      appId = req.headers().get("dapr-app-id");
    }
    return appId == null || appId.isEmpty() ? "InvokeService" : "InvokeService/" + appId;
  }

  private static void apiLog(RequestLog log, String method, String userAgent, long start) {
    var line = API_LOG.atInfo()
        .addKeyValue("code", log.responseHeaders().status().code())
        .addKeyValue("duration", (System.nanoTime() - start) / 1_000_000)
        .addKeyValue("method", method)
        .addKeyValue("size", log.responseLength());
    if (userAgent != null && !userAgent.isEmpty()) {
      line = line.addKeyValue("useragent", userAgent);
    }
    line.log("HTTP API Called");
  }
}
