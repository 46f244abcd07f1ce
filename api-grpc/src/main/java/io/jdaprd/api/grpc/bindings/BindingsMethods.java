package io.jdaprd.api.grpc.bindings;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingRequest;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingResponse;
import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.bindings.BindingInvocation;
import io.jdaprd.core.bindings.BindingsBlock;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.spi.bindings.BindingRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Binds {@code InvokeBinding}: the request's metadata, plus the call's own metadata as daprd adds it (keys the
 * request does not set, gRPC's reserved names under {@code dapr-}), goes to the binding; the answer's metadata comes
 * back in the response and as {@code metadata.<key>} headers, the latter also with an error.
 */
public final class BindingsMethods {
  /** Call metadata grpc-go keeps out of a server's incoming metadata, and the API token (never passed on). */
  private static final Set<String> NOT_INCOMING = Set.of("te", "grpc-timeout", "grpc-encoding", "grpc-message",
      "grpc-message-type", "grpc-status", "grpc-status-details-bin", "dapr-api-token");

  private BindingsMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link BindingsBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    BindingsBlock block = blocks.get(BindingsBlock.class);
    methods.unary(DaprGrpc.getInvokeBindingMethod(), r -> invoke(block, r));
  }

  private static InvokeBindingResponse invoke(BindingsBlock block, InvokeBindingRequest r) {
    Map<String, String> metadata = new LinkedHashMap<>(r.getMetadataMap());
    ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
    if (ctx != null) {
      java.util.List<String> baggage = ctx.request().headers().getAll("baggage");
      if (!baggage.isEmpty()) {
        metadata.put("baggage", String.join(",", baggage)); // daprd's: every value, over the request's own key
      }
      incoming(ctx.request().headers(), metadata);
      io.jdaprd.core.tracing.TraceContext span = ctx.attr(io.jdaprd.api.grpc.calls.GrpcCalls.TRACE);
      if (span != null) {
        // the call's own span continues the trace, as daprd passes its span context on
        metadata.put("traceparent", span.traceparent());
        if (span.tracestateHeader() != null) {
          metadata.put("tracestate", span.tracestateHeader());
        }
      }
    }
    BindingInvocation outcome = block.invoke(r.getName(),
        new BindingRequest(r.getOperation(), r.getData().toByteArray(), metadata));
    if (ctx != null) {
      outcome.metadata().forEach((k, v) -> ctx.addAdditionalResponseHeader("metadata." + k.toLowerCase(Locale.ROOT),
          v));
    }
    if (!outcome.ok()) {
      throw outcome.error();
    }
    InvokeBindingResponse.Builder out = InvokeBindingResponse.newBuilder();
    if (outcome.response() != null) {
      out.setData(ByteString.copyFrom(outcome.response().data())).putAllMetadata(outcome.response().metadata());
    }
    return out.build();
  }

  /** Adds the call's metadata as daprd's {@code InvokeBinding} does: first value, request keys kept. */
  static void incoming(RequestHeaders headers, Map<String, String> metadata) {
    for (var name : headers.names()) {
      String key = name.toString().toLowerCase(Locale.ROOT);
      if ((key.startsWith(":") && !key.equals(":authority")) || NOT_INCOMING.contains(key)) {
        continue;
      }
      String sanitized = key.startsWith(":") ? "dapr-" + key.substring(1)
          : key.startsWith("grpc-") ? "dapr-" + key : key;
      if (!metadata.containsKey(sanitized) || key.equals("traceparent") || key.equals("tracestate")) {
        metadata.put(sanitized, headers.get(name));
      }
    }
  }
}
