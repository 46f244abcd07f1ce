package io.jdaprd.api.grpc;

import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;

/**
 * Refuses calls without the right {@code dapr-api-token} metadata when {@code DAPR_API_TOKEN} is set, as daprd does:
 * Unauthenticated {@code Unauthorized}, its ErrorInfo saying whether the token was missing or wrong. Every RPC of the
 * service needs the token; gRPC has no exemption.
 */
final class ApiTokenInterceptor implements ServerInterceptor {
  private static final Metadata.Key<String> TOKEN =
      Metadata.Key.of(ApiSettings.TOKEN_HEADER, Metadata.ASCII_STRING_MARSHALLER);

  private final ApiSettings settings;
  private final GrpcCalls calls;

  ApiTokenInterceptor(ApiSettings settings, GrpcCalls calls) {
    this.settings = settings;
    this.calls = calls;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    if (!settings.tokenRequired()) {
      return next.startCall(call, headers);
    }
    String presented = headers.get(TOKEN);
    DaprException refusal = presented == null ? CommonErrors.apiTokenMissing()
        : settings.tokenMatches(presented) ? null : CommonErrors.apiTokenMismatch();
    if (refusal == null) {
      return next.startCall(call, headers);
    }
    GrpcCalls.closeWith(call, calls.render(refusal, headers.get(GrpcCalls.ACCEPT_LANGUAGE_HEADER)));
    return new ServerCall.Listener<>() {
    };
  }
}
