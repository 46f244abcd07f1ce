package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.DecoratingHttpClientFunction;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.common.HttpRequest;
import io.jdaprd.core.metrics.Metrics;

/**
 * Records each call of an HTTP app as daprd's {@code dapr_http_client_*} metrics (sent and received body bytes,
 * round trip, count by method, path label and status), from Armeria's request log once the response has arrived. The
 * app health probes are left out, as daprd counts them apart.
 */
final class AppChannelMetrics {
  private AppChannelMetrics() {
  }

  /** The decorator of the app channel's clients; {@code healthPath} is the probe's path. */
  static DecoratingHttpClientFunction decorator(Metrics metrics, String healthPath) {
    return (HttpClient delegate, ClientRequestContext ctx, HttpRequest req) -> {
      String path = ctx.path();
      if (!metrics.enabled() || path.equals(healthPath)) {
        return delegate.execute(ctx, req);
      }
      String method = req.method().name();
      ctx.log().whenComplete().thenAccept(log -> metrics.httpClientRequest(method, path,
          log.isAvailable(com.linecorp.armeria.common.logging.RequestLogProperty.RESPONSE_HEADERS)
              ? log.responseHeaders().status().code() : 0,
          log.requestLength(), log.responseLength(), log.totalDurationNanos()));
      return delegate.execute(ctx, req);
    };
  }
}
