package io.jdaprd.api.grpc;

import io.jdaprd.api.grpc.calls.GrpcCalls;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Metadata;
import io.grpc.Status;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import java.util.Base64;

/**
 * The answer to a call of a service or method the API port does not serve, where daprd's gRPC server hands the call
 * to its unknown-service handler, the proxy of gRPC service invocation. That handler needs the target app in the
 * {@code dapr-callee-app-id} or {@code dapr-app-id} metadata; without it, the call fails with {@code UNKNOWN} and
 * daprd's words. With an app id the call is proxied ({@link ProxyHandler}), frames untouched; without a proxy it is answered
 * as grpc-go answers an unknown service or method ({@code UNIMPLEMENTED}). Every answer of this class is a
 * trailers-only gRPC response, behind the API token as every RPC is.
 */
final class UnknownMethods implements HttpService {

  /** The metadata key of the target app, preferred over {@link #APP_ID}. */
  static final String CALLEE_APP_ID = "dapr-callee-app-id";
  /** The metadata key of the target app. */
  static final String APP_ID = "dapr-app-id";
  private static final MediaType GRPC = MediaType.create("application", "grpc");

  private final ApiSettings settings;
  private final GrpcCalls calls;
  private final ProxyHandler proxy;

  UnknownMethods(ApiSettings settings, GrpcCalls calls, ProxyHandler proxy) {
    this.settings = settings;
    this.calls = calls;
    this.proxy = proxy;
  }

  /**
   * Proxies a call for an app id when there is a proxy and the token passes; otherwise reads the request to its end
   * (a reset stream would reach the client as INTERNAL) and answers.
   */
  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String appId = req.headers().get(CALLEE_APP_ID);
    if (appId == null) {
      appId = req.headers().get(APP_ID);
    }
    if (proxy != null && appId != null && tokenRefusal(req.headers()) == null) {
      return proxy.proxy(ctx, req, appId);
    }
    return HttpResponse.of(req.aggregate().handle((request, failure) -> answer(ctx.path(), req.headers())));
  }

  private DaprException tokenRefusal(com.linecorp.armeria.common.RequestHeaders headers) {
    if (!settings.tokenRequired()) {
      return null;
    }
    String presented = headers.get(ApiSettings.TOKEN_HEADER);
    return presented == null ? CommonErrors.apiTokenMissing()
        : settings.tokenMatches(presented) ? null : CommonErrors.apiTokenMismatch();
  }

  private HttpResponse answer(String path, com.linecorp.armeria.common.RequestHeaders headers) {
    String language = headers.get(GrpcCalls.ACCEPT_LANGUAGE_HEADER.name());
    DaprException refusal = tokenRefusal(headers);
    if (refusal != null) {
      io.grpc.StatusRuntimeException e = calls.render(refusal, language);
      return trailersOnly(e.getStatus(), e.getTrailers());
    }
    String appId = headers.get(CALLEE_APP_ID);
    if (appId == null) {
      appId = headers.get(APP_ID);
    }
    if (appId == null) {
      return trailersOnly(Status.UNKNOWN.withDescription("failed to proxy request: required metadata "
          + CALLEE_APP_ID + " or " + APP_ID + " not found"));
    }
    return proxy(path, appId);
  }

  /** The call of {@code fullMethodPath} for app {@code appId} without a proxy: grpc-go's unknown service or method. */
  private HttpResponse proxy(String fullMethodPath, String appId) {
    String name = fullMethodPath.startsWith("/") ? fullMethodPath.substring(1) : fullMethodPath;
    int slash = name.lastIndexOf('/');
    String service = slash < 0 ? name : name.substring(0, slash);
    String method = slash < 0 ? "" : name.substring(slash + 1);
    boolean knownService = service.equals(io.dapr.v1.DaprGrpc.SERVICE_NAME);
    return trailersOnly(Status.UNIMPLEMENTED.withDescription(knownService
        ? "unknown method " + method + " for service " + service : "unknown service " + service));
  }

  private static HttpResponse trailersOnly(Status status) {
    return trailersOnly(status, null);
  }

  private static HttpResponse trailersOnly(Status status, Metadata trailers) {
    ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK).endOfStream(true).contentType(GRPC)
        .add("grpc-status", String.valueOf(status.getCode().value()));
    if (status.getDescription() != null) {
      headers.add("grpc-message", escape(status.getDescription()));
    }
    if (trailers != null) {
      for (String key : trailers.keys()) {
        if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
          for (byte[] value : trailers.getAll(Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
            headers.add(key, Base64.getEncoder().withoutPadding().encodeToString(value));
          }
        } else {
          for (String value : trailers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
            headers.add(key, value);
          }
        }
      }
    }
    return HttpResponse.of(headers.build());
  }

  /** The gRPC wire form of a status message: UTF-8, with {@code %} and bytes outside printable ASCII escaped. */
  private static String escape(String message) {
    StringBuilder out = new StringBuilder();
    for (byte b : message.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
      if (b >= ' ' && b < '~' + 1 && b != '%') {
        out.append((char) b);
      } else {
        out.append('%').append(String.format("%02X", b & 0xff));
      }
    }
    return out.toString();
  }
}
