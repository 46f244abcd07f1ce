package io.jdaprd.appchannel;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.CommonProtos;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.jdaprd.core.invoke.AppInvoker.AppCallFailure;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import java.io.IOException;
import java.util.ArrayList;
import io.jdaprd.core.tracing.TraceContext;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Service invocation of a gRPC app, as daprd's gRPC channel: {@code AppCallback.OnInvoke} with the caller's headers
 * as metadata (daprd's {@code InternalMetadataToGrpcMetadata}, permanent HTTP headers prefixed {@code dapr-}); the
 * app's status code, message, details, headers and trailers come back as they are.
 */
final class GrpcInvocations {
  /** The request headers daprd renames with {@code dapr-} before they become gRPC metadata. */
  private static final Set<String> PERMANENT_HTTP_HEADERS = Set.of("Accept", "Accept-Charset", "Accept-Language",
      "Accept-Ranges", "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade",
      "Cache-Control", "Content-Type", "Content-Length", "Cookie", "Date", "Expect", "From", "Host", "If-Match",
      "If-Modified-Since", "If-None-Match", "If-Schedule-Tag-Match", "If-Unmodified-Since", "Max-Forwards", "Origin",
      "Pragma", "Referer", "Via", "Warning");
  private static final Set<String> SKIPPED = Set.of("traceparent", "tracestate", "grpc-trace-bin",
      "destination-app-id", "dapr-api-token", "te", "grpc-timeout", "grpc-encoding", "grpc-accept-encoding",
      "user-agent");

  private final AppCallbackGrpc.AppCallbackBlockingStub callback;
  private final AppChannelSettings settings;
  private final CallLimit limit;
  private final long maxBody;

  GrpcInvocations(AppCallbackGrpc.AppCallbackBlockingStub callback, AppChannelSettings settings, CallLimit limit) {
    this.callback = callback;
    this.settings = settings;
    this.limit = limit;
    this.maxBody = Integer.MAX_VALUE - 8;
  }

  InvokeResponse invoke(InvokeRequest request) throws AppCallFailure {
    byte[] data;
    try {
      data = request.body().readAll(maxBody);
    } catch (IOException e) {
      throw new AppCallFailure("failed to read request body: " + e.getMessage(), e);
    }
    CommonProtos.InvokeRequest.Builder message = CommonProtos.InvokeRequest.newBuilder()
        .setMethod(request.method())
        .setContentType(request.contentType())
        .setData(Any.newBuilder().setValue(ByteString.copyFrom(data)));
    String verb = request.verb();
    if (!verb.isEmpty() && !verb.equals("NONE")) {
      CommonProtos.HTTPExtension.Verb v;
      try {
        v = CommonProtos.HTTPExtension.Verb.valueOf(verb);
      } catch (IllegalArgumentException e) {
        v = CommonProtos.HTTPExtension.Verb.POST;
      }
      message.setHttpExtension(CommonProtos.HTTPExtension.newBuilder().setVerb(v).setQuerystring(request.query()));
    }
    Metadata outgoing = metadata(request.metadata());
    if (settings.hasToken()) {
      outgoing.put(Metadata.Key.of(HttpAppChannel.API_TOKEN_HEADER, Metadata.ASCII_STRING_MARSHALLER),
          settings.appApiToken());
    }
    AtomicReference<Metadata> headers = new AtomicReference<>();
    AtomicReference<Metadata> trailers = new AtomicReference<>();
    AppCallbackGrpc.AppCallbackBlockingStub stub = callback
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(outgoing),
            MetadataUtils.newCaptureMetadataInterceptor(headers, trailers));
    try {
      limit.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AppCallFailure("context canceled", e);
    }
    try {
      CommonProtos.InvokeResponse response = stub.onInvoke(message.build());
      String contentType = response.getContentType();
      return new InvokeResponse(new InvokeStatus(0, "", List.of()), toMap(headers.get()), toMap(trailers.get()),
          contentType, InvokeBody.of(response.getData().getValue().toByteArray()));
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == io.grpc.Status.Code.UNAVAILABLE && e.getStatus().getCause() != null) {
        throw new AppCallFailure("rpc error: code = Unavailable desc = connection error: desc = \"transport: Error "
            + "while dialing: dial tcp " + settings.address() + ":" + settings.port() + ": connect: connection "
            + "refused\"", e);
      }
      com.google.rpc.Status status = StatusProto.fromThrowable(e);
      List<InvokeStatus.Detail> details = new ArrayList<>();
      String description = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
      if (status != null) {
        status.getDetailsList().forEach(d -> details.add(new InvokeStatus.Detail(d.getTypeUrl(),
            d.getValue().toByteArray())));
      }
      Metadata t = e.getTrailers() != null ? e.getTrailers() : trailers.get();
      return new InvokeResponse(new InvokeStatus(e.getStatus().getCode().value(), description, details),
          toMap(headers.get()), toMap(t), "", InvokeBody.empty());
    } finally {
      limit.release();
    }
  }

  /** daprd's {@code InternalMetadataToGrpcMetadata} with HTTP header conversion. */
  static Metadata metadata(Map<String, List<String>> internal) {
    Metadata md = new Metadata();
    internal.forEach((k, values) -> {
      String key = k.toLowerCase(Locale.ROOT);
      if (SKIPPED.contains(key) || key.startsWith(":") || key.equals("content-type") && !PERMANENT_HTTP_HEADERS
          .contains(k)) {
        return;
      }
      if (PERMANENT_HTTP_HEADERS.contains(k)) {
        key = "dapr-" + key;
      }
      if (key.endsWith("-bin")) {
        Metadata.Key<byte[]> binKey = Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER);
        for (String v : values) {
          try {
            md.put(binKey, Base64.getDecoder().decode(v));
          } catch (IllegalArgumentException e) {
            // daprd drops a value that is not base64
          }
        }
        return;
      }
      try {
        Metadata.Key<String> asciiKey = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
        values.forEach(v -> md.put(asciiKey, v));
      } catch (IllegalArgumentException e) {
        // a name gRPC cannot carry is left out, as grpc-go refuses it
      }
    });
    putTrace(md, internal);
    return md;
  }

  /**
   * daprd's {@code SpanContextToGRPCMetadata}: the call's span context (the {@code traceparent} the API server's
   * span left in the metadata) as {@code traceparent} and {@code grpc-trace-bin}.
   */
  private static void putTrace(Metadata md, Map<String, List<String>> internal) {
    for (Map.Entry<String, List<String>> e : internal.entrySet()) {
      if (e.getKey().equalsIgnoreCase(TraceContext.TRACEPARENT) && !e.getValue().isEmpty()) {
        TraceContext trace = TraceContext.fromTraceparent(e.getValue().get(0));
        if (trace != null) {
          md.put(Metadata.Key.of(TraceContext.TRACEPARENT, Metadata.ASCII_STRING_MARSHALLER), trace.traceparent());
          md.put(Metadata.Key.of(TraceContext.GRPC_TRACE_BIN, Metadata.BINARY_BYTE_MARSHALLER), trace.binary());
        }
        return;
      }
    }
  }

  /** gRPC metadata as internal metadata: ASCII values as they are, binary ones base64. */
  static Map<String, List<String>> toMap(Metadata md) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (md == null) {
      return out;
    }
    for (String key : md.keys()) {
      if (key.endsWith("-bin")) {
        for (byte[] v : md.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
          out.computeIfAbsent(key, x -> new ArrayList<>()).add(Base64.getEncoder().encodeToString(v));
        }
      } else {
        for (String v : md.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
          out.computeIfAbsent(key, x -> new ArrayList<>()).add(v);
        }
      }
    }
    return out;
  }
}
