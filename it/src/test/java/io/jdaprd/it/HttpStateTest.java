package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state API over raw HTTP against one sidecar started with no flags but ports: the embedded defaults, a
 * {@code statestore} of type {@code state.sqlite}. Deterministic bodies are compared byte for byte.
 */
class HttpStateTest {
  private static final String APP_ID = "it-http";
  private static SidecarProcess sidecar;
  private static Http http;

  @BeforeAll
  static void start() {
    sidecar = SidecarProcess.withAppId(APP_ID).start();
    http = new Http(sidecar);
  }

  @AfterAll
  static void stop() {
    if (sidecar != null) {
      sidecar.close();
    }
  }

  private static String etagOf(String key) {
    HttpResponse<String> r = http.get("/v1.0/state/statestore/" + key);
    assertThat(r.statusCode()).as("GET " + key).isEqualTo(200);
    return r.headers().firstValue("etag").orElseThrow();
  }

  @Test
  void saveGetDelete() {
    HttpResponse<String> save = http.post("/v1.0/state/statestore",
        "[{\"key\":\"order-1\",\"value\":{\"qty\":3,\"note\":\"a<b\"}},{\"key\":\"plain\",\"value\":\"text\"}]");
    assertThat(save.statusCode()).isEqualTo(204);
    assertThat(save.body()).isEmpty();

    HttpResponse<String> got = http.get("/v1.0/state/statestore/order-1");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("{\"note\":\"a\\u003cb\",\"qty\":3}");
    assertThat(got.headers().firstValue("content-type")).contains("application/json");
    assertThat(got.headers().firstValue("etag").orElse("")).as("a UUID, as the sqlite store makes them")
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(http.get("/v1.0/state/statestore/plain").body()).isEqualTo("\"text\"");

    assertThat(http.delete("/v1.0/state/statestore/order-1").statusCode()).isEqualTo(204);
    HttpResponse<String> gone = http.get("/v1.0/state/statestore/order-1");
    assertThat(gone.statusCode()).isEqualTo(204);
    assertThat(gone.body()).isEmpty();
    assertThat(http.delete("/v1.0/state/statestore/order-1").statusCode()).as("deleting twice").isEqualTo(204);
  }

  @Test
  void bulkGetKeepsTheOrderOfTheKeys() {
    assertThat(http.post("/v1.0/state/statestore",
        "[{\"key\":\"bulk-a\",\"value\":{\"x\":1}},{\"key\":\"bulk-c\",\"value\":\"s\"}]").statusCode()).isEqualTo(204);
    String etagA = etagOf("bulk-a");
    String etagC = etagOf("bulk-c");

    HttpResponse<String> bulk = http.post("/v1.0/state/statestore/bulk",
        "{\"keys\":[\"bulk-a\",\"bulk-missing\",\"bulk-c\"]}");

    assertThat(bulk.statusCode()).isEqualTo(200);
    assertThat(bulk.body()).isEqualTo("[{\"key\":\"bulk-a\",\"data\":{\"x\":1},\"etag\":\"" + etagA + "\"},"
        + "{\"key\":\"bulk-missing\"},{\"key\":\"bulk-c\",\"data\":\"s\",\"etag\":\"" + etagC + "\"}]\n");
    assertThat(http.post("/v1.0/state/statestore/bulk", "{\"keys\":[]}").body()).isEqualTo("[]\n");
  }

  @Test
  void transactionUpsertsAndDeletesTogether() {
    http.post("/v1.0/state/statestore", "[{\"key\":\"tx-old\",\"value\":1}]");

    HttpResponse<String> tx = http.post("/v1.0/state/statestore/transaction",
        "{\"operations\":[{\"operation\":\"upsert\",\"request\":{\"key\":\"tx-new\",\"value\":{\"v\":2}}},"
            + "{\"operation\":\"delete\",\"request\":{\"key\":\"tx-old\"}}]}");

    assertThat(tx.statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/statestore/tx-new").body()).isEqualTo("{\"v\":2}");
    assertThat(http.get("/v1.0/state/statestore/tx-old").statusCode()).isEqualTo(204);
  }

  @Test
  void staleEtagIsAConflict() {
    http.post("/v1.0/state/statestore", "[{\"key\":\"etag-k\",\"value\":1}]");
    String first = etagOf("etag-k");
    http.post("/v1.0/state/statestore", "[{\"key\":\"etag-k\",\"value\":2,\"etag\":\"" + first + "\"}]");
    assertThat(etagOf("etag-k")).isNotEqualTo(first);

    HttpResponse<String> save = http.post("/v1.0/state/statestore",
        "[{\"key\":\"etag-k\",\"value\":3,\"etag\":\"" + first + "\"}]");
    assertThat(save.statusCode()).isEqualTo(409);
    assertThat(save.body()).isEqualTo("{\"errorCode\":\"ERR_STATE_SAVE\",\"message\":\"failed saving state in state "
        + "store statestore: possible etag mismatch. error from state store\"}");

    HttpResponse<String> delete = http.delete("/v1.0/state/statestore/etag-k", "If-Match", first);
    assertThat(delete.statusCode()).isEqualTo(409);
    assertThat(delete.body()).isEqualTo("{\"errorCode\":\"ERR_STATE_DELETE\",\"message\":\"failed deleting state "
        + "with key etag-k: possible etag mismatch. error from state store\"}");
    assertThat(http.get("/v1.0/state/statestore/etag-k").body()).as("unchanged").isEqualTo("2");
  }

  @Test
  void keyWithTheSeparatorIsRejectedAsDaprDoes() {
    HttpResponse<String> r = http.post("/v1.0/state/statestore", "[{\"key\":\"ke||y1\",\"value\":\"v\"}]");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    assertThat(r.body()).isEqualTo(Golden.body("state-illegal-key.json"));
  }

  @Test
  void acceptLanguageAddsALocalizedMessage() {
    HttpResponse<String> r = http.post("/v1.0/state/statestore", "[{\"key\":\"ke||y1\",\"value\":\"v\"}]",
        "Accept-Language", "zh-CN");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo(Golden.body("state-illegal-key.zh-CN.json"));
  }

  @Test
  void unknownStoreNamesTheAppId() {
    HttpResponse<String> get = http.get("/v1.0/state/nostore/k");
    assertThat(get.statusCode()).isEqualTo(400);
    assertThat(get.body()).isEqualTo(Golden.body("state-store-not-found.json", "appId", APP_ID));

    HttpResponse<String> save = http.post("/v1.0/state/nostore", "[{\"key\":\"k\",\"value\":1}]");
    assertThat(save.statusCode()).isEqualTo(400);
    assertThat(save.body()).isEqualTo(Golden.body("state-store-not-found.json", "appId", APP_ID));
  }

  @Test
  void transactionWithAnUnknownOperation() {
    HttpResponse<String> r = http.post("/v1.0/state/statestore/transaction",
        "{\"operations\":[{\"operation\":\"merge\",\"request\":{\"key\":\"k\"}}]}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_NOT_SUPPORTED_STATE_OPERATION\",\"message\":"
        + "\"operation type merge not supported\"}");
  }

  @Test
  void malformedJsonIsAMalformedRequest() {
    HttpResponse<String> r = http.post("/v1.0/state/statestore", "[{\"key\":\"k\",\"value\":1}");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":"
        + "\"unexpected end of JSON input\"}");
  }

  @Test
  void malformedJsonIsWordedAsGoWordsIt() {
    HttpResponse<String> comma = http.post("/v1.0/state/statestore", "[{\"key\":\"k\",\"value\":1},]");
    assertThat(comma.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":"
        + "\"invalid character ']' looking for beginning of value\"}");
    HttpResponse<String> word = http.post("/v1.0/state/statestore", "foobar");
    assertThat(word.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":"
        + "\"invalid character 'o' in literal false (expecting 'a')\"}");
    HttpResponse<String> trailing = http.post("/v1.0/state/statestore", "[{\"key\":\"trailing\",\"value\":1}] x");
    assertThat(trailing.statusCode()).isEqualTo(400);
    assertThat(trailing.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":"
        + "\"invalid character 'x' after top-level value\"}");
  }

  @Test
  void bodyOverFourMebibytesIsABodyReadError() {
    String big = "[{\"key\":\"big\",\"value\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}]";

    HttpResponse<String> r = http.post("/v1.0/state/statestore", big);

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"errorCode\":\"ERR_BODY_READ\",\"message\":\"failed to read request body: "
        + "http: request body too large\"}");
    assertThat(http.get("/v1.0/state/statestore/big").statusCode()).as("nothing saved").isEqualTo(204);
  }

  @Test
  void metadataListsTheEmbeddedStoreAndPubsub() {
    HttpResponse<String> r = http.get("/v1.0/metadata");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).contains("application/json");
    assertThat(r.body()).isEqualTo(Golden.body("metadata-embedded-defaults.json", "appId", APP_ID,
        "version", Locations.version()));
  }

  @Test
  void unknownRoutesAnswerTheInvocationError() {
    for (String[] call : new String[][] {{"GET", "/v1.0/nothing"}, {"GET", "/v1.0/state/statestore"},
        {"PATCH", "/v1.0/state/statestore/k"}, {"GET", "/"}}) {
      HttpResponse<String> r = http.send(call[0], call[1], null);
      assertThat(r.statusCode()).as(call[0] + " " + call[1]).isEqualTo(404);
      assertThat(r.body()).as(call[0] + " " + call[1]).isEqualTo(Golden.body("unknown-route.json"));
    }
  }

  @Test
  void healthAnswers204WithAnEmptyBody() {
    for (String path : new String[] {"/v1.0/healthz", "/v1.0/healthz/outbound"}) {
      HttpResponse<String> r = http.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(204);
      assertThat(r.body()).as(path).isEmpty();
    }
  }
}
