package io.jdaprd.api.grpc.calls;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/** Keeps each call's {@code accept-language} metadata in its {@link Context}, where {@link GrpcCalls} reads it. */
public final class LanguageInterceptor implements ServerInterceptor {
  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    Context context = Context.current().withValue(GrpcCalls.ACCEPT_LANGUAGE,
        headers.get(GrpcCalls.ACCEPT_LANGUAGE_HEADER));
    return Contexts.interceptCall(context, call, headers, next);
  }
}
