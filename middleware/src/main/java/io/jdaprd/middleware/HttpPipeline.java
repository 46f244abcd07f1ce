package io.jdaprd.middleware;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.ClientRequestContext;
import com.linecorp.armeria.client.DecoratingHttpClientFunction;
import com.linecorp.armeria.client.HttpClient;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of a Configuration's pipelines, as daprd builds it: {@code spec.httpPipeline} (around the HTTP API's routes)
 * or {@code spec.appHttpPipeline} (around the app channel's HTTP calls). Its handlers name middleware components;
 * the chain is built from the loaded components with {@link #use}, in the order of the spec, the first handler
 * outermost. A handler whose component is not loaded, or is loaded with another type or version (an empty version
 * is {@code v1}), is skipped, as daprd's pipeline skips it. Until {@link #use} is called, and with no handler, the
 * pipeline passes every request through.
 */
public final class HttpPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(HttpPipeline.class);

  /** A handler of the spec: the component's name, type and version. */
  public record Handler(String name, String type, String version) {
    public Handler {
      Objects.requireNonNull(name, "name");
      type = type == null ? "" : type;
      version = version == null || version.isEmpty() ? "v1" : version;
    }
  }

  /** A loaded middleware component, with the type and version it was loaded under. */
  public record Loaded(String type, String version, HttpMiddleware middleware) {
    public Loaded {
      version = version == null || version.isEmpty() ? "v1" : version;
    }
  }

  private final String name;
  private final List<Handler> handlers;
  private volatile List<HttpMiddleware> chain = List.of();

  /**
   * @param name {@code server} or {@code app}, as daprd names its two pipelines in its log
   * @param handlers the handlers of the spec, in order
   */
  public HttpPipeline(String name, List<Handler> handlers) {
    this.name = name;
    this.handlers = List.copyOf(handlers);
  }

  /**
   * The pipeline of a Configuration's {@code spec.httpPipeline} or {@code spec.appHttpPipeline} node; a missing or
   * null node, or one without handlers, gives an empty pipeline.
   *
   * @throws IllegalArgumentException when {@code handlers} is not a list of objects with a name
   */
  public static HttpPipeline parse(String name, String field, JsonNode node) {
    List<Handler> handlers = new ArrayList<>();
    JsonNode list = node == null ? null : node.path("handlers");
    if (list != null && !list.isMissingNode() && !list.isNull()) {
      if (!list.isArray()) {
        throw new IllegalArgumentException(field + ".handlers (expected: a list of handlers with name and type)");
      }
      for (JsonNode h : list) {
        String handlerName = h.path("name").asText("");
        if (!h.isObject() || handlerName.isEmpty()) {
          throw new IllegalArgumentException(field + ".handlers: " + h + " (expected: a handler with a name and a "
              + "type, such as {name: uppercase, type: middleware.http.uppercase})");
        }
        handlers.add(new Handler(handlerName, h.path("type").asText(""), h.path("version").asText("")));
      }
    }
    return new HttpPipeline(name, handlers);
  }

  /** The handlers of the spec. */
  public List<Handler> handlers() {
    return handlers;
  }

  /** Whether the spec names no handler: the pipeline can be left out. */
  public boolean isEmpty() {
    return handlers.isEmpty();
  }

  /**
   * Builds the chain from the loaded middleware components, by name; called again when they change.
   *
   * @param loaded the loaded middleware components by component name
   */
  public void use(Map<String, Loaded> loaded) {
    List<HttpMiddleware> built = new ArrayList<>();
    for (Handler h : handlers) {
      Loaded l = loaded.get(h.name());
      if (l == null || !l.type().equals(h.type()) || !l.version().equals(h.version())) {
        LOG.debug("pipeline {}: handler {} ({}/{}) is not loaded; skipped", name, h.name(), h.type(), h.version());
        continue;
      }
      built.add(l.middleware());
    }
    if (!handlers.isEmpty()) {
      LOG.info("Building pipeline {}: {}", name, handlers.stream().map(Handler::name).toList());
    }
    chain = List.copyOf(built);
  }

  /** The middleware the chain runs now, outermost first. */
  public List<HttpMiddleware> chain() {
    return chain;
  }

  /**
   * Runs {@code req} through the chain, then {@code last}.
   *
   * @param last what follows the pipeline (the route, or the call to the app)
   */
  public HttpResponse run(RequestContext ctx, HttpRequest req, HttpMiddleware.Next last) throws Exception {
    List<HttpMiddleware> current = chain;
    if (current.isEmpty()) {
      return last.handle(req);
    }
    return step(current, 0, ctx, req, last);
  }

  private static HttpResponse step(List<HttpMiddleware> chain, int i, RequestContext ctx, HttpRequest req,
      HttpMiddleware.Next last) throws Exception {
    if (i == chain.size()) {
      return last.handle(req);
    }
    return chain.get(i).handle(ctx, req, r -> step(chain, i + 1, ctx, r, last));
  }

  /**
   * The pipeline as a decorator of the HTTP API's service. A request a middleware rewrote is handed to the service
   * as it is; the context keeps the request as received ({@code ctx.updateRequest} would parse its path again and
   * merge the {@code //} of a URL invocation target, {@code /v1.0/invoke/http://host:port/method/x}).
   */
  public DecoratingHttpServiceFunction serverDecorator() {
    return (HttpService delegate, ServiceRequestContext ctx, HttpRequest req) -> run(ctx, req,
        r -> delegate.serve(ctx, r));
  }

  /**
   * The pipeline as a decorator of the app channel's client. A request a middleware rewrote becomes the context's
   * request before it is sent (Armeria's client requires it); a client's context keeps the path's {@code //} then.
   *
   * @param bypass a request whose context holds {@code true} under this key goes straight through (the app health
   *     probe, which daprd sends past its middleware)
   */
  public DecoratingHttpClientFunction clientDecorator(AttributeKey<Boolean> bypass) {
    return (HttpClient delegate, ClientRequestContext ctx, HttpRequest req) -> {
      if (Boolean.TRUE.equals(ctx.attr(bypass))) {
        return delegate.execute(ctx, req);
      }
      return run(ctx, req, r -> {
        if (r != req) {
          ctx.updateRequest(r); // Armeria's client refuses a request its context does not hold
        }
        return delegate.execute(ctx, r);
      });
    };
  }
}
