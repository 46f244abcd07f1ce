package io.jdaprd.server.tracing;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.RpcRequest;
import com.linecorp.armeria.common.logging.RequestLog;
import com.linecorp.armeria.common.logging.RequestLogProperty;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.core.tracing.Baggage;
import io.jdaprd.core.tracing.Span;
import io.jdaprd.core.tracing.SpanKind;
import io.jdaprd.core.tracing.SpanNames;
import io.jdaprd.core.tracing.TraceContext;
import io.jdaprd.core.tracing.Tracing;
import io.jdaprd.messaging.GrpcProxy;
import io.jdaprd.messaging.InternalServer;
import io.jdaprd.proto.internals.v1.InternalInvokeRequest;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The API servers' tracing decorators, daprd's {@code HTTPTraceMiddleware} and gRPC trace interceptors. Each call
 * gets one span, child of the caller's context ({@code traceparent}/{@code tracestate} over HTTP;
 * {@code grpc-trace-bin}, else {@code traceparent}, over gRPC); the request's trace headers are then replaced by
 * the span's own context, so that what runs downstream (a publish's CloudEvent, an invocation's headers to the app
 * or to another sidecar) continues the span. Over gRPC the span's context is also a request-context attribute
 * ({@link GrpcCalls#TRACE}, {@link InternalServer#TRACE}), which the runtime API's handlers read: their requests keep
 * the caller's headers, and so do the internal server's; only calls handed on as they are (proxied calls, workflow
 * streams) get the span's. The answer carries the span's context ({@code traceparent} over
 * HTTP when the answer has none; {@code grpc-trace-bin} over gRPC but for {@code InvokeService} and proxied calls).
 * Names, kinds and attributes as daprd ({@link SpanNames}); they are set when the span is sampled (a span that is not
 * keeps nothing, so nothing waits for its answer).
 *
 * <p>W3C {@code baggage}, as daprd 1.18's middleware: the request's headers (metadata over gRPC), joined by commas,
 * must parse ({@link Baggage}), else the call is refused before any span starts (HTTP: 400 with Go's
 * {@code http.Error} text {@code invalid baggage header: <error>}; gRPC: {@code InvalidArgument} with that message).
 * A valid one is answered in a {@code baggage} header: over HTTP as received (before any the handler answers),
 * over gRPC re-encoded. The request keeps its {@code baggage} header, so an invocation hands it on to the app or
 * the callee as received.
 */
public final class ApiTracing {
  private static final String INTERNAL_PREFIX = "/dapr.proto.internals.";
  private static final String RUNTIME_PREFIX = "/dapr.proto.runtime.";
  private static final String WORKFLOW_PREFIX = "/TaskHubSidecarService";
  private static final String INVOKE_SERVICE = "/dapr.proto.runtime.v1.Dapr/InvokeService";

  private ApiTracing() {
  }

  /** The HTTP API server's decorator (health endpoints are not traced, as in daprd). */
  public static DecoratingHttpServiceFunction http(Tracing tracing) {
    return (HttpService delegate, ServiceRequestContext ctx, HttpRequest req) -> {
      String path = ctx.path();
      if (path.contains("/healthz")) {
        return delegate.serve(ctx, req);
      }
      RequestHeaders headers = req.headers();
      String baggage = joined(headers);
      if (baggage != null) {
        try {
          Baggage.parse(baggage);
        } catch (Baggage.InvalidBaggageException e) {
          return HttpResponse.of(ResponseHeaders.builder(HttpStatus.BAD_REQUEST).contentType(MediaType.PLAIN_TEXT_UTF_8)
              .add("x-content-type-options", "nosniff").build(),
              HttpData.ofUtf8("invalid baggage header: " + e.getMessage() + "\n"));
        }
      }
      TraceContext parent = TraceContext.fromHeaders(headers.get(TraceContext.TRACEPARENT),
          headers.get(TraceContext.TRACESTATE));
      Span span = tracing.start(path, SpanKind.CLIENT, parent);
      TraceContext own = span.context();
      RequestHeadersBuilder rewritten = headers.toBuilder().set(TraceContext.TRACEPARENT, own.traceparent());
      setOrRemove(rewritten, TraceContext.TRACESTATE, own.tracestateHeader());
      HttpRequest traced = req.withHeaders(rewritten.build());
      if (span.recording()) {
        whenAnswered(ctx).thenAccept(log -> endHttp(span, headers, ctx, log));
      }
      boolean answerBaggage = baggage != null && !baggage.isEmpty();
      if (!answerBaggage && !mayAnswerTraceHeaders(path, headers)) {
        // the answer cannot carry a traceparent of its own: the span's goes in as the server writes the headers
        ctx.setAdditionalResponseHeader(TraceContext.TRACEPARENT, own.traceparent());
        if (own.tracestateHeader() != null) {
          ctx.setAdditionalResponseHeader(TraceContext.TRACESTATE, own.tracestateHeader());
        }
        return delegate.serve(ctx, traced);
      }
      return delegate.serve(ctx, traced).mapHeaders(h -> {
        if (h.contains(TraceContext.TRACEPARENT) && !answerBaggage) {
          return h;
        }
        var b = h.toBuilder();
        if (!h.contains(TraceContext.TRACEPARENT)) {
          b.set(TraceContext.TRACEPARENT, own.traceparent());
          if (own.tracestateHeader() != null) {
            b.set(TraceContext.TRACESTATE, own.tracestateHeader());
          }
        }
        if (answerBaggage) {
          List<String> answered = h.getAll(Baggage.HEADER);
          b.remove(Baggage.HEADER);
          b.add(Baggage.HEADER, baggage).add(Baggage.HEADER, answered);
        }
        return b.build();
      });
    };
  }

  /** The decorator of a gRPC server (the API server, or the internal one of sidecar-to-sidecar calls). */
  public static DecoratingHttpServiceFunction grpc(Tracing tracing, String appId) {
    return (HttpService delegate, ServiceRequestContext ctx, HttpRequest req) -> {
      String method = ctx.path();
      RequestHeaders headers = req.headers();
      String baggage = joined(headers);
      if (baggage != null) {
        try {
          baggage = Baggage.parse(baggage).toString();
        } catch (Baggage.InvalidBaggageException e) {
          io.grpc.Status refused = io.grpc.Status.INVALID_ARGUMENT.withDescription("invalid baggage header: "
              + e.getMessage());
          // answered once the request is read: answering while the client still sends would reset the stream
          return HttpResponse.of(req.aggregate().handle((ignored, failure) -> GrpcProxy.trailersOnly(refused)));
        }
      }
      boolean proxied = false;
      SpanKind kind;
      if (method.startsWith(INTERNAL_PREFIX) || method.startsWith(WORKFLOW_PREFIX)) {
        kind = SpanKind.SERVER;
      } else if (method.startsWith(RUNTIME_PREFIX)) {
        kind = SpanKind.CLIENT;
      } else {
        proxied = true;
        String callee = headers.get("dapr-callee-app-id");
        if (callee == null) {
          callee = headers.get("dapr-app-id"); // null when neither is there: the proxy refuses the call
        }
        kind = appId.equals(callee) ? SpanKind.SERVER : SpanKind.CLIENT;
      }
      Span span = tracing.start(method, kind, grpcParent(headers));
      TraceContext own = span.context();
      String bin = Base64.getEncoder().encodeToString(own.binary());
      HttpRequest traced = req;
      if (proxied || method.startsWith(WORKFLOW_PREFIX)) {
        // handed on as they are (proxied calls, workflow streams): the span's context replaces the caller's in the
        // headers; the runtime API's and the internal server's handlers read it from the request context instead
        RequestHeadersBuilder rewritten = headers.toBuilder().set(TraceContext.TRACEPARENT, own.traceparent())
            .set(TraceContext.GRPC_TRACE_BIN, bin);
        setOrRemove(rewritten, TraceContext.TRACESTATE, own.tracestateHeader());
        traced = req.withHeaders(rewritten.build());
      }
      ctx.setAttr(GrpcCalls.TRACE, own);
      ctx.setAttr(InternalServer.TRACE, own);
      boolean isProxied = proxied;
      if (span.recording()) {
        whenAnswered(ctx).thenAccept(log -> endGrpc(span, appId, method, isProxied, headers, ctx, log));
      }
      // set as the server writes the answer's headers, replacing any the handler set, as daprd's interceptors do
      if (!isProxied && !method.equals(INVOKE_SERVICE)) {
        ctx.setAdditionalResponseHeader(TraceContext.GRPC_TRACE_BIN, bin);
      }
      if (baggage != null && !baggage.isEmpty()) {
        ctx.setAdditionalResponseHeader(Baggage.HEADER, baggage);
      }
      return delegate.serve(ctx, traced);
    };
  }

  /**
   * Whether the handler of an HTTP call may answer with trace headers of its own, which daprd keeps: service
   * invocation (by route or by {@code dapr-app-id} header) and actor calls answer with the app's headers.
   */
  private static boolean mayAnswerTraceHeaders(String path, RequestHeaders headers) {
    return path.startsWith("/v1.0/invoke/") || path.startsWith("/v1.0/actors/") || headers.contains("dapr-app-id");
  }

  /**
   * When the answer has been sent (its trailers too): the span ends then, as daprd's interceptors end it when the
   * handler returns, not when the caller closes its side of a stream.
   */
  private static java.util.concurrent.CompletableFuture<RequestLog> whenAnswered(ServiceRequestContext ctx) {
    return ctx.log().whenAvailable(RequestLogProperty.RESPONSE_HEADERS, RequestLogProperty.RESPONSE_TRAILERS,
        RequestLogProperty.RESPONSE_END_TIME).thenApply(RequestLog.class::cast);
  }

  static TraceContext grpcParent(RequestHeaders headers) {
    String bin = headers.get(TraceContext.GRPC_TRACE_BIN);
    if (bin != null) {
      try {
        return TraceContext.fromBinary(Base64.getDecoder().decode(pad(bin.strip())));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return TraceContext.fromHeaders(headers.get(TraceContext.TRACEPARENT), headers.get(TraceContext.TRACESTATE));
  }

  private static void endHttp(Span span, RequestHeaders headers, ServiceRequestContext ctx, RequestLog log) {
    try {
      describeHttp(span, headers, ctx, log);
    } finally {
      span.end();
    }
  }

  private static void describeHttp(Span span, RequestHeaders headers, ServiceRequestContext ctx, RequestLog log) {
    int status = log.responseHeaders().status().code();
    if (span.recording()) {
      Map<String, String> attributes = daprHeaders(headers);
      String method = headers.method().name();
      String name = SpanNames.http(method, ctx.path(), headers.get("dapr-app-id"), attributes);
      attributes.put(SpanNames.DAPR_PROTOCOL, "http");
      attributes.put(SpanNames.DAPR_API, method + " " + ctx.path());
      attributes.put(SpanNames.DAPR_STATUS_CODE, Integer.toString(status));
      attributes.put("http.request.method", method);
      attributes.put("url.full", headers.path());
      if (ctx.remoteAddress() instanceof InetSocketAddress remote) {
        attributes.put("server.address", remote.getAddress().getHostAddress());
        attributes.put("server.port", Integer.toString(remote.getPort()));
      }
      attributes.forEach(span::attribute);
      span.name(name);
    }
    if (status >= 400) {
      String text = HttpStatus.valueOf(status).reasonPhrase();
      span.error("Code(" + status + "): " + (text.isEmpty() ? "Unknown" : text));
    }
  }

  private static void endGrpc(Span span, String appId, String method, boolean proxied, RequestHeaders headers,
      ServiceRequestContext ctx, RequestLog log) {
    try {
      describeGrpc(span, appId, method, proxied, headers, ctx, log);
    } finally {
      span.end();
    }
  }

  private static void describeGrpc(Span span, String appId, String method, boolean proxied, RequestHeaders headers,
      ServiceRequestContext ctx, RequestLog log) {
    if (span.recording()) {
      Map<String, String> attributes = daprHeaders(headers);
      attributes.keySet().removeIf(k -> k.endsWith("-bin"));
      String name = method;
      if (!proxied) {
        InternalInvokeRequest call = ctx.attr(InternalServer.CALL);
        if (call != null) {
          attributes.put(SpanNames.RPC_SERVICE, "ServiceInvocation");
          if (call.hasActor()) {
            name = SpanNames.callActor(call.getActor().getActorType(), call.getMessage().getMethod());
            attributes.put(SpanNames.DAPR_ACTOR, call.getActor().getActorType() + "." + call.getActor()
                .getActorId());
          } else {
            name = SpanNames.callLocal(appId, call.getMessage().getMethod());
            attributes.put(SpanNames.DAPR_INVOKE_METHOD, call.getMessage().getMethod());
          }
        } else if (log.isAvailable(RequestLogProperty.REQUEST_CONTENT)
            && log.requestContent() instanceof RpcRequest rpc && !rpc.params().isEmpty()
            && rpc.params().get(0) instanceof InvokeServiceRequest invoke) {
          name = SpanNames.callLocal(invoke.getId(), invoke.getMessage().getMethod());
        }
        attributes.put(SpanNames.DAPR_PROTOCOL, "grpc");
        attributes.put(SpanNames.DAPR_API, method);
      }
      attributes.forEach(span::attribute);
      span.name(name);
    }
    String code = log.responseTrailers().get("grpc-status", log.responseHeaders().get("grpc-status"));
    if (code != null && !code.strip().equals("0")) {
      String message = log.responseTrailers().get("grpc-message", log.responseHeaders().get("grpc-message", ""));
      span.error(grpcMessage(message));
    } else if (code == null && log.responseCause() != null) {
      span.error("Unknown");
    }
  }

  /** A {@code grpc-message} percent-decoded; as sent when it does not decode. */
  private static String grpcMessage(String message) {
    try {
      return java.net.URLDecoder.decode(message.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return message;
    }
  }

  /** daprd's user-defined attributes: the caller's {@code dapr-} headers, lowercase, the last value of each. */
  private static Map<String, String> daprHeaders(RequestHeaders headers) {
    Map<String, String> out = new HashMap<>();
    headers.forEach((k, v) -> {
      String key = k.toString().toLowerCase(Locale.ROOT);
      if (key.startsWith("dapr-") && key.length() >= 5) {
        out.put(key, v);
      }
    });
    return out;
  }

  /** The request's {@code baggage} headers joined by commas, as daprd reads them; {@code null} without any. */
  private static String joined(RequestHeaders headers) {
    List<String> values = headers.getAll(Baggage.HEADER);
    return values.isEmpty() ? null : String.join(",", values);
  }

  private static void setOrRemove(RequestHeadersBuilder b, String name, String value) {
    if (value == null) {
      b.remove(name);
    } else {
      b.set(name, value);
    }
  }

  private static String pad(String base64) {
    int rest = base64.length() % 4;
    return rest == 0 ? base64 : base64 + "=".repeat(4 - rest);
  }
}
