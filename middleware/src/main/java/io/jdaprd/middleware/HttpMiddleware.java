package io.jdaprd.middleware;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import io.jdaprd.spi.Component;

/**
 * A {@code middleware.http.*} component: one step of an HTTP pipeline, as daprd's {@code func(http.Handler)
 * http.Handler}. It sees the request, may answer it itself (a refusal) or hand it, changed or not, to {@code next},
 * and may change the answer. The same instance serves the API pipeline (the context a
 * {@link com.linecorp.armeria.server.ServiceRequestContext}) and the app pipeline (a
 * {@link com.linecorp.armeria.client.ClientRequestContext}).
 */
public interface HttpMiddleware extends Component {

  /**
   * Handles one request.
   *
   * @param ctx the request's context: its path and query as received or as sent
   * @param req the request, its body still a stream
   * @param next the rest of the pipeline
   * @return the answer
   */
  HttpResponse handle(RequestContext ctx, HttpRequest req, Next next) throws Exception;

  /** The rest of the pipeline. */
  @FunctionalInterface
  interface Next {
    /** Hands {@code req} on and returns the answer of what follows. */
    HttpResponse handle(HttpRequest req) throws Exception;
  }
}
