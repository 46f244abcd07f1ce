package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.config.Properties;
import io.dapr.exceptions.DaprException;
import io.dapr.utils.TypeRef;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingRequest;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingResponse;
import io.dapr.v1.DaprGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bindings block in a sidecar process with an HTTP app: {@code bindings.http} against a local target,
 * {@code bindings.localstorage} on a private directory and {@code bindings.cron} ticking into the app, driven with raw
 * HTTP, raw gRPC and the Java SDK; every error answer is daprd's, byte for byte.
 */
@SuppressWarnings("deprecation")
class BindingsTest {
  private static final String APP_ID = "it-bindings";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static TestApp app;
  private static TestApp target;
  private static Path files;
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;
  private static DaprClient client;

  @BeforeAll
  static void start() throws Exception {
    app = new TestApp(null);
    // Call 1 is daprd's OPTIONS probe; call 2, the first tick, is refused.
    app.answer("/cron-tick", n -> n == 2 ? new TestApp.Answer(500, "not now") : new TestApp.Answer(200, ""));
    target = new TestApp(null);
    target.answer("/fail", n -> new TestApp.Answer(503, "down"));
    target.answer("/json", n -> new TestApp.Answer(200, "{\"from\":\"target\"}"));
    files = Locations.newDirectory("bindings-files");
    Path resources = Locations.newDirectory("bindings-resources");
    write(resources.resolve("bindings.yaml"), component("web", "bindings.http", "url", "http://127.0.0.1:"
        + target.port()) + "---\n" + component("files", "bindings.localstorage", "rootPath", files.toString())
        + "---\n" + component("tick", "bindings.cron", "schedule", "@every 1s", "route", "/cron-tick")
        + "---\n" + component("quiet", "bindings.cron", "schedule", "@every 1s", "direction", "output"));
    sidecar = SidecarProcess.withAppId(APP_ID).resources(resources)
        .args("--app-port", String.valueOf(app.port())).start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
    client = new DaprClientBuilder().withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.HTTP_PORT, String.valueOf(sidecar.httpPort()))
        .withPropertyOverride(Properties.GRPC_PORT, String.valueOf(sidecar.grpcPort())).build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.close();
    }
    if (target != null) {
      target.close();
    }
  }

  static String component(String name, String type, String... metadata) {
    StringBuilder yaml = new StringBuilder("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ")
        .append(name).append("\nspec:\n  type: ").append(type).append("\n  version: v1\n  metadata:\n");
    for (int i = 0; i < metadata.length; i += 2) {
      yaml.append("    - name: ").append(metadata[i]).append("\n      value: \"").append(metadata[i + 1])
          .append("\"\n");
    }
    return yaml.toString();
  }

  static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String error(String message) {
    return "{\"errorCode\":\"ERR_INVOKE_OUTPUT_BINDING\",\"message\":\"" + message + "\"}";
  }

  @Test
  void httpBindingSendsTheRequestAndAnswersBodyAndMetadataHeaders() {
    HttpResponse<String> r = http.post("/v1.0/bindings/web", "{\"operation\":\"post\",\"data\":{\"b\":2,\"a\":1},"
        + "\"metadata\":{\"path\":\"/json\",\"X-Test\":\"yes\"}}");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo("{\"from\":\"target\"}");
    assertThat(r.headers().firstValue("metadata.statuscode")).hasValue("200");
    assertThat(r.headers().firstValue("metadata.status")).hasValue("200 OK");
    TestApp.Received sent = target.await("/json", 1, WAIT).getFirst();
    assertThat(sent.method()).isEqualTo("POST");
    assertThat(sent.body()).as("data re-encoded as Go encodes it").isEqualTo("{\"a\":1,\"b\":2}");
    assertThat(sent.header("x-test")).isEqualTo("yes");
    assertThat(sent.header("content-type")).isEqualTo("application/json; charset=utf-8");
  }

  @Test
  void aTargetErrorIsErrInvokeOutputBindingWithTheStatusCodeInTheHeaders() {
    HttpResponse<String> r = http.post("/v1.0/bindings/web", "{\"operation\":\"get\",\"metadata\":{\"path\":"
        + "\"fail\"}}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).isEqualTo(error("error invoking output binding web: received status code 503"));
    assertThat(r.headers().firstValue("metadata.statuscode")).hasValue("503");

    GrpcFailure grpc = GrpcFailure.of(() -> dapr.invokeBinding(InvokeBindingRequest.newBuilder().setName("web")
        .setOperation("get").putMetadata("path", "/fail").build()));
    assertThat(grpc.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(grpc.message()).isEqualTo("error invoking output binding web: received status code 503");
    assertThat(grpc.detailTypes()).as("apierrors.Basic: one ErrorInfo").containsExactly("ErrorInfo");
  }

  @Test
  void validationErrorsAreDaprdsOnBothWires() {
    HttpResponse<String> missing = http.post("/v1.0/bindings/nope", "{}");
    assertThat(missing.statusCode()).isEqualTo(500);
    assertThat(missing.body()).isEqualTo(error("error invoking output binding nope: operation field is missing "
        + "from request"));
    assertThat(http.post("/v1.0/bindings/nope", "{\"operation\":\"create\"}").body())
        .isEqualTo(error("error invoking output binding nope: couldn't find output binding nope"));
    assertThat(http.post("/v1.0/bindings/files", "{\"operation\":\"update\"}").body())
        .isEqualTo(error("error invoking output binding files: binding files does not support operation update. "
            + "supported operations:create get list delete"));
    assertThat(http.post("/v1.0/bindings/tick", "{\"operation\":\"create\"}").body())
        .as("an input-only binding is no output binding")
        .isEqualTo(error("error invoking output binding tick: couldn't find output binding tick"));
    HttpResponse<String> eof = http.post("/v1.0/bindings/files", "");
    assertThat(eof.statusCode()).isEqualTo(400);
    assertThat(eof.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"failed deserializing "
        + "HTTP body: EOF\"}");
    assertThat(http.post("/v1.0/bindings/files", "{\"operation\":[]}").body())
        .isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"failed deserializing HTTP body: json: "
            + "cannot unmarshal array into Go struct field OutputBindingRequest.operation of type string\"}");

    for (String[] c : List.of(new String[] {"nope", "", "operation field is missing from request"},
        new String[] {"nope", "create", "couldn't find output binding nope"},
        new String[] {"files", "update", "binding files does not support operation update. supported operations:"
            + "create get list delete"})) {
      GrpcFailure grpc = GrpcFailure.of(() -> dapr.invokeBinding(InvokeBindingRequest.newBuilder().setName(c[0])
          .setOperation(c[1]).build()));
      assertThat(grpc.code()).isEqualTo(Status.Code.INTERNAL);
      assertThat(grpc.message()).isEqualTo("error invoking output binding " + c[0] + ": " + c[2]);
    }
  }

  @Test
  void localStorageCreatesReadsAndDeletesFilesOnBothWires() throws Exception {
    HttpResponse<String> created = http.post("/v1.0/bindings/files", "{\"operation\":\"create\",\"data\":"
        + "\"hello file\",\"metadata\":{\"fileName\":\"raw/a.txt\"}}");
    assertThat(created.statusCode()).isEqualTo(200);
    assertThat(created.body()).isEqualTo("{\"fileName\":\"raw/a.txt\"}");
    assertThat(Files.readString(files.resolve("raw/a.txt"))).isEqualTo("hello file");
    InvokeBindingResponse got = dapr.invokeBinding(InvokeBindingRequest.newBuilder().setName("files")
        .setOperation("get").putMetadata("fileName", "raw/a.txt").build());
    assertThat(got.getData().toStringUtf8()).isEqualTo("hello file");
    dapr.invokeBinding(InvokeBindingRequest.newBuilder().setName("files").setOperation("create")
        .setData(ByteString.copyFromUtf8("grpc bytes")).putMetadata("fileName", "raw/b.txt").build());
    assertThat(Files.readString(files.resolve("raw/b.txt"))).isEqualTo("grpc bytes");
    HttpResponse<String> deleted = http.post("/v1.0/bindings/files", "{\"operation\":\"delete\",\"metadata\":"
        + "{\"fileName\":\"raw/a.txt\"}}");
    assertThat(deleted.statusCode()).as("nothing answered: 204").isEqualTo(204);
    assertThat(Files.exists(files.resolve("raw/a.txt"))).isFalse();
    HttpResponse<String> gone = http.post("/v1.0/bindings/files", "{\"operation\":\"get\",\"metadata\":"
        + "{\"fileName\":\"raw/a.txt\"}}");
    assertThat(gone.body()).isEqualTo(error("error invoking output binding files: file not found: "
        + files.toRealPath().resolve("raw/a.txt")));
  }

  @Test
  void javaSdkInvokesBindings() throws Exception {
    byte[] created = client.invokeBinding("files", "create", "from the sdk", Map.of("fileName", "sdk.txt"),
        TypeRef.BYTE_ARRAY).block(WAIT);
    assertThat(new String(created)).isEqualTo("{\"fileName\":\"sdk.txt\"}");
    assertThat(Files.readString(files.resolve("sdk.txt"))).as("the SDK sends the JSON string, the binding unquotes")
        .isEqualTo("from the sdk");
    byte[] read = client.invokeBinding("files", "get", null, Map.of("fileName", "sdk.txt"), TypeRef.BYTE_ARRAY)
        .block(WAIT);
    assertThat(new String(read)).isEqualTo("from the sdk");
    DaprException e = catchThrowableOfType(DaprException.class,
        () -> client.invokeBinding("nope", "create", "x").block(WAIT));
    assertThat(e).isNotNull();
    assertThat(e.getErrorCode()).isEqualTo("INTERNAL");
    assertThat(e.getMessage()).isEqualTo("INTERNAL: error invoking output binding nope: couldn't find output "
        + "binding nope");
  }

  @Test
  void cronTicksReachTheAppAtItsRouteAndARefusedTickDoesNotStopTheNext() {
    List<TestApp.Received> probes = app.requests("/cron-tick").stream().filter(r -> r.method().equals("OPTIONS"))
        .toList();
    assertThat(probes).as("daprd asks the app with OPTIONS at the route").hasSize(1);
    List<TestApp.Received> ticks = app.await("/cron-tick", 3, WAIT).stream()
        .filter(r -> r.method().equals("POST")).toList();
    assertThat(ticks).as("the first tick was refused (500), later ones still come").hasSizeGreaterThanOrEqualTo(2);
    TestApp.Received tick = ticks.getLast();
    assertThat(tick.header("content-type")).isEqualTo("application/json");
    assertThat(tick.header("timezone")).isEqualTo("Local");
    assertThat(tick.header("readtimeutc")).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d(\\.\\d+)? \\+0000 UTC");
    assertThat(tick.body()).isEmpty();
    assertThat(app.requests("/quiet")).as("an output-only binding is not read").isEmpty();
  }

  @Test
  void theMetadataApiListsBindingsWithTheirDirections() {
    String body = http.get("/v1.0/metadata").body();
    assertThat(body).contains("{\"name\":\"web\",\"type\":\"bindings.http\",\"version\":\"v1\",\"capabilities\":"
        + "[\"OUTPUT_BINDING\"]}");
    assertThat(body).contains("{\"name\":\"tick\",\"type\":\"bindings.cron\",\"version\":\"v1\",\"capabilities\":"
        + "[\"INPUT_BINDING\"]}");
    assertThat(body).contains("{\"name\":\"quiet\",\"type\":\"bindings.cron\",\"version\":\"v1\"}");
  }
}
