package io.jdaprd.api.http.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.runtime.ApiAccess;
import java.util.List;
import org.junit.jupiter.api.Test;

/** daprd's HTTP endpoint table: how a request finds its endpoint, and which endpoints the API lists let through. */
class HttpEndpointsTest {
  private static HttpEndpoints.Endpoint match(String method, String path) {
    return HttpEndpoints.match(method, path, HttpEndpoints.all());
  }

  private static ApiAccess.Rule http(String name, String version) {
    return new ApiAccess.Rule(name, version, "http");
  }

  @Test
  void requestsFindTheirEndpointsStaticSegmentsFirst() {
    assertThat(match("GET", "/v1.0/state/store/key").name()).isEqualTo("GetState");
    assertThat(match("POST", "/v1.0/state/store/bulk").name()).isEqualTo("GetBulkState");
    assertThat(match("GET", "/v1.0/state/store/bulk").name()).as("GET takes the key route").isEqualTo("GetState");
    assertThat(match("POST", "/v1.0/state/store").name()).isEqualTo("SaveState");
    assertThat(match("POST", "/v1.0/publish/bulk/ps/orders").name()).isEqualTo("BulkPublishEvent");
    assertThat(match("POST", "/v1.0/publish/ps/a/b/c").name()).isEqualTo("PublishEvent");
    assertThat(match("GET", "/v1.0/secrets/s/bulk").name()).isEqualTo("GetBulkSecret");
    assertThat(match("GET", "/v1.0/healthz/outbound").healthCheck()).isTrue();
    assertThat(match("POST", "/v1.0-beta1/workflows/dapr/wf/start").group()).isEqualTo("workflows");
    assertThat(match("GET", "/v1.0/state")).as("no endpoint: the invocation fallback").isNull();
    assertThat(match("PATCH", "/v1.0/state/s/k")).isNull();
  }

  @Test
  void denyListTakesEndpointsOutByGroupOrByRoutePrefix() {
    List<HttpEndpoints.Endpoint> allowed = HttpEndpoints.allowed(new ApiAccess(List.of(),
        List.of(http("state", "v1"))));
    assertThat(allowed).extracting(HttpEndpoints.Endpoint::name).doesNotContain("GetState", "SaveState")
        .contains("QueryStateAlpha1", "PublishEvent", "Healthz");
    List<HttpEndpoints.Endpoint> legacy = HttpEndpoints.allowed(new ApiAccess(List.of(),
        List.of(http("state", "v1.0"))));
    assertThat(legacy).extracting(HttpEndpoints.Endpoint::name).doesNotContain("GetState")
        .contains("QueryStateAlpha1");
  }

  @Test
  void allowListKeepsOnlyItsEndpointsAndTheHealthRoutes() {
    List<HttpEndpoints.Endpoint> allowed = HttpEndpoints.allowed(new ApiAccess(List.of(http("publish", "v1")),
        List.of()));
    assertThat(allowed).extracting(HttpEndpoints.Endpoint::name)
        .containsExactlyInAnyOrder("PublishEvent", "BulkPublishEvent", "Healthz", "HealthzOutbound");
    ApiAccess grpcOnly = new ApiAccess(List.of(new ApiAccess.Rule("publish", "v1", "grpc")), List.of());
    assertThat(HttpEndpoints.allowed(grpcOnly)).hasSameSizeAs(HttpEndpoints.all());
    ApiAccess upperCase = new ApiAccess(List.of(new ApiAccess.Rule("publish", "v1", "HTTP")), List.of());
    assertThat(HttpEndpoints.allowed(upperCase)).as("HTTP compares the protocol without case").hasSize(4);
  }

  @Test
  void invocationIsAllowedUnlessListedOut() {
    assertThat(HttpEndpoints.INVOKE.isAllowed(List.of(), List.of())).isTrue();
    assertThat(HttpEndpoints.INVOKE.isAllowed(List.of(http("state", "v1")), List.of())).isFalse();
    assertThat(HttpEndpoints.INVOKE.isAllowed(List.of(), List.of(http("invoke", "v1")))).isFalse();
  }
}
