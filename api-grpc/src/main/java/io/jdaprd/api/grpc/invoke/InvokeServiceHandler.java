package io.jdaprd.api.grpc.invoke;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.core.Transport;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.InvokeErrors;
import io.jdaprd.errors.factories.CauseCode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The deprecated {@code InvokeService} RPC, as daprd answers it: the caller's metadata goes along as the call's
 * headers; the target's headers come back as response headers (an HTTP target's status in {@code dapr-http-status}
 * and, when not 2xx, as a status synthesised from it); a gRPC target's status, message, details and trailers come
 * back as they are.
 */
final class InvokeServiceHandler implements ServerCallHandler<InvokeServiceRequest, CommonProtos.InvokeResponse> {
  private static final String HTTP_STATUS_HEADER = "dapr-http-status";

  private final InvokeBlock invoke;
  private final GrpcCalls calls;

  InvokeServiceHandler(InvokeBlock invoke, GrpcCalls calls) {
    this.invoke = invoke;
    this.calls = calls;
  }

  @Override
  public ServerCall.Listener<InvokeServiceRequest> startCall(ServerCall<InvokeServiceRequest,
      CommonProtos.InvokeResponse> call, Metadata headers) {
    String acceptLanguage = headers.get(GrpcCalls.ACCEPT_LANGUAGE_HEADER);
    call.request(1);
    return new ServerCall.Listener<>() {
      private InvokeServiceRequest request;

      @Override
      public void onMessage(InvokeServiceRequest message) {
        request = message;
      }

      @Override
      public void onHalfClose() {
        InvokeServiceRequest r = request;
        if (r == null) {
          call.close(Status.INTERNAL.withDescription("no request"), new Metadata());
          return;
        }
        Thread.ofVirtual().name("invoke-service").start(() -> run(call, r, headers, acceptLanguage));
      }
    };
  }

  private void run(ServerCall<InvokeServiceRequest, CommonProtos.InvokeResponse> call, InvokeServiceRequest in,
      Metadata headers, String acceptLanguage) {
    try {
      answer(call, in, headers, acceptLanguage);
    } catch (RuntimeException | Error e) {
      calls.close(call, e);
    }
  }

  private void answer(ServerCall<InvokeServiceRequest, CommonProtos.InvokeResponse> call, InvokeServiceRequest in,
      Metadata headers, String acceptLanguage) {
    CommonProtos.InvokeRequest message = in.getMessage();
    byte[] data = message.getData().getValue().toByteArray();
    String verb = message.hasHttpExtension() ? message.getHttpExtension().getVerb().name() : "NONE";
    String contentType = message.getContentType();
    if (!message.getData().getTypeUrl().isEmpty()) {
      contentType = "application/x-protobuf";
    }
    InvokeRequest request = new InvokeRequest(message.getMethod(), verb,
        message.hasHttpExtension() ? message.getHttpExtension().getQuerystring() : "", metadata(headers),
        contentType, InvokeBody.of(data));
    try (InvokeResponse response = invoke.invoke(in.getId(), request, Transport.GRPC)) {
      byte[] body;
      try {
        body = response.body().stream().readAllBytes();
      } catch (IOException e) {
        throw InvokeErrors.failed(in.getId(), e.getMessage(), CauseCode.UNKNOWN);
      }
      Metadata responseHeaders = grpcMetadata(response.headers());
      CommonProtos.InvokeResponse reply = CommonProtos.InvokeResponse.newBuilder()
          .setData(Any.newBuilder().setValue(ByteString.copyFrom(body)))
          .setContentType(response.contentType()).build();
      if (response.status().isHttp()) {
        int code = response.status().code();
        responseHeaders.put(Metadata.Key.of(HTTP_STATUS_HEADER, Metadata.ASCII_STRING_MARSHALLER),
            Integer.toString(code));
        call.sendHeaders(responseHeaders);
        if (code < 200 || code >= 300) {
          GrpcCalls.closeWith(call, calls.render(CommonErrors.fromHttpStatus(code, new String(body,
              java.nio.charset.StandardCharsets.UTF_8)), acceptLanguage));
          return;
        }
        call.sendMessage(reply);
        call.close(Status.OK, new Metadata());
        return;
      }
      call.sendHeaders(responseHeaders);
      Metadata trailers = grpcMetadata(response.trailers());
      if (response.status().code() != 0) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
            .setCode(response.status().code()).setMessage(response.status().message());
        response.status().details().forEach(d -> status.addDetails(Any.newBuilder().setTypeUrl(d.typeUrl())
            .setValue(ByteString.copyFrom(d.value()))));
        StatusRuntimeException e = io.grpc.protobuf.StatusProto.toStatusRuntimeException(status.build(), trailers);
        call.close(e.getStatus(), e.getTrailers());
        return;
      }
      call.sendMessage(reply);
      call.close(Status.OK, trailers);
    } catch (DaprException e) {
      GrpcCalls.closeWith(call, calls.render(e, acceptLanguage));
    } catch (RuntimeException e) {
      calls.close(call, e);
    }
  }

  /** The call's metadata as the request's headers: every key, binary values in base64. */
  static Map<String, List<String>> metadata(Metadata headers) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String key : headers.keys()) {
      if (key.equals("dapr-api-token") || key.startsWith(":")) {
        continue;
      }
      try {
        if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          for (byte[] v : headers.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(Base64.getEncoder().encodeToString(v));
          }
        } else {
          for (String v : headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
          }
        }
      } catch (IllegalArgumentException invalidName) {
        // a key gRPC cannot name is not passed on
      }
    }
    return out;
  }

  /** Headers as response metadata, with daprd's rule: permanent HTTP headers and gRPC's reserved ones renamed. */
  static Metadata grpcMetadata(Map<String, List<String>> headers) {
    Metadata md = new Metadata();
    headers.forEach((k, values) -> {
      String key = k.toLowerCase(java.util.Locale.ROOT);
      if (key.startsWith(":") || key.equals("content-type") || key.equals("content-length")
          || key.equals("transfer-encoding") || key.equals("connection") || key.startsWith("grpc-")
          || key.equals("te") || key.equals("keep-alive") || key.equals("upgrade") || key.equals("date")) {
        return;
      }
      try {
        if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          Metadata.Key<byte[]> bin = Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER);
          values.forEach(v -> md.put(bin, Base64.getDecoder().decode(v)));
        } else {
          Metadata.Key<String> ascii = Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER);
          values.forEach(v -> md.put(ascii, v));
        }
      } catch (IllegalArgumentException invalid) {
        // a name or value gRPC cannot carry is left out
      }
    });
    return md;
  }
}
