package io.jdaprd.api.grpc.access;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * daprd's API logging on the gRPC API ({@code --enable-api-logging}): when a call ends, one INFO line
 * {@code gRPC API Called} on the scope {@code dapr.runtime.grpc.api-info} with the fields {@code method} (the full
 * method, {@code /dapr.proto.runtime.v1.Dapr/GetState}), {@code code} (the gRPC status code as a number),
 * {@code duration} (milliseconds) and {@code useragent} when the caller sent one. Proxied calls of other services
 * are logged too, as daprd logs them.
 */
public final class GrpcApiLogging implements DecoratingHttpServiceFunction {
  static final Logger API_LOG = LoggerFactory.getLogger("dapr.runtime.grpc.api-info");

  @Override
  public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
    long start = System.nanoTime();
    String userAgent = req.headers().get("user-agent");
    String method = ctx.path();
    ctx.log().whenComplete().thenAccept(log -> apiLog(log, method, userAgent, start));
    return delegate.serve(ctx, req);
  }

  private static void apiLog(RequestLog log, String method, String userAgent, long start) {
    var line = API_LOG.atInfo()
        .addKeyValue("code", code(log))
        .addKeyValue("duration", (System.nanoTime() - start) / 1_000_000)
        .addKeyValue("method", method);
    if (userAgent != null && !userAgent.isEmpty()) {
      line = line.addKeyValue("useragent", userAgent);
    }
    line.log("gRPC API Called");
  }

  /** The call's gRPC status code: from the trailers, or the headers of a trailers-only answer; 2 (Unknown) if none. */
  static int code(RequestLog log) {
    String status = log.responseTrailers().get("grpc-status");
    if (status == null) {
      status = log.responseHeaders().get("grpc-status");
    }
    try {
      return status == null ? 2 : Integer.parseInt(status.trim());
    } catch (NumberFormatException e) {
      return 2;
    }
  }
}
