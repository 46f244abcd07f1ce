package io.jdaprd.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.spi.ComponentMetadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpPipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A middleware that records its name on the way in and adds it to a response header. */
  private record Named(String name, List<String> trace) implements HttpMiddleware {
    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public HttpResponse handle(RequestContext ctx, HttpRequest req, Next next) throws Exception {
      trace.add(name);
      return next.handle(req).mapHeaders(h -> h.toBuilder().add("x-seen", name).build());
    }
  }

  private static HttpPipeline parse(String yamlAsJson) throws Exception {
    return HttpPipeline.parse("server", "spec.httpPipeline", JSON.readTree(yamlAsJson));
  }

  private static List<String> run(HttpPipeline p, List<String> trace) throws Exception {
    HttpRequest req = HttpRequest.of(HttpMethod.GET, "/v1.0/metadata");
    var res = p.run(ServiceRequestContext.of(req), req, r -> {
      trace.add("route");
      return HttpResponse.of("ok");
    }).aggregate().join();
    return res.headers().getAll("x-seen");
  }

  /** A middleware that rewrites the request: its body in upper case (a new request object, as Uppercase makes). */
  private record Rewrite() implements HttpMiddleware {
    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public HttpResponse handle(RequestContext ctx, HttpRequest req, Next next) {
      return HttpResponse.of(req.aggregate().thenApply(agg -> {
        try {
          return next.handle(com.linecorp.armeria.common.AggregatedHttpRequest.of(agg.headers(),
              com.linecorp.armeria.common.HttpData.ofUtf8(agg.contentUtf8().toUpperCase(java.util.Locale.ROOT)))
              .toHttpRequest());
        } catch (Exception e) {
          return HttpResponse.ofFailure(e);
        }
      }));
    }
  }

  private static HttpPipeline rewriting() throws Exception {
    HttpPipeline p = parse("{\"handlers\": [{\"name\": \"up\", \"type\": \"middleware.http.uppercase\"}]}");
    p.use(Map.of("up", new HttpPipeline.Loaded("middleware.http.uppercase", "v1", new Rewrite())));
    return p;
  }

  /** A target that answers with the raw path it was asked for and the body it got. */
  private static com.sun.net.httpserver.HttpServer target() throws Exception {
    var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] body = (ex.getRequestURI().getRawPath() + " " + new String(ex.getRequestBody().readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
    return server;
  }

  @Test
  void aRewrittenRequestKeepsTheDoubleSlashesOfItsPathInBothPipelines() throws Exception {
    var target = target();
    String base = "http://127.0.0.1:" + target.getAddress().getPort();
    var server = com.linecorp.armeria.server.Server.builder().http(0)
        .serviceUnder("/", (ctx, req) -> HttpResponse.of(ctx.rawPath() + " " + ctx.path()))
        .decorator(rewriting().serverDecorator()).build();
    server.start().join();
    try {
      var app = com.linecorp.armeria.client.WebClient.builder(base)
          .decorator(rewriting().clientDecorator(io.netty.util.AttributeKey.valueOf("bypass-test"))).build();
      assertThat(app.post("/a//b", "apples").aggregate().join().contentUtf8())
          .as("the app pipeline sends the rewritten request to the path as it was").isEqualTo("/a//b APPLES");
      var api = com.linecorp.armeria.client.WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
      assertThat(api.post("/v1.0/invoke/http://127.0.0.1:1/method/x", "pears").aggregate().join().contentUtf8())
          .as("the route sees the path as received").startsWith("/v1.0/invoke/http://127.0.0.1:1/method/x ");
    } finally {
      server.stop().join();
      target.stop(0);
    }
  }

  @Test
  void handlersRunInSpecOrderTheFirstOutermost() throws Exception {
    List<String> trace = new ArrayList<>();
    HttpPipeline p = parse("""
        {"handlers": [{"name": "a", "type": "middleware.http.uppercase"},
                      {"name": "b", "type": "middleware.http.ratelimit", "version": "v1"}]}""");
    p.use(Map.of("a", new HttpPipeline.Loaded("middleware.http.uppercase", "v1", new Named("a", trace)),
        "b", new HttpPipeline.Loaded("middleware.http.ratelimit", "", new Named("b", trace))));
    assertThat(run(p, trace)).containsExactly("b", "a");
    assertThat(trace).containsExactly("a", "b", "route");
  }

  @Test
  void aHandlerNotLoadedOrLoadedWithAnotherTypeOrVersionIsSkipped() throws Exception {
    List<String> trace = new ArrayList<>();
    HttpPipeline p = parse("""
        {"handlers": [{"name": "missing", "type": "middleware.http.uppercase"},
                      {"name": "a", "type": "middleware.http.uppercase"},
                      {"name": "b", "type": "middleware.http.routerchecker"},
                      {"name": "c", "type": "middleware.http.uppercase", "version": "v2"}]}""");
    p.use(Map.of("a", new HttpPipeline.Loaded("middleware.http.uppercase", "v1", new Named("a", trace)),
        "b", new HttpPipeline.Loaded("middleware.http.ratelimit", "v1", new Named("b", trace)),
        "c", new HttpPipeline.Loaded("middleware.http.uppercase", "v1", new Named("c", trace))));
    assertThat(run(p, trace)).containsExactly("a");
    assertThat(trace).containsExactly("a", "route");
  }

  @Test
  void anEmptyOrMissingSpecPassesThrough() throws Exception {
    assertThat(parse("{}").isEmpty()).isTrue();
    assertThat(HttpPipeline.parse("app", "spec.appHttpPipeline", JSON.missingNode()).isEmpty()).isTrue();
    HttpPipeline unbuilt = parse("{\"handlers\": [{\"name\": \"a\", \"type\": \"middleware.http.uppercase\"}]}");
    List<String> trace = new ArrayList<>();
    assertThat(run(unbuilt, trace)).isEmpty();
    assertThat(trace).containsExactly("route");
  }

  @Test
  void aMalformedSpecNamesTheField() {
    assertThatThrownBy(() -> parse("{\"handlers\": {\"name\": \"a\"}}"))
        .hasMessageStartingWith("spec.httpPipeline.handlers (expected:");
    assertThatThrownBy(() -> parse("{\"handlers\": [{\"type\": \"middleware.http.uppercase\"}]}"))
        .hasMessageStartingWith("spec.httpPipeline.handlers: ");
  }
}
