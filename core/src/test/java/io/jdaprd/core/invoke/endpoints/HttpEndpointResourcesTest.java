package io.jdaprd.core.invoke.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.core.runtime.Resources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code HTTPEndpoint} resources read from the resources paths as daprd reads them. */
class HttpEndpointResourcesTest {
  @TempDir
  Path dir;

  private List<HttpEndpoint> load(String yaml, String namespace, Map<String, String> env) throws IOException {
    Files.writeString(dir.resolve("endpoints.yaml"), yaml);
    return Resources.load(List.of(dir), "myapp", namespace, env::get).httpEndpoints();
  }

  private List<HttpEndpoint> load(String yaml) throws IOException {
    return load(yaml, null, Map.of());
  }

  @Test
  void readsBaseUrlHeadersAndTls() throws IOException {
    List<HttpEndpoint> endpoints = load("""
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: github
        spec:
          baseUrl: https://api.github.com
          headers:
          - name: Accept-Language
            value: en-US
          - name: Retries
            value: 3
          clientTLS:
            rootCA:
              value: "-----BEGIN CERTIFICATE-----"
            renegotiation: OnceAsClient
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: store
        spec:
          type: state.in-memory
          version: v1
        """);
    assertThat(endpoints).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("github");
      assertThat(e.baseUrl()).isEqualTo("https://api.github.com");
      assertThat(e.headers()).containsExactly(new HttpEndpoint.Header("Accept-Language", "en-US"),
          new HttpEndpoint.Header("Retries", "3"));
      assertThat(e.clientTls()).isEqualTo(new HttpEndpoint.ClientTls("-----BEGIN CERTIFICATE-----", null, null,
          "OnceAsClient"));
      assertThat(e.logName()).isEqualTo("github (https://api.github.com)");
    });
  }

  @Test
  void skipsOtherApiVersionsScopesNamespacesAndInvalidNames() throws IOException {
    List<HttpEndpoint> endpoints = load("""
        apiVersion: dapr.io/v2alpha1
        kind: HTTPEndpoint
        metadata:
          name: wrongversion
        spec:
          baseUrl: http://127.0.0.1:1
        ---
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: notmine
        spec:
          baseUrl: http://127.0.0.1:1
        scopes: [other]
        ---
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: mine
        spec:
          baseUrl: http://127.0.0.1:2
        scopes: [myapp]
        ---
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: elsewhere
          namespace: prod
        spec:
          baseUrl: http://127.0.0.1:3
        ---
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: "a%2Fb"
        spec:
          baseUrl: http://127.0.0.1:4
        """, "dev", Map.of());
    assertThat(endpoints).extracting(HttpEndpoint::name).containsExactly("mine");
    assertThat(HttpEndpointResources.invalidName("..")).isEqualTo("may not be '..'");
    assertThat(HttpEndpointResources.invalidName("a/b%")).isEqualTo("may not contain '/'; may not contain '%'");
  }

  @Test
  void aDuplicateNameLoadsNoEndpointAtAll() throws IOException {
    List<HttpEndpoint> endpoints = load("""
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: one
        spec:
          baseUrl: http://127.0.0.1:1
        ---
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: two
        spec:
          baseUrl: http://127.0.0.1:2
        ---
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: one
        spec:
          baseUrl: http://127.0.0.1:3
        """);
    assertThat(endpoints).isEmpty();
  }

  @Test
  void envRefsResolveExceptForbiddenNamesAndSecretRefsStayEmpty() throws IOException {
    List<HttpEndpoint> endpoints = load("""
        apiVersion: dapr.io/v1alpha1
        kind: HTTPEndpoint
        metadata:
          name: ext
        spec:
          baseUrl: http://127.0.0.1:1
          headers:
          - name: X-Env
            envRef: MY_HEADER
          - name: X-Token
            envRef: APP_API_TOKEN
          - name: X-Dapr
            envRef: dapr_http_port
          - name: X-Given
            value: ""
            envRef: MY_HEADER
          - name: X-Secret
            secretKeyRef:
              name: s
              key: k
          - name: X-After
            envRef: MY_HEADER
          clientTLS:
            rootCA:
              secretKeyRef:
                name: ca
        """, null, Map.of("MY_HEADER", "from-env", "APP_API_TOKEN", "secret", "DAPR_HTTP_PORT", "3500"));
    assertThat(endpoints).singleElement().satisfies(e -> {
      assertThat(e.headers()).extracting(HttpEndpoint.Header::value)
          .containsExactly("from-env", "", "", "", "", "");
      assertThat(e.clientTls()).isEqualTo(new HttpEndpoint.ClientTls(null, null, null, null));
    });
  }

  @Test
  void theEnvAllowListOfDaprEnvKeysIsMatchedByWholeNames() {
    HttpEndpointResources r = new HttpEndpointResources("a", null,
        Map.of("DAPR_ENV_KEYS", "FOO BAR_BAZ")::get);
    assertThat(r.envAllowed("FOO")).isTrue();
    assertThat(r.envAllowed("bar_baz")).isTrue();
    assertThat(r.envAllowed("BAR")).isFalse();
    assertThat(r.envAllowed("OTHER")).isFalse();
  }
}
