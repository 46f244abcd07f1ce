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
 * The answers to requests that Armeria refuses before any route runs, in daprd's words where daprd has them.
 *
 * <ul>
 *   <li>A body over {@code --max-body-size} (Armeria's 413): daprd's error for that route: a route that words its own
 *       body-read failure (publish: ERR_PUBSUB_PUBLISH_MESSAGE) says so through {@link HttpRoutes#bodyTooLarge},
 *       every other route answers {@code ERR_BODY_READ}.
 *   <li>Headers over {@code --read-buffer-size}: Go's own plain {@code 431 Request Header Fields Too Large}, as
 *       daprd's {@code net/http} server sends it.
 *   <li>A path Armeria will not route (its 400 {@code Invalid request path}: a {@code ..} segment, also written
 *       {@code ..%2F}, which Armeria refuses as path traversal): 400 {@code ERR_MALFORMED_REQUEST}
 *       {@code invalid request path}. daprd would route such a path (a state key {@code ../x} is a key to it); jdaprd
 *       cannot, and answers with a documented error rather than Armeria's plain text.
 * </ul>
 *
 * Every other case keeps Armeria's handling.
 */
final class TransportErrorAnswers implements ServerErrorHandler {
  /** Go's body for headers over {@code MaxHeaderBytes}. */
  static final String HEADERS_TOO_LARGE = "431 Request Header Fields Too Large";
  /** Armeria's description of a request target it refuses. */
  private static final String ARMERIA_INVALID_PATH = "Invalid request path";
  /** The message of this project's answer to such a target. */
  static final String INVALID_PATH = "invalid request path";
  private final HttpCalls calls;
  private final List<HttpRoutes> routes;

  /** @param routes every block's routes, each asked for its own error first */
  TransportErrorAnswers(HttpCalls calls, List<HttpRoutes> routes) {
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
    return answer(headers, status, description);
  }

  @Override
  public AggregatedHttpResponse renderStatus(ServiceRequestContext ctx, ServiceConfig config, RequestHeaders headers,
      HttpStatus status, String description, Throwable cause) {
    return answer(headers, status, description);
  }

  private AggregatedHttpResponse answer(RequestHeaders headers, HttpStatus status, String description) {
    if (status == HttpStatus.BAD_REQUEST && ARMERIA_INVALID_PATH.equals(description)) {
      return calls.errorResponse(CommonErrors.malformedRequestRaw(INVALID_PATH),
          headers == null ? null : headers.get("accept-language"));
    }
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
