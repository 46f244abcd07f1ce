package io.jdaprd.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.components.inmemory.InMemoryStateStore;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API over the in-memory store, driven with raw HTTP and compared with daprd's exact answers. */
class HttpApiTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Server server;
  private Runtime runtime;
  private final CountDownLatch shutdown = new CountDownLatch(1);

  private String start(ApiSettings settings, boolean withStore) throws Exception {
    runtime = Runtime.assemble(RuntimeOptions.of("myapp", "1.0.0-test").withApiServers(
        List.of(HealthBlock.HTTP_SERVER)), new ComponentTypes().register(new ComponentType(InMemoryStateStore.TYPE,
            Set.of("v1"), InMemoryStateStore::new)), Resources.of(withStore ? List.of(new ComponentDefinition(
                "statestore", InMemoryStateStore.TYPE, "v1", Map.of(), List.of(), false, Path.of("statestore.yaml")))
            : List.of()), null, shutdown::countDown);
    ServerBuilder sb = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
    DaprHttpApi.addTo(sb, runtime.blocks(), settings);
    server = sb.build();
    server.start().join();
    runtime.apiServerStarted(HealthBlock.HTTP_SERVER);
    runtime.start();
    return "http://127.0.0.1:" + server.activeLocalPort();
  }

  private String start() throws Exception {
    return start(new ApiSettings(ErrorRendering.DAPR, null, 1024 * 1024), true);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(); // Netty's boss group takes ~2 s to wind down; ports are ephemeral, so nothing waits on it.
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  private static HttpResponse<String> send(String method, String url, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndMetadata() throws Exception {
    String base = start(new ApiSettings(ErrorRendering.DAPR, null, 1024 * 1024), false);
    assertThat(send("GET", base + "/v1.0/healthz", null).statusCode()).isEqualTo(204);
    assertThat(send("GET", base + "/v1.0/healthz/outbound", null).statusCode()).isEqualTo(204);
    HttpResponse<String> mismatch = send("GET", base + "/v1.0/healthz?appid=other", null);
    assertThat(mismatch.statusCode()).isEqualTo(500);
    assertThat(mismatch.body()).isEqualTo("{\"errorCode\":\"ERR_HEALTH_APPID_NOT_MATCH\",\"message\":\"dapr app-id does not match\"}");
    assertThat(send("PUT", base + "/v1.0/metadata/color", "blue").statusCode()).isEqualTo(204);
    HttpResponse<String> meta = send("GET", base + "/v1.0/metadata", null);
    assertThat(meta.body()).isEqualTo("{\"id\":\"myapp\",\"runtimeVersion\":\"1.0.0-test\",\"enabledFeatures\":[\"HotReload\","
        + "\"WorkflowsRemoteActivityReminder\"],\"extended\":{\"color\":"
        + "\"blue\",\"daprRuntimeVersion\":\"1.0.0-test\"},\"appConnectionProperties\":{\"protocol\":\"http\","
        + "\"channelAddress\":\"127.0.0.1\"},\"actorRuntime\":{\"runtimeStatus\":\"DISABLED\",\"hostReady\":false,\"placement\":\"placement: disconnected\"}}");
    assertThat(send("POST", base + "/v1.0/shutdown", null).statusCode()).isEqualTo(204);
    assertThat(shutdown.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aPathArmeriaWillNotRouteIsAMalformedRequestInDaprdsShape() throws Exception {
    String base = start();
    HttpResponse<String> refused = send("GET", base + "/v1.0/state/statestore/..%2Fkey", null);
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"invalid request path\"}");
    assertThat(refused.headers().firstValue("content-type")).contains("application/json");
  }

  @Test
  void saveGetDeleteAsDaprStoresValues() throws Exception {
    String base = start();
    HttpResponse<String> save = send("POST", base + "/v1.0/state/statestore",
        "[{\"key\":\"s\",\"value\":\"x<y\"},{\"key\":\"o\",\"value\":{\"b\":1.0,\"a\":[true,null]}},"
            + "{\"key\":\"a%2Fb\",\"value\":1}]");
    assertThat(save.statusCode()).isEqualTo(204);
    assertThat(save.body()).isEmpty();
    HttpResponse<String> s = send("GET", base + "/v1.0/state/statestore/s", null);
    assertThat(s.statusCode()).isEqualTo(200);
    assertThat(s.body()).isEqualTo("\"x\\u003cy\"");
    assertThat(s.headers().firstValue("content-type")).contains("application/json");
    assertThat(s.headers().firstValue("etag")).isPresent();
    assertThat(send("GET", base + "/v1.0/state/statestore/o", null).body()).isEqualTo("{\"a\":[true,null],\"b\":1}");
    assertThat(send("GET", base + "/v1.0/state/statestore/a%252Fb", null).body()).isEqualTo("1");
    assertThat(send("GET", base + "/v1.0/state/statestore/missing", null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", base + "/v1.0/state/statestore/s", null).statusCode()).isEqualTo(204);
    assertThat(send("DELETE", base + "/v1.0/state/statestore/s", null).statusCode()).isEqualTo(204);
    assertThat(send("GET", base + "/v1.0/state/statestore/s", null).statusCode()).isEqualTo(204);
    assertThat(send("POST", base + "/v1.0/state/statestore", "[]").statusCode()).isEqualTo(204);
  }

  @Test
  void etagConflictsAre409AndTransactionsAre500() throws Exception {
    String base = start();
    send("POST", base + "/v1.0/state/statestore", "[{\"key\":\"k\",\"value\":1}]");
    String etag = send("GET", base + "/v1.0/state/statestore/k", null).headers().firstValue("etag").orElseThrow();
    HttpResponse<String> conflict = send("POST", base + "/v1.0/state/statestore",
        "[{\"key\":\"k\",\"value\":2,\"etag\":\"wrong\"}]");
    assertThat(conflict.statusCode()).isEqualTo(409);
    assertThat(conflict.body()).startsWith("{\"errorCode\":\"ERR_STATE_SAVE\",\"message\":\"failed saving state in "
        + "state store statestore: possible etag mismatch. error from state store");
    assertThat(send("POST", base + "/v1.0/state/statestore", "[{\"key\":\"k\",\"value\":2,\"etag\":\"" + etag
        + "\"}]").statusCode()).isEqualTo(204);
    HttpResponse<String> delete = send("DELETE", base + "/v1.0/state/statestore/k", null, "If-Match", "wrong");
    assertThat(delete.statusCode()).isEqualTo(409);
    assertThat(delete.body()).startsWith("{\"errorCode\":\"ERR_STATE_DELETE\",\"message\":\"failed deleting state "
        + "with key k: possible etag mismatch");
    HttpResponse<String> tx = send("POST", base + "/v1.0/state/statestore/transaction",
        "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"n\",\"value\":1}},"
            + "{\"operation\":\"upsert\",\"request\":{\"key\":\"k\",\"value\":3,\"etag\":\"wrong\"}}]}");
    assertThat(tx.statusCode()).isEqualTo(500);
    assertThat(tx.body()).startsWith("{\"errorCode\":\"ERR_STATE_TRANSACTION\",\"message\":\"error while executing "
        + "state transaction: ");
    assertThat(send("GET", base + "/v1.0/state/statestore/n", null).statusCode()).as("atomic").isEqualTo(204);
    HttpResponse<String> badOp = send("POST", base + "/v1.0/state/statestore/transaction",
        "{\"operations\":[{\"operation\":\"merge\",\"request\":{\"key\":\"n\"}}]}");
    assertThat(badOp.statusCode()).isEqualTo(400);
    assertThat(badOp.body()).isEqualTo("{\"errorCode\":\"ERR_NOT_SUPPORTED_STATE_OPERATION\",\"message\":"
        + "\"operation type merge not supported\"}");
  }

  @Test
  void illegalKeyIsTheWorkedExampleByteForByte() throws Exception {
    String base = start();
    HttpResponse<String> r = send("POST", base + "/v1.0/state/statestore", "[{\"key\":\"ke||y1\",\"value\":\"v\"}]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"api error: code = "
        + "InvalidArgument desc = input key/keyPrefix 'ke||y1' can't contain '||'\",\"details\":[{\"@type\":"
        + "\"type.googleapis.com/google.rpc.BadRequest\",\"field_violations\":[{\"field\":\"ke||y1\",\"description\":"
        + "\"api error: code = InvalidArgument desc = input key/keyPrefix 'ke||y1' can't contain '||'\"}]},"
        + "{\"@type\":\"type.googleapis.com/google.rpc.ResourceInfo\",\"description\":\"\",\"owner\":\"\","
        + "\"resource_name\":\"statestore\",\"resource_type\":\"state\"},{\"@type\":\"type.googleapis.com/google.rpc."
        + "ErrorInfo\",\"domain\":\"dapr.io\",\"metadata\":null,\"reason\":\"DAPR_STATE_ILLEGAL_KEY\"}]}");
    assertThat(send("GET", base + "/v1.0/state/statestore/ke%7C%7Cy1", null).statusCode()).isEqualTo(400);
  }

  @Test
  void storeErrorsCarryTheAppIdOnHttp() throws Exception {
    String base = start();
    HttpResponse<String> notFound = send("GET", base + "/v1.0/state/nostore/k", null);
    assertThat(notFound.statusCode()).isEqualTo(400);
    assertThat(notFound.body()).isEqualTo("{\"errorCode\":\"ERR_STATE_STORE_NOT_FOUND\",\"message\":\"state store "
        + "nostore is not found\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"domain\":"
        + "\"dapr.io\",\"metadata\":{\"appID\":\"myapp\"},\"reason\":\"DAPR_STATE_NOT_FOUND\"}]}");
    stop();
    String empty = start(new ApiSettings(ErrorRendering.DAPR, null, 1024), false);
    HttpResponse<String> notConfigured = send("POST", empty + "/v1.0/state/statestore", "not json at all");
    assertThat(notConfigured.statusCode()).isEqualTo(500);
    assertThat(notConfigured.body()).startsWith("{\"errorCode\":\"ERR_STATE_STORE_NOT_CONFIGURED\"");
  }

  @Test
  void malformedBodiesAreAll400MalformedRequest() throws Exception {
    String base = start();
    for (String body : List.of("", "{}", "foobar", "[{}]", "[{\"key\":\"k\",\"value\":1},]", "[{\"key\":1}]",
        "[{\"key\":\"k\",\"etag\":1}]", "[{\"keyy\":\"k\"}]", "[1]")) {
      HttpResponse<String> r = send("POST", base + "/v1.0/state/statestore", body);
      assertThat(r.statusCode()).as(body).isEqualTo(400);
      assertThat(r.body()).as(body).startsWith("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"");
    }
    assertThat(send("POST", base + "/v1.0/state/statestore", "").body())
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"unexpected end of JSON input\"}");
    assertThat(send("POST", base + "/v1.0/state/statestore", "{}").body())
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"json: cannot unmarshal object into Go "
            + "value of type []state.SetRequest\"}");
    assertThat(send("POST", base + "/v1.0/state/statestore", "foobar").body())
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"invalid character 'o' in literal "
            + "false (expecting 'a')\"}");
    assertThat(send("POST", base + "/v1.0/state/statestore", "[{\"key\":\"k\",\"value\":1},]").body())
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"invalid character ']' looking for "
            + "beginning of value\"}");
    assertThat(send("POST", base + "/v1.0/state/statestore", "[{\"key\":\"t\",\"value\":1}] x").body())
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"invalid character 'x' after "
            + "top-level value\"}");
    assertThat(send("GET", base + "/v1.0/state/statestore/t", null).statusCode()).isEqualTo(204);
    assertThat(send("POST", base + "/v1.0/state/statestore", "[{}]").body())
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"\\\"key\\\" is a required field\"}");
    assertThat(send("POST", base + "/v1.0/state/statestore", "[{\"key\":\"a\",\"value\":1,\"extra\":2}]")
        .statusCode()).isEqualTo(204);
    HttpResponse<String> bulk = send("POST", base + "/v1.0/state/statestore/bulk", "{\"keys\":[1]}");
    assertThat(bulk.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"failed deserializing "
        + "HTTP body: json: cannot unmarshal number into Go struct field BulkGetRequest.keys of type string\"}");
  }

  @Test
  void invalidUtf8IsRefusedAndNothingIsWritten() throws Exception {
    String base = start();
    byte[] body = "[{\"key\":\"k\",\"value\":\"\u00ff\"}]".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1.0/state/statestore"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"invalid UTF-8 in the "
        + "JSON body (expected: UTF-8 text)\"}");
    assertThat(send("GET", base + "/v1.0/state/statestore/k", null).statusCode()).isEqualTo(204);
  }

  @Test
  void bodyOverTheLimitIsBodyRead() throws Exception {
    String base = start();
    HttpResponse<String> r = send("POST", base + "/v1.0/state/statestore", "[" + " ".repeat(2 * 1024 * 1024) + "]");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_BODY_READ\",\"message\":\"failed to read request body: "
        + "http: request body too large\"}");
  }

  @Test
  void bulkGetAndQuery() throws Exception {
    String base = start();
    send("POST", base + "/v1.0/state/statestore", "[{\"key\":\"a\",\"value\":{\"x\":1}},{\"key\":\"c\",\"value\":\"s\"}]");
    HttpResponse<String> bulk = send("POST", base + "/v1.0/state/statestore/bulk", "{\"keys\":[\"a\",\"b\",\"c\"]}");
    assertThat(bulk.statusCode()).isEqualTo(200);
    assertThat(bulk.body()).matches("\\[\\{\"key\":\"a\",\"data\":\\{\"x\":1},\"etag\":\"[^\"]+\"},\\{\"key\":\"b\"},"
        + "\\{\"key\":\"c\",\"data\":\"s\",\"etag\":\"[^\"]+\"}]\n");
    assertThat(send("POST", base + "/v1.0/state/statestore/bulk", "{\"keys\":[]}").body()).isEqualTo("[]\n");
    HttpResponse<String> query = send("POST", base + "/v1.0-alpha1/state/statestore/query", "{}");
    assertThat(query.statusCode()).isEqualTo(500);
    assertThat(query.body()).isEqualTo("{\"errorCode\":\"ERR_STATE_STORE_NOT_SUPPORTED\",\"message\":\"state store "
        + "does not support querying\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ResourceInfo\","
        + "\"description\":\"\",\"owner\":\"\",\"resource_name\":\"statestore\",\"resource_type\":\"state\"},{\"@type\":"
        + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"domain\":\"dapr.io\",\"metadata\":null,\"reason\":"
        + "\"DAPR_STATE_QUERYING_NOT_SUPPORTED\"}]}");
  }

  @Test
  void unknownRoutesAndWrongMethodsFallIntoInvocation() throws Exception {
    String base = start();
    String noAppId = "{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed getting app id either from the URL "
        + "path or the header dapr-app-id\"}";
    for (String[] req : new String[][] {{"GET", "/v1.0/nothing"}, {"GET", "/v1.0/state/statestore"},
        {"PATCH", "/v1.0/state/statestore/k"}, {"GET", "/"}}) {
      HttpResponse<String> r = send(req[0], base + req[1], null);
      assertThat(r.statusCode()).as(req[1]).isEqualTo(404);
      assertThat(r.body()).as(req[1]).isEqualTo(noAppId);
    }
    HttpResponse<String> self = send("POST", base + "/v1.0/invoke/myapp/method/hello", "x");
    assertThat(self.statusCode()).isEqualTo(500);
    assertThat(self.body()).isEqualTo("{\"errorCode\":\"ERR_DIRECT_INVOKE\",\"message\":\"failed to invoke, id: "
        + "myapp, err: cannot invoke local endpoint: app channel not initialized\"}");
    assertThat(send("GET", base + "/anything", null, "dapr-app-id", "other").body())
        .contains("failed to invoke, id: other, err: name resolver not initialized");
  }

  @Test
  void blocksWithoutComponentsAnswerDaprsErrors() throws Exception {
    String base = start();
    HttpResponse<String> publish = send("POST", base + "/v1.0/publish/mypubsub/orders/eu?metadata.rawPayload=true", "{}");
    assertThat(publish.statusCode()).isEqualTo(404);
    assertThat(publish.body()).isEqualTo("{\"errorCode\":\"ERR_PUBSUB_NOT_FOUND\",\"message\":\"pubsub mypubsub is "
        + "not found\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"domain\":\"dapr.io\","
        + "\"metadata\":{\"rawPayload\":\"true\"},\"reason\":\"DAPR_PUBSUB_NOT_FOUND\"}]}");
    assertThat(send("POST", base + "/v1.0/publish/mypubsub/orders", "{}").body()).contains("\"metadata\":{}");
    HttpResponse<String> secret = send("GET", base + "/v1.0/secrets/vault/db", null);
    assertThat(secret.statusCode()).isEqualTo(500);
    assertThat(secret.body()).isEqualTo("{\"errorCode\":\"ERR_SECRET_STORES_NOT_CONFIGURED\",\"message\":\"secret "
        + "store is not configured\"}");
    HttpResponse<String> binding = send("POST", base + "/v1.0/bindings/mail", "{\"operation\":\"create\"}");
    assertThat(binding.statusCode()).isEqualTo(500);
    assertThat(binding.body()).isEqualTo("{\"errorCode\":\"ERR_INVOKE_OUTPUT_BINDING\",\"message\":\"error invoking "
        + "output binding mail: couldn't find output binding mail\"}");
    HttpResponse<String> actor = send("PUT", base + "/v1.0/actors/Cart/1/method/add", "{}");
    assertThat(actor.statusCode()).isEqualTo(400);
    assertThat(actor.body()).isEqualTo("{\"errorCode\":\"ERR_ACTOR_NO_PLACEMENT\",\"message\":\"placement service is "
        + "not configured\"}");
    assertThat(send("GET", base + "/v1.0-alpha1/configuration/cfg?key=a", null).body())
        .startsWith("{\"errorCode\":\"ERR_CONFIGURATION_STORE_NOT_CONFIGURED\"");
    assertThat(send("POST", base + "/v1.0-alpha1/lock/locks", "{}").body()).as("daprd checks the expiry first")
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"ExpiryInSeconds is not positive in lock "
            + "store locks\"}");
    assertThat(send("POST", base + "/v1.0-alpha1/lock/locks", "{\"expiryInSeconds\":10}").body())
        .startsWith("{\"errorCode\":\"ERR_LOCK_STORE_NOT_CONFIGURED\"");
  }

  @Test
  void apiTokenIsRequiredExceptForHealth() throws Exception {
    String base = start(new ApiSettings(ErrorRendering.DAPR, "s3cret", 1024 * 1024), true);
    HttpResponse<String> denied = send("GET", base + "/v1.0/state/statestore/k", null);
    assertThat(denied.statusCode()).isEqualTo(401);
    assertThat(denied.body()).isEqualTo("invalid api token\n");
    assertThat(denied.headers().firstValue("content-type").orElseThrow()).startsWith("text/plain");
    assertThat(send("GET", base + "/v1.0/state/statestore/k", null, "dapr-api-token", "wrong").statusCode())
        .isEqualTo(401);
    assertThat(send("GET", base + "/v1.0/state/statestore/k", null, "dapr-api-token", "s3cret").statusCode())
        .isEqualTo(204);
    assertThat(send("GET", base + "/v1.0/healthz", null).statusCode()).isEqualTo(204);
    assertThat(send("GET", base + "/v1.0/healthz/outbound", null).statusCode()).isEqualTo(204);
  }

  @Test
  void acceptLanguageAddsALocalizedMessage() throws Exception {
    String base = start();
    HttpResponse<String> r = send("GET", base + "/v1.0/state/nostore/k", null, "Accept-Language", "zh-CN,zh;q=0.9");
    assertThat(r.body()).endsWith("{\"@type\":\"type.googleapis.com/google.rpc.LocalizedMessage\",\"locale\":"
        + "\"zh-CN\",\"message\":\"未找到状态存储 nostore\"}]}");
  }

  @Test
  void publishedCodesComeFromRealRequests() throws Exception {
    String base = start(new ApiSettings(ErrorRendering.DAPR.withPublishedCodes(true), null, 1024 * 1024), false);
    HttpResponse<String> noStores = send("GET", base + "/v1.0/state/statestore/k", null);
    assertThat(noStores.statusCode()).isEqualTo(500);
    assertThat(noStores.body()).isEqualTo("{\"errorCode\":\"ERR_STATE_STORES_NOT_CONFIGURED\",\"message\":\"state "
        + "store is not configured\"}");
    stop();
    base = start(new ApiSettings(ErrorRendering.DAPR.withPublishedCodes(true), null, 1024 * 1024), true);
    HttpResponse<String> tx = send("POST", base + "/v1.0/state/statestore/transaction", "{");
    assertThat(tx.statusCode()).isEqualTo(400);
    assertThat(tx.body()).isEqualTo("{\"errorCode\":\"ERR_DESERIALIZE_HTTP_BODY\",\"message\":\"unexpected end "
        + "of JSON input\"}");
    HttpResponse<String> meta = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1.0/metadata/k"))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff, (byte) 0xfe})).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(meta.statusCode()).isEqualTo(500);
    assertThat(meta.body()).isEqualTo("{\"errorCode\":\"ERR_METADATA_GET\",\"message\":\"failed deserializing "
        + "metadata: invalid UTF-8 in the value (expected: UTF-8 text)\"}");
    stop();
    base = start();
    HttpResponse<String> current = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/v1.0/metadata/k"))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {(byte) 0xff})).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(current.statusCode()).isEqualTo(400);
    assertThat(current.body()).startsWith("{\"errorCode\":\"ERR_BODY_READ\"");
  }
}
