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

  /** daprd's app health check RPC, counted apart from the calls. */
  private static final String HEALTH_CHECK_METHOD = "/dapr.proto.runtime.v1.AppCallbackHealthCheck/HealthCheck";
  /** The gRPC length-prefixed message header, not counted in daprd's message sizes. */
  private static final int FRAME_HEADER = 5;

  /**
   * The decorator of a gRPC app's clients: each unary call as {@code dapr_grpc_io_client_*} (method, status in
   * grpc-go's words, message bytes, round trip), the health check left out.
   */
  static DecoratingHttpClientFunction grpc(Metrics metrics) {
    return (HttpClient delegate, ClientRequestContext ctx, HttpRequest req) -> {
      String method = ctx.path();
      if (!metrics.enabled() || method.equals(HEALTH_CHECK_METHOD)) {
        return delegate.execute(ctx, req);
      }
      ctx.log().whenComplete().thenAccept(log -> metrics.grpcClientCall(method, grpcStatus(log),
          Math.max(log.requestLength() - FRAME_HEADER, 0), Math.max(log.responseLength() - FRAME_HEADER, 0),
          log.totalDurationNanos()));
      return delegate.execute(ctx, req);
    };
  }

  private static String grpcStatus(com.linecorp.armeria.common.logging.RequestLog log) {
    String code = null;
    if (log.isAvailable(com.linecorp.armeria.common.logging.RequestLogProperty.RESPONSE_TRAILERS)) {
      code = log.responseTrailers().get("grpc-status");
    }
    if (code == null && log.isAvailable(com.linecorp.armeria.common.logging.RequestLogProperty.RESPONSE_HEADERS)) {
      code = log.responseHeaders().get("grpc-status");
    }
    if (code == null) {
      return log.responseCause() == null ? "OK" : "Unavailable";
    }
    try {
      return io.jdaprd.errors.GrpcCodeNames.name(io.grpc.Status.fromCodeValue(Integer.parseInt(code.trim()))
          .getCode());
    } catch (NumberFormatException e) {
      return "Unknown";
    }
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
