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
