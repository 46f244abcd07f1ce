package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprSecretProtos.GetBulkSecretRequest;
import io.dapr.v1.DaprSecretProtos.GetSecretRequest;
import io.dapr.v1.DaprSecretProtos.SecretResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The secrets building block in a whole sidecar, over raw HTTP and raw gRPC: daprd's success bodies, every error
 * code with daprd's exact body, secret scopes from the Configuration, metadata capabilities, a state store whose
 * {@code connectionString} comes from a {@code secretKeyRef}, and no secret value in the log (at debug), the error
 * bodies, the metadata answer or {@code /metrics}. The official Java SDK ({@code DaprClient.getSecret} /
 * {@code getBulkSecret}, over gRPC) and JS SDK ({@code it/js/secrets-test.mjs}, over HTTP and gRPC) read the same
 * sidecar.
 *
 * <p>Stores: {@code vault} ({@code secretstores.local.file}, scope denies {@code denied}), {@code multi} (the same
 * file, {@code multiValued}, scope allows only {@code nested}), {@code envstore} ({@code secretstores.local.env},
 * prefix {@code ITSEC_}).
 */
class SecretsTest {
  private static final String APP_ID = "it-secrets";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String DB = "db-" + UUID.randomUUID();
  static final String DENIED = "denied-" + UUID.randomUUID();
  static final String NESTED = "nested-" + UUID.randomUUID();
  static final String TOKEN = "token-" + UUID.randomUUID();
  private static final List<String> VALUES = List.of(DB, DENIED, NESTED, TOKEN);
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;
  private static Path stateDb;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    sidecar = options().start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
  }

  /** The sidecar's options: its resources, Configuration, environment and debug logging. */
  static SidecarProcess.Options options() throws Exception {
    dir = Locations.newDirectory("secrets");
    Path resources = Files.createDirectories(dir.resolve("resources"));
    stateDb = dir.resolve("from-secret.db");
    Path secrets = dir.resolve("secrets.json");
    Files.writeString(secrets, JSON.writeValueAsString(Map.of("db-password", DB, "denied", DENIED,
        "nested", Map.of("inner", NESTED), "statePath", stateDb.toString())));
    Files.writeString(resources.resolve("secrets.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: vault}
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - {name: secretsFile, value: "%1$s"}
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: multi}
        spec:
          type: secretstores.local.file
          version: v1
          metadata:
          - {name: secretsFile, value: "%1$s"}
          - {name: multiValued, value: "true"}
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: envstore}
        spec:
          type: secretstores.local.env
          version: v1
          metadata:
          - {name: prefix, value: ITSEC_}
        """.formatted(secrets.toString().replace("\\", "/")));
    // The state store comes first in the files; it still loads after the secret stores it refers to.
    Files.writeString(resources.resolve("a-state.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata: {name: statestore}
        spec:
          type: state.sqlite
          version: v1
          metadata:
          - name: connectionString
            secretKeyRef: {name: statePath, key: statePath}
        auth: {secretStore: vault}
        """);
    Path config = SidecarProcess.nameResolutionConfig(dir, null);
    Files.writeString(config, Files.readString(config) + """
          secrets:
            scopes:
            - storeName: vault
              defaultAccess: allow
              deniedSecrets: [denied]
            - storeName: multi
              defaultAccess: deny
              allowedSecrets: [nested]
        """);
    return SidecarProcess.withAppId(APP_ID).resources(resources).env("ITSEC_TOKEN", TOKEN)
        .env("DAPR_SECRETS_IT", DENIED).args("--config", config.toString(), "--log-level", "debug");
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
  }

  private static void assertJson(HttpResponse<String> r, String body) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo(body);
  }

  private static void assertError(HttpResponse<String> r, int status, String golden) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.body()).isEqualTo(golden);
  }

  @Test
  void httpGetAnswersTheSecretAsGoWritesAMap() {
    assertJson(http.get("/v1.0/secrets/vault/db-password"), "{\"db-password\":\"" + DB + "\"}\n");
    assertJson(http.get("/v1.0/secrets/vault/nested:inner?metadata.version_id=1"),
        "{\"nested:inner\":\"" + NESTED + "\"}\n");
    assertJson(http.get("/v1.0/secrets/multi/nested"), "{\"inner\":\"" + NESTED + "\"}\n");
    assertJson(http.get("/v1.0/secrets/envstore/TOKEN"), "{\"TOKEN\":\"" + TOKEN + "\"}\n");
    assertJson(http.get("/v1.0/secrets/envstore/UNSET"), "{\"UNSET\":\"\"}\n");
  }

  @Test
  void httpBulkLeavesOutWhatTheScopeDenies() throws Exception {
    assertJson(http.get("/v1.0/secrets/vault/bulk"), "{\"db-password\":{\"db-password\":\"" + DB + "\"},"
        + "\"nested:inner\":{\"nested:inner\":\"" + NESTED + "\"},\"statePath\":{\"statePath\":"
        + JSON.writeValueAsString(stateDb.toString()) + "}}\n");
    assertJson(http.get("/v1.0/secrets/multi/bulk"), "{\"nested\":{\"inner\":\"" + NESTED + "\"}}\n");
    JsonNode env = JSON.readTree(http.get("/v1.0/secrets/envstore/bulk").body());
    assertThat(env.path("TOKEN").path("TOKEN").asText()).isEqualTo(TOKEN);
    assertThat(env.toString()).doesNotContain("DAPR_").doesNotContain(DENIED);
  }

  @Test
  void httpErrorsAreDaprdsBodies() {
    assertError(http.get("/v1.0/secrets/nostore/k"), 401, Golden.body("secret-store-not-found.json", "store",
        "nostore"));
    assertError(http.get("/v1.0/secrets/nostore/bulk"), 401, Golden.body("secret-store-not-found.json", "store",
        "nostore"));
    assertError(http.get("/v1.0/secrets/vault/denied"), 403, Golden.body("secret-permission-denied.json", "key",
        "denied", "store", "vault"));
    assertError(http.get("/v1.0/secrets/multi/other"), 403, Golden.body("secret-permission-denied.json", "key",
        "other", "store", "multi"));
    assertError(http.get("/v1.0/secrets/vault/key1"), 500, Golden.body("secret-get-not-found.json", "key", "key1",
        "store", "vault"));
  }

  @Test
  void grpcAnswersTheSameSecretsAndErrors() {
    assertThat(dapr.getSecret(GetSecretRequest.newBuilder().setStoreName("vault").setKey("db-password").build())
        .getDataMap()).isEqualTo(Map.of("db-password", DB));
    assertThat(dapr.getSecret(GetSecretRequest.newBuilder().setStoreName("multi").setKey("nested")
        .putMetadata("version_id", "1").build()).getDataMap()).isEqualTo(Map.of("inner", NESTED));
    Map<String, SecretResponse> bulk = dapr.getBulkSecret(GetBulkSecretRequest.newBuilder().setStoreName("multi")
        .build()).getDataMap();
    assertThat(bulk).containsOnlyKeys("nested");
    assertThat(bulk.get("nested").getSecretsMap()).isEqualTo(Map.of("inner", NESTED));
    assertThat(dapr.getBulkSecret(GetBulkSecretRequest.newBuilder().setStoreName("vault").build()).getDataMap())
        .containsOnlyKeys("db-password", "nested:inner", "statePath");

    GrpcFailure unknown = GrpcFailure.of(() -> dapr.getSecret(GetSecretRequest.newBuilder().setStoreName("nostore")
        .setKey("k").build()));
    assertThat(unknown.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(unknown.message()).isEqualTo("failed finding secret store with key nostore");
    assertThat(unknown.detailTypes()).isEmpty();
    GrpcFailure unknownBulk = GrpcFailure.of(() -> dapr.getBulkSecret(GetBulkSecretRequest.newBuilder()
        .setStoreName("nostore").build()));
    assertThat(unknownBulk.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    GrpcFailure denied = GrpcFailure.of(() -> dapr.getSecret(GetSecretRequest.newBuilder().setStoreName("vault")
        .setKey("denied").build()));
    assertThat(denied.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(denied.message()).isEqualTo("access denied by policy to get \"denied\" from \"vault\"");
    assertThat(denied.detailTypes()).isEmpty();
    GrpcFailure missing = GrpcFailure.of(() -> dapr.getSecret(GetSecretRequest.newBuilder().setStoreName("vault")
        .setKey("key1").build()));
    assertThat(missing.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(missing.message())
        .isEqualTo("failed getting secret with key key1 from secret store vault: secret key1 not found");
    assertThat(missing.detailTypes()).isEmpty();
  }

  @Test
  void withoutSecretStoresBothWiresAnswerNotConfigured() {
    try (SidecarProcess bare = SidecarProcess.withAppId("it-secrets-none")
        .resources(Locations.newDirectory("no-secret-stores")).start()) {
      HttpResponse<String> r = new Http(bare).get("/v1.0/secrets/vault/k");
      assertError(r, 500, Golden.body("secret-stores-not-configured.json"));
      assertError(new Http(bare).get("/v1.0/secrets/vault/bulk"), 500,
          Golden.body("secret-stores-not-configured.json"));
      ManagedChannel c = GrpcFailure.channel(bare);
      try {
        GrpcFailure f = GrpcFailure.of(() -> GrpcFailure.stub(c).getBulkSecret(GetBulkSecretRequest.newBuilder()
            .setStoreName("vault").build()));
        assertThat(f.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(f.message()).isEqualTo("secret store is not configured");
        assertThat(f.detailTypes()).isEmpty();
      } finally {
        c.shutdownNow();
      }
    }
  }

  @Test
  void anInvalidSecretsConfigurationStopsTheStart() throws Exception {
    Path own = Locations.newDirectory("secrets-bad-config");
    Path config = SidecarProcess.nameResolutionConfig(own, null);
    Files.writeString(config, Files.readString(config) + """
          secrets:
            scopes:
            - {storeName: vault, defaultAccess: sometimes}
        """);
    SidecarProcess bad = SidecarProcess.withAppId("it-secrets-bad").resources(own)
        .args("--config", config.toString()).launch();
    try {
      assertThat(bad.awaitExit(java.time.Duration.ofSeconds(60))).isPositive();
      assertThat(bad.logText())
          .contains("cannot start: Configuration spec.secrets: defaultAccess sometimes can be either allow or deny");
    } finally {
      if (bad.isAlive()) {
        bad.kill();
      }
    }
  }

  @Test
  void aStateStoreGetsItsConnectionStringFromTheFileStore() {
    assertThat(http.post("/v1.0/state/statestore", "[{\"key\":\"k\",\"value\":\"v\"}]").statusCode())
        .isEqualTo(204);
    assertThat(http.get("/v1.0/state/statestore/k").body()).isEqualTo("\"v\"");
    assertThat(stateDb).as("the database file named by the secret").exists();
  }

  @Test
  void metadataListsSecretStoresWithDaprdsCapabilities() throws Exception {
    JsonNode components = JSON.readTree(http.get("/v1.0/metadata").body()).path("components");
    Map<String, JsonNode> byName = new java.util.HashMap<>();
    components.forEach(c -> byName.put(c.path("name").asText(), c));
    assertThat(byName).containsKeys("vault", "multi", "envstore", "statestore");
    assertThat(byName.get("vault").path("type").asText()).isEqualTo("secretstores.local.file");
    assertThat(byName.get("vault").path("version").asText()).isEqualTo("v1");
    assertThat(byName.get("vault").path("capabilities").size()).isZero();
    assertThat(byName.get("multi").path("capabilities").toString()).isEqualTo("[\"MULTIPLE_KEY_VALUES_PER_SECRET\"]");
    assertThat(byName.get("envstore").path("type").asText()).isEqualTo("secretstores.local.env");
  }

  @Test
  void javaSdkGetsSecretsAndDaprdsErrors() throws Exception {
    try (io.dapr.client.DaprClient client = new io.dapr.client.DaprClientBuilder()
        .withPropertyOverride(io.dapr.config.Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(io.dapr.config.Properties.HTTP_PORT, String.valueOf(sidecar.httpPort()))
        .withPropertyOverride(io.dapr.config.Properties.GRPC_PORT, String.valueOf(sidecar.grpcPort())).build()) {
      java.time.Duration timeout = java.time.Duration.ofSeconds(10);
      assertThat(client.getSecret("vault", "db-password").block(timeout)).isEqualTo(Map.of("db-password", DB));
      assertThat(client.getSecret("multi", "nested", Map.of("version_id", "1")).block(timeout))
          .isEqualTo(Map.of("inner", NESTED));
      assertThat(client.getBulkSecret("multi").block(timeout)).isEqualTo(Map.of("nested", Map.of("inner", NESTED)));
      assertThat(client.getBulkSecret("vault").block(timeout))
          .containsOnlyKeys("db-password", "nested:inner", "statePath");
      assertThat(sdkFailure(() -> client.getSecret("nostore", "k").block(timeout)))
          .isEqualTo("INVALID_ARGUMENT: failed finding secret store with key nostore");
      assertThat(sdkFailure(() -> client.getSecret("vault", "denied").block(timeout)))
          .isEqualTo("PERMISSION_DENIED: access denied by policy to get \"denied\" from \"vault\"");
      assertThat(sdkFailure(() -> client.getBulkSecret("nostore").block(timeout)))
          .isEqualTo("INVALID_ARGUMENT: failed finding secret store with key nostore");
      assertThat(sdkFailure(() -> client.getSecret("vault", "key1").block(timeout))).isEqualTo(
          "INTERNAL: failed getting secret with key key1 from secret store vault: secret key1 not found");
    }
  }

  /** The SDK's {@code DaprException} of {@code call}: its error code and message. */
  private static String sdkFailure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
    io.dapr.exceptions.DaprException e = org.assertj.core.api.Assertions.catchThrowableOfType(
        io.dapr.exceptions.DaprException.class, call);
    assertThat(e).as("the call must fail with a DaprException").isNotNull();
    assertThat(e.getMessage()).startsWith(e.getErrorCode() + ": ");
    return e.getMessage();
  }

  @Test
  void jsSdkGetsSecretsAndDaprdsErrorsOverHttpAndGrpc() throws Exception {
    String skipped = NodeJs.problem("SecretsTest");
    org.junit.jupiter.api.Assumptions.assumeTrue(skipped == null, () -> skipped);
    NodeJs.installIfNeeded();
    NodeJs.Script script = NodeJs.run("secrets-test.mjs", Map.of("DAPR_HOST", "127.0.0.1", "DAPR_HTTP_PORT",
        String.valueOf(sidecar.httpPort()), "DAPR_GRPC_PORT", String.valueOf(sidecar.grpcPort()), "SECRET_DB", DB,
        "SECRET_NESTED", NESTED, "SECRET_TOKEN", TOKEN), "js-secrets-test.out");
    assertThat(script.exitCode()).as("exit code of node secrets-test.mjs; output:%n%s", script.output()).isZero();
    List<String> expected = new ArrayList<>();
    for (String protocol : List.of("http", "grpc")) {
      for (String check : List.of("get", "get-env", "get-multi", "getBulk-scoped", "unknown-store", "denied",
          "missing")) {
        expected.add(protocol + " " + check + " ok");
      }
    }
    expected.add("summary failures=0");
    assertThat(script.lines()).as(script.output()).extracting(l -> l.has("summary")
        ? "summary failures=" + l.get("failures").asInt()
        : l.path("protocol").asText() + " " + l.get("check").asText() + (l.get("ok").asBoolean() ? " ok" : " FAILED"))
        .containsExactlyElementsOf(expected);
    JsonNode unknown = script.lines().stream().filter(l -> "http".equals(l.path("protocol").asText())
        && "unknown-store".equals(l.path("check").asText())).findFirst().orElseThrow().path("observed");
    assertThat(unknown.path("error_msg").asText())
        .isEqualTo(Golden.body("secret-store-not-found.json", "store", "nostore"));
  }

  private static String metrics() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
        .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
        "http://127.0.0.1:" + sidecar.metricsPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void noSecretValueLeaksIntoLogsErrorsMetadataOrMetrics() throws Exception {
    List<String> texts = new ArrayList<>();
    for (String path : List.of("/v1.0/secrets/vault/denied", "/v1.0/secrets/multi/db-password",
        "/v1.0/secrets/vault/nope", "/v1.0/secrets/nostore/denied", "/v1.0/secrets/envstore/DAPR_SECRETS_IT")) {
      HttpResponse<String> r = http.get(path);
      if (r.statusCode() != 200) {
        texts.add(r.body());
      } else {
        assertThat(r.body()).as(path).isEqualTo("{\"DAPR_SECRETS_IT\":\"\"}\n");
      }
    }
    assertThat(http.get("/v1.0/secrets/vault/bulk").body()).contains(DB);
    texts.add(GrpcFailure.of(() -> dapr.getSecret(GetSecretRequest.newBuilder().setStoreName("vault")
        .setKey("denied").build())).message());
    texts.add(http.get("/v1.0/metadata").body());
    texts.add(metrics());
    texts.add(sidecar.logText());
    assertThat(sidecar.logText()).as("debug logging is on").contains("DEBUG");
    for (String text : texts) {
      for (String value : VALUES) {
        assertThat(text).doesNotContain(value);
      }
    }
  }
}
