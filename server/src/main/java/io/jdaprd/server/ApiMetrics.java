package io.jdaprd.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.dapr.v1.DaprGrpc;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.errors.GrpcCodeNames;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the API servers record daprd's metrics, once per transport, from Armeria's request log when the response
 * has been sent. HTTP: every request ({@code dapr_http_server_*}). gRPC, as daprd's interceptors: every unary RPC
 * of the Dapr service with its message sizes ({@code dapr_grpc_io_server_*}), and every proxied call (metadata
 * {@code dapr-app-id}) with its count and latency only; the Dapr service's own streams are not recorded.
 */
final class ApiMetrics {
  /** The gRPC length-prefixed message header, not counted in daprd's message sizes. */
  private static final int FRAME_HEADER = 5;
  private static final Set<String> UNARY_DAPR_METHODS = unaryMethods(DaprGrpc.getServiceDescriptor());

  private ApiMetrics() {
  }

  /** The HTTP API server's decorator. */
  static DecoratingHttpServiceFunction http(Metrics metrics) {
    return (HttpService delegate, ServiceRequestContext ctx, HttpRequest req) -> {
      String method = req.method().name();
      String path = ctx.path();
      long requestBytes = Math.max(req.headers().contentLength(), 0);
      ctx.log().whenComplete().thenAccept(log -> metrics.httpServerRequest(method, path,
          log.responseHeaders().status().code(), requestBytes, log.responseLength(), log.totalDurationNanos()));
      return delegate.serve(ctx, req);
    };
  }

  /** The gRPC API server's decorator. */
  static DecoratingHttpServiceFunction grpc(Metrics metrics) {
    return (HttpService delegate, ServiceRequestContext ctx, HttpRequest req) -> {
      String method = ctx.path();
      boolean unary = UNARY_DAPR_METHODS.contains(method);
      if (unary) {
        ctx.log().whenComplete().thenAccept(log -> metrics.grpcServerCall(method, status(log),
            messageBytes(log.requestLength()), messageBytes(log.responseLength()), log.totalDurationNanos()));
      } else if (req.headers().contains("dapr-app-id")) {
        ctx.log().whenComplete().thenAccept(log -> metrics.grpcServerStream(method, status(log),
            log.totalDurationNanos()));
      }
      return delegate.serve(ctx, req);
    };
  }

  /** The call's gRPC status in grpc-go's words, from the trailers (or the headers of a trailers-only answer). */
  static String status(RequestLog log) {
    String code = log.responseTrailers().get("grpc-status");
    if (code == null) {
      code = log.responseHeaders().get("grpc-status");
    }
    if (code == null) {
      return log.responseCause() == null && log.responseHeaders().status().code() == 200 ? "OK" : "Unknown";
    }
    try {
      return GrpcCodeNames.name(Status.fromCodeValue(Integer.parseInt(code.trim())).getCode());
    } catch (NumberFormatException e) {
      return "Unknown";
    }
  }

  private static long messageBytes(long wireBytes) {
    return Math.max(wireBytes - FRAME_HEADER, 0);
  }

  private static Set<String> unaryMethods(ServiceDescriptor service) {
    Set<String> out = new HashSet<>();
    for (MethodDescriptor<?, ?> m : service.getMethods()) {
      if (m.getType() == MethodDescriptor.MethodType.UNARY) {
        out.add("/" + m.getFullMethodName());
      }
    }
    return Set.copyOf(out);
  }
}
