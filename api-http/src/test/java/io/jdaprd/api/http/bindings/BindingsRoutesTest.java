package io.jdaprd.api.http.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.DaprHttpApi;
import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.runtime.ApiSettings;
import io.jdaprd.core.runtime.Resources;
import io.jdaprd.core.runtime.Runtime;
import io.jdaprd.core.runtime.RuntimeOptions;
import io.jdaprd.errors.ErrorRendering;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code /v1.0/bindings/{name}} over an echo binding, compared with daprd's exact answers. */
class BindingsRoutesTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static Server server;
  private static Runtime runtime;
  private static String base;

  @BeforeAll
  static void start() {
    runtime = Runtime.assemble(RuntimeOptions.of("myapp", "1.0.0-test").withApiServers(
        List.of(HealthBlock.HTTP_SERVER)), new ComponentTypes().register(new ComponentType(EchoBinding.TYPE,
            Set.of("v1"), EchoBinding::new)), Resources.of(List.of(new ComponentDefinition("echo", EchoBinding.TYPE,
                "v1", Map.of(), List.of(), false, Path.of("echo.yaml")))), null, () -> { });
    ServerBuilder sb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
    DaprHttpApi.addTo(sb, runtime.blocks(), new ApiSettings(ErrorRendering.DAPR, null, 1024 * 1024));
    server = sb.build();
    server.start().join();
    base = "http://127.0.0.1:" + server.activeLocalPort() + "/v1.0/bindings/";
  }

  @AfterAll
  static void stop() {
    server.stop();
    runtime.close();
  }

  private static HttpResponse<String> post(String name, String body) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create(base + name))
        .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("data is re-encoded as Go encodes it; the answer is 200 JSON with metadata.* headers")
  void roundTrip() throws Exception {
    HttpResponse<String> r = post("echo", "{\"operation\":\"create\",\"data\":{\"b\":1.50,\"a\":\"<x>\"},"
        + "\"metadata\":{\"k\":\"v\"}} trailing ignored");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"a\":\"\\u003cx\\u003e\",\"b\":1.5}");
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.headers().firstValue("metadata.k")).hasValue("v");
    assertThat(r.headers().firstValue("metadata.op")).hasValue("create");
  }

  @Test
  @DisplayName("a string is sent quoted, absent data as null; PUT works as POST; field names match in any case")
  void dataForms() throws Exception {
    assertThat(post("echo", "{\"operation\":\"create\",\"data\":\"hello\"}").body()).isEqualTo("\"hello\"");
    assertThat(post("echo", "{\"Operation\":\"create\"}").body()).isEqualTo("null");
    HttpResponse<String> put = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "echo"))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"operation\":\"create\",\"data\":[1,true,null]}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(put.body()).isEqualTo("[1,true,null]");
  }

  @Test
  @DisplayName("nothing answered is 204")
  void noContent() throws Exception {
    HttpResponse<String> r = post("echo", "{\"operation\":\"none\"}");
    assertThat(r.statusCode()).isEqualTo(204);
    assertThat(r.body()).isEmpty();
  }

  @Test
  @DisplayName("a failing binding is 500 ERR_INVOKE_OUTPUT_BINDING, its metadata still in the headers")
  void failure() throws Exception {
    HttpResponse<String> r = post("echo", "{\"operation\":\"fail\"}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_INVOKE_OUTPUT_BINDING\",\"message\":\"error invoking "
        + "output binding echo: target answered 418\"}");
    assertThat(r.headers().firstValue("metadata.statuscode")).hasValue("418");
  }

  @Test
  @DisplayName("daprd's order and texts: operation missing, binding unknown, operation not supported")
  void validation() throws Exception {
    assertThat(post("nope", "{}").body()).isEqualTo("{\"errorCode\":\"ERR_INVOKE_OUTPUT_BINDING\",\"message\":"
        + "\"error invoking output binding nope: operation field is missing from request\"}");
    assertThat(post("nope", "{\"operation\":\"create\"}").body()).isEqualTo("{\"errorCode\":"
        + "\"ERR_INVOKE_OUTPUT_BINDING\",\"message\":\"error invoking output binding nope: couldn't find output "
        + "binding nope\"}");
    HttpResponse<String> r = post("echo", "{\"operation\":\"list\"}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_INVOKE_OUTPUT_BINDING\",\"message\":\"error invoking "
        + "output binding echo: binding echo does not support operation list. supported operations:create none "
        + "fail\"}");
  }

  @Test
  @DisplayName("bodies that do not decode are 400 ERR_MALFORMED_REQUEST with Go's text")
  void malformed() throws Exception {
    assertMalformed(null, "EOF");
    assertMalformed("{\"operation\":", "unexpected end of JSON input");
    assertMalformed("[1]", "json: cannot unmarshal array into Go value of type http.OutputBindingRequest");
    assertMalformed("{\"operation\":1}",
        "json: cannot unmarshal number into Go struct field OutputBindingRequest.operation of type string");
    assertMalformed("{\"metadata\":[]}",
        "json: cannot unmarshal array into Go struct field OutputBindingRequest.metadata of type map[string]string");
    assertMalformed("{\"metadata\":{\"a\":1}}",
        "json: cannot unmarshal number into Go struct field OutputBindingRequest.metadata of type string");
    assertMalformed("{\"operation\":\"create\",\"data\":1e400}", "json: cannot unmarshal number 1e400 into Go"
        + " struct field OutputBindingRequest.data of type float64");
  }

  private static void assertMalformed(String body, String goText) throws Exception {
    HttpResponse<String> r = post("echo", body);
    assertThat(r.statusCode()).as(body).isEqualTo(400);
    assertThat(r.body()).as(body).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"failed "
        + "deserializing HTTP body: " + goText.replace("\"", "\\\"") + "\"}");
  }
}
