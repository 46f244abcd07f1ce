package io.jdaprd.api.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Turns Armeria's own 413 for a body over {@code --max-body-size} into daprd's error for that route: a route that
 * words its own body-read failure (publish: ERR_PUBSUB_PUBLISH_MESSAGE) says so through {@code routeErrors},
 * every other route answers {@code ERR_BODY_READ}; every other case keeps Armeria's handling.
 */
final class BodyTooLargeHandler implements ServerErrorHandler {
  private final HttpCalls calls;
  private final List<BiFunction<String, String, DaprException>> routeErrors;

  /**
   * @param routeErrors per-route errors: given the request path and Go's text of the failure, the route's error,
   *     or {@code null} when the path is not theirs
   */
  BodyTooLargeHandler(HttpCalls calls, List<BiFunction<String, String, DaprException>> routeErrors) {
    this.calls = calls;
    this.routeErrors = List.copyOf(routeErrors);
  }

  @Override
  public HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
    return null;
  }

  @Override
  public AggregatedHttpResponse onProtocolViolation(ServiceConfig config, RequestHeaders headers, HttpStatus status,
      String description, Throwable cause) {
    return tooLarge(headers, status);
  }

  @Override
  public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
      HttpStatus status, String description, Throwable cause) {
    return tooLarge(headers, status);
  }

  private AggregatedHttpResponse tooLarge(RequestHeaders headers, HttpStatus status) {
    if (status != HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      return null;
    }
    String language = headers == null ? null : headers.get("accept-language");
    if (headers != null) {
      for (BiFunction<String, String, DaprException> route : routeErrors) {
        DaprException e = route.apply(headers.path(), "stream too large");
        if (e != null) {
          return calls.errorResponse(e, language);
        }
      }
    }
    return calls.errorResponse(CommonErrors.bodyRead("http: request body too large"), language);
  }
}
