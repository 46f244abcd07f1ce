package io.jdaprd.api.grpc.calls;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Keeps each call's {@code accept-language} metadata in its {@link Context}, where {@link GrpcCalls} reads it. A call
 * without it keeps the current context (where the key reads {@code null}), so the common case costs nothing.
 */
public final class LanguageInterceptor implements ServerInterceptor {
  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    String acceptLanguage = headers.get(GrpcCalls.ACCEPT_LANGUAGE_HEADER);
    if (acceptLanguage == null) {
      return next.startCall(call, headers);
    }
    Context context = Context.current().withValue(GrpcCalls.ACCEPT_LANGUAGE, acceptLanguage);
    return Contexts.interceptCall(context, call, headers, next);
  }
}
