package io.jdaprd.api.http.calls;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorLocale;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.http.HttpError;
import io.jdaprd.errors.http.HttpErrorRenderer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP route shares: reading the body within the size limit, running the block off the event loop on a
 * virtual thread, reading {@code metadata.*} query parameters, and rendering errors in the client's language.
 */
public final class HttpCalls {
  private static final Logger LOG = LoggerFactory.getLogger(HttpCalls.class);
  private static final ExecutorService BLOCKING = Executors.newVirtualThreadPerTaskExecutor();

  private final ApiSettings settings;
  private final Metrics metrics;

  public HttpCalls(ApiSettings settings) {
    this(settings, Metrics.NONE);
  }

  /** Calls whose rendered errors are counted in {@code metrics} ({@link Metrics#apiError}). */
  public HttpCalls(ApiSettings settings, Metrics metrics) {
    this.settings = settings;
    this.metrics = metrics;
  }

  /** A handler of an aggregated request, run on a virtual thread; it may throw {@link DaprException}. */
  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(AggregatedHttpRequest request) throws Exception;
  }

  /**
   * Reads the whole body (a body over {@code --max-body-size} is daprd's {@code ERR_BODY_READ}), then runs
   * {@code handler} on a virtual thread. Any failure becomes Dapr's error response.
   */
  public HttpResponse call(ServiceRequestContext ctx, HttpRequest req, Handler handler) {
    return call(ctx, req, handler, CommonErrors::bodyRead);
  }

  /**
   * {@link #call(ServiceRequestContext, HttpRequest, Handler)} for a route whose handler words a body-read failure
   * itself (daprd's publish answers ERR_PUBSUB_PUBLISH_MESSAGE): {@code bodyReadError} gets Go's text of the
   * failure.
   */
  public HttpResponse call(ServiceRequestContext ctx, HttpRequest req, Handler handler,
      java.util.function.Function<String, DaprException> bodyReadError) {
    String acceptLanguage = req.headers().get("accept-language");
    CompletableFuture<HttpResponse> future = req.aggregate().handleAsync((agg, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        DaprException e = bodyReadError.apply(cause instanceof ContentTooLargeException
            ? "http: request body too large" : cause.getMessage());
        return error(e, acceptLanguage);
      }
      try {
        return handler.handle(agg);
      } catch (DaprException e) {
        return error(e, acceptLanguage);
      } catch (Exception | Error e) {
        LOG.warn("unexpected failure on {} {}", agg.method(), agg.path(), e);
        return error(DaprException.from(e), acceptLanguage);
      }
    }, BLOCKING);
    return HttpResponse.of(future);
  }

  /** The error as daprd writes it, with a LocalizedMessage when the client sent {@code Accept-Language}. */
  public HttpResponse error(DaprException e, String acceptLanguage) {
    return errorResponse(e, acceptLanguage).toHttpResponse();
  }

  /** {@link #error} as an aggregated response, for Armeria's error handler. */
  public AggregatedHttpResponse errorResponse(DaprException e, String acceptLanguage) {
    metrics.apiError(e.errorCode(), e.code().block().category(), "http");
    HttpError error = HttpErrorRenderer.render(e,
        settings.rendering().withLocale(ErrorLocale.fromAcceptLanguage(acceptLanguage)));
    return AggregatedHttpResponse.of(
        ResponseHeaders.of(HttpStatus.valueOf(error.status()), "content-type", error.contentType()),
        HttpData.wrap(error.body()));
  }

  /** The {@code metadata.*} query parameters, prefix removed; the first value of a repeated key wins. */
  public static Map<String, String> metadata(AggregatedHttpRequest req) {
    Map<String, String> out = new LinkedHashMap<>();
    com.linecorp.armeria.common.QueryParams params =
        com.linecorp.armeria.common.QueryParams.fromQueryString(queryString(req.path()));
    params.forEach((name, value) -> {
      if (name.startsWith("metadata.") && name.length() > "metadata.".length()) {
        out.putIfAbsent(name.substring("metadata.".length()), value);
      }
    });
    return out;
  }

  /** One query parameter, or {@code null}. */
  public static String query(AggregatedHttpRequest req, String name) {
    return com.linecorp.armeria.common.QueryParams.fromQueryString(queryString(req.path())).get(name);
  }

  private static String queryString(String path) {
    int q = path.indexOf('?');
    return q < 0 ? "" : path.substring(q + 1);
  }

  /** 204 with no body. */
  public static HttpResponse noContent() {
    return HttpResponse.of(HttpStatus.NO_CONTENT);
  }

  /** {@code application/json} without a charset parameter, as daprd writes it. */
  public static final MediaType APPLICATION_JSON = MediaType.create("application", "json");

  /** 200 with a JSON body. */
  public static HttpResponse json(String body) {
    return HttpResponse.of(HttpStatus.OK, APPLICATION_JSON, body);
  }
}
