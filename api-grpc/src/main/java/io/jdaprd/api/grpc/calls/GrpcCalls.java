package io.jdaprd.api.grpc.calls;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorLocale;
import io.jdaprd.errors.grpc.GrpcErrorRenderer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every gRPC handler shares: running it, and turning its failure into daprd's status. A {@link DaprException}
 * is rendered as it is; any other throwable is logged with the method's name and answered as an internal error that
 * reveals nothing. A client that sent {@code accept-language} metadata also gets a {@code LocalizedMessage}; the
 * language is read per call from the {@link Context} that {@link LanguageInterceptor} fills.
 */
public final class GrpcCalls {
  private static final Logger LOG = LoggerFactory.getLogger(GrpcCalls.class);

  /** The metadata key a client names its language with. */
  public static final Metadata.Key<String> ACCEPT_LANGUAGE_HEADER =
      Metadata.Key.of("accept-language", Metadata.ASCII_STRING_MARSHALLER);

  /** The call's {@code accept-language} metadata, or {@code null} when the client sent none. */
  static final Context.Key<String> ACCEPT_LANGUAGE = Context.key("jdaprd-accept-language");
  /**
   * The trace context of the call's span, set on the request context by the tracing decorator when tracing is on
   * (what daprd's handlers read from the span in their context).
   */
  public static final io.netty.util.AttributeKey<io.jdaprd.core.tracing.TraceContext> TRACE =
      io.netty.util.AttributeKey.valueOf(GrpcCalls.class, "TRACE");

  private final ApiSettings settings;
  private final Metrics metrics;

  /** Calls rendered with {@code settings.rendering()}. */
  public GrpcCalls(ApiSettings settings) {
    this(settings, Metrics.NONE);
  }

  /** Calls whose rendered errors are counted in {@code metrics} ({@link Metrics#apiError}). */
  public GrpcCalls(ApiSettings settings, Metrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** A handler: the response, or a {@link DaprException}. */
  @FunctionalInterface
  public interface Handler<T> {
    /** Computes the response. */
    T handle() throws Exception;
  }

  /**
   * Runs {@code handler} and answers its response (then completes), or its failure as daprd's status.
   *
   * @param method the RPC, named in the log when the handler fails unexpectedly
   */
  public <T> void unary(MethodDescriptor<?, T> method, StreamObserver<T> observer, Handler<T> handler) {
    T response;
    try {
      response = handler.handle();
    } catch (Exception | Error e) {
      observer.onError(failure(method, e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  /** The status for a handler's failure, in the language of the current call. */
  public StatusRuntimeException failure(MethodDescriptor<?, ?> method, Throwable t) {
    return failure(method, t, ACCEPT_LANGUAGE.get());
  }

  /** The status for a handler's failure, in {@code acceptLanguage} ({@code null}: none asked for). */
  StatusRuntimeException failure(MethodDescriptor<?, ?> method, Throwable t, String acceptLanguage) {
    if (!(t instanceof DaprException)) {
      LOG.warn("unexpected failure in {}", method.getFullMethodName(), t);
    }
    return render(DaprException.from(t), acceptLanguage);
  }

  /** Closes {@code call} with the status for {@code t}, trailers included. */
  public void close(ServerCall<?, ?> call, Throwable t) {
    closeWith(call, failure(call.getMethodDescriptor(), t));
  }

  /** {@code e} as daprd's status, with a LocalizedMessage when {@code acceptLanguage} is not {@code null}. */
  public StatusRuntimeException render(DaprException e, String acceptLanguage) {
    metrics.apiError(e.errorCode(), e.code().block().category(), "grpc");
    return GrpcErrorRenderer.toStatusRuntimeException(e,
        settings.rendering().withLocale(ErrorLocale.fromAcceptLanguage(acceptLanguage)));
  }

  /** The current call's span context ({@link #TRACE}); {@code null} without a span. */
  public static io.jdaprd.core.tracing.TraceContext trace() {
    com.linecorp.armeria.server.ServiceRequestContext ctx =
        com.linecorp.armeria.server.ServiceRequestContext.currentOrNull();
    return ctx == null ? null : ctx.attr(TRACE);
  }

  /** Closes {@code call} with the status and the trailers (the {@code grpc-status-details-bin}) of {@code e}. */
  public static void closeWith(ServerCall<?, ?> call, StatusRuntimeException e) {
    Status status = e.getStatus();
    Metadata trailers = e.getTrailers();
    call.close(status, trailers == null ? new Metadata() : trailers);
  }
}
