package io.jdaprd.api.http;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.errors.factories.CommonErrors;

/**
 * Turns Armeria's own 413 for a body over {@code --max-body-size} (refused before any route runs, when the
 * {@code Content-Length} says so) into daprd's {@code ERR_BODY_READ}; every other case keeps Armeria's handling.
 */
final class BodyTooLargeHandler implements ServerErrorHandler {
  private final HttpCalls calls;

  BodyTooLargeHandler(HttpCalls calls) {
    this.calls = calls;
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
    return calls.errorResponse(CommonErrors.bodyRead("http: request body too large"),
        headers == null ? null : headers.get("accept-language"));
  }
}
