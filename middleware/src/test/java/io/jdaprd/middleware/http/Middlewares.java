package io.jdaprd.middleware.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import io.jdaprd.middleware.HttpMiddleware;
import io.jdaprd.spi.ComponentMetadata;
import java.util.Map;

/** Test helpers: a middleware initialised from metadata, run on a request with a stand-in for the rest. */
final class Middlewares {
  private Middlewares() {
  }

  static <T extends HttpMiddleware> T init(T middleware, String type, Map<String, String> metadata)
      throws Exception {
    middleware.init(new ComponentMetadata("mw", type, "v1", "app", metadata));
    return middleware;
  }

  static AggregatedHttpResponse run(HttpMiddleware m, RequestContext ctx, HttpRequest req, HttpMiddleware.Next next)
      throws Exception {
    return m.handle(ctx, req, next).aggregate().join();
  }

  static HttpResponse ok(String body) {
    return HttpResponse.of(body);
  }
}
