package io.jdaprd.api.http;

import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import java.util.List;

/**
 * Turns Armeria's own 413 for a body over {@code --max-body-size} into daprd's error for that route: a route that
 * words its own body-read failure (publish: ERR_PUBSUB_PUBLISH_MESSAGE) says so through
 * {@link HttpRoutes#bodyTooLarge},
 * every other route answers {@code ERR_BODY_READ}. Headers over {@code --read-buffer-size} get Go's own plain
 * {@code 431 Request Header Fields Too Large}, as daprd's {@code net/http} server sends it. Every other case keeps
 * Armeria's handling.
 */
final class BodyTooLargeHandler implements ServerErrorHandler {
  /** Go's body for headers over {@code MaxHeaderBytes}. */
  static final String HEADERS_TOO_LARGE = "431 Request Header Fields Too Large";
  private final HttpCalls calls;
  private final List<HttpRoutes> routes;

  /** @param routes every block's routes, each asked for its own error first */
  BodyTooLargeHandler(HttpCalls calls, List<HttpRoutes> routes) {
    this.calls = calls;
    this.routes = List.copyOf(routes);
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
    if (status == HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE) {
      return AggregatedHttpResponse.of(ResponseHeaders.builder(status).contentType(MediaType.PLAIN_TEXT_UTF_8)
          .add(HttpHeaderNames.CONNECTION, "close").build(), HttpData.ofUtf8(HEADERS_TOO_LARGE));
    }
    if (status != HttpStatus.REQUEST_ENTITY_TOO_LARGE) {
      return null;
    }
    String language = headers == null ? null : headers.get("accept-language");
    if (headers != null) {
      for (HttpRoutes route : routes) {
        DaprException e = route.bodyTooLarge(headers.path(), "stream too large");
        if (e != null) {
          return calls.errorResponse(e, language);
        }
      }
    }
    return calls.errorResponse(CommonErrors.bodyRead("http: request body too large"), language);
  }
}
