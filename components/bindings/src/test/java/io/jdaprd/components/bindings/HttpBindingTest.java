package io.jdaprd.components.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What Dapr's HTTP binding does beyond the conformance suite. */
class HttpBindingTest {
  private final RecordingServer server;
  private final HttpBinding binding = new HttpBinding();

  HttpBindingTest() throws Exception {
    server = new RecordingServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpBinding init(Map<String, String> extra) throws ComponentException {
    Map<String, String> md = new HashMap<>(extra);
    md.put("url", server.url());
    binding.init(new ComponentMetadata("web", HttpBinding.TYPE, "v1", "app", md));
    return binding;
  }

  @Test
  @DisplayName("create is a POST with the JSON content type and Accept defaults; capitalised metadata are headers")
  void createIsPost() throws Exception {
    init(Map.of()).invoke(new BindingRequest("create", "{\"a\":1}".getBytes(),
        Map.of("path", "store/x", "X-Custom", "yes", "lower", "not a header")));
    RecordingServer.Seen seen = server.seen.get(0);
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.path()).isEqualTo("/store/x");
    assertThat(seen.headers().get("Content-type")).containsExactly("application/json; charset=utf-8");
    assertThat(seen.headers().get("Accept")).containsExactly("application/json; charset=utf-8");
    assertThat(seen.headers().get("X-custom")).containsExactly("yes");
    assertThat(seen.headers()).doesNotContainKey("Lower");
  }

  @Test
  @DisplayName("the answer carries statusCode, status and the response headers in Go's canonical form")
  void answerMetadata() throws Exception {
    BindingResponse answer = init(Map.of()).invoke(new BindingRequest("get", null, Map.of("path", "/status/202")));
    assertThat(new String(answer.data(), StandardCharsets.UTF_8)).isEqualTo("status 202");
    assertThat(answer.metadata()).containsEntry("statusCode", "202").containsEntry("status", "202 Accepted")
        .containsEntry("X-Reply", "yes");
  }

  @Test
  @DisplayName("a status outside 2xx fails with 'received status code N' and keeps statusCode; errorIfNot2XX=false answers")
  void errorIfNot2xx() throws Exception {
    init(Map.of());
    assertThatThrownBy(() -> binding.invoke(new BindingRequest("get", null, Map.of("path", "/status/404"))))
        .isInstanceOf(BindingException.class).hasMessage("received status code 404")
        .satisfies(e -> assertThat(((BindingException) e).metadata()).containsEntry("statusCode", "404"));
    BindingResponse answer = binding.invoke(new BindingRequest("get", null,
        Map.of("path", "/status/404", "errorIfNot2XX", "false")));
    assertThat(answer.metadata()).containsEntry("statusCode", "404");
  }

  @Test
  @DisplayName("the component-wide errorIfNot2XX=false lets a 500 through")
  void componentWideNoError() throws Exception {
    BindingResponse answer = init(Map.of("errorIfNot2XX", "false"))
        .invoke(new BindingRequest("delete", null, Map.of("path", "/status/500")));
    assertThat(answer.metadata()).containsEntry("statusCode", "500");
    assertThat(server.seen.get(0).method()).isEqualTo("DELETE");
  }

  @Test
  @DisplayName("securityToken goes in securityTokenHeader; GET sends no body")
  void securityToken() throws Exception {
    init(Map.of("securityToken", "s3cret", "securityTokenHeader", "X-Token"))
        .invoke(new BindingRequest("get", "ignored".getBytes(), Map.of("path", "/status/200")));
    RecordingServer.Seen seen = server.seen.get(0);
    assertThat(seen.headers().get("X-token")).containsExactly("s3cret");
    assertThat(seen.body()).isEmpty();
    assertThat(seen.headers()).doesNotContainKey("Content-type");
  }

  @Test
  @DisplayName("every operation uses its method")
  void methods() throws Exception {
    init(Map.of());
    for (String op : List.of("head", "put", "patch", "options", "post")) {
      binding.invoke(new BindingRequest(op, "b".getBytes(), Map.of("path", "/status/200")));
    }
    assertThat(server.seen).extracting(RecordingServer.Seen::method)
        .containsExactly("HEAD", "PUT", "PATCH", "OPTIONS", "POST");
  }

  @Test
  @DisplayName("an unreachable target fails with BindingException; url is required")
  void failures() throws Exception {
    binding.init(new ComponentMetadata("web", HttpBinding.TYPE, "v1", "app",
        Map.of("url", "http://127.0.0.1:1")));
    assertThatThrownBy(() -> binding.invoke(new BindingRequest("create", null, Map.of("path", "x"))))
        .isInstanceOf(BindingException.class)
        .hasMessage("Post \"http://127.0.0.1:1/x\": dial tcp 127.0.0.1:1: connect: connection refused");
    assertThatThrownBy(() -> new HttpBinding().init(new ComponentMetadata("web", HttpBinding.TYPE, "v1", "app",
        Map.of()))).isInstanceOf(ComponentException.class).hasMessageContaining("url");
  }
}
