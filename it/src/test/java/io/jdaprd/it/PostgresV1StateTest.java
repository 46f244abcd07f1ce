package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.dapr.v1.CommonProtos.Etag;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.CommonProtos.StateOptions;
import io.dapr.v1.CommonProtos.StateOptions.StateConcurrency;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.QueryStateItem;
import io.dapr.v1.DaprStateProtos.QueryStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprStateProtos.TransactionalStateOperation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.jdaprd.components.postgresql.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sidecar whose store {@code s} is {@code state.postgresql} {@code version: v1} on a private PostgreSQL: the table
 * is daprd v1's ({@code jsonb} value, {@code isbinary}, {@code xmin} ETags, {@code expiredate}), what is written over
 * HTTP and gRPC reads back exactly, rows written the way daprd v1 writes them are read as daprd reads them, and TTL,
 * transactions, the query API and the metadata work on it (issue #19).
 */
class PostgresV1StateTest {
  private static final String APP_ID = "it-pg-v1";
  private static PostgresServer postgres;
  private static String jdbcUrl;
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    String database = postgres.createDatabase();
    String connectionString = postgres.connectionString(database);
    jdbcUrl = jdbcUrl(connectionString);
    Path resources = Files.createTempDirectory(Locations.targetDir(), "postgres-v1-resources");
    Files.writeString(resources.resolve("s.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: s
        spec:
          type: state.postgresql
          version: v1
          metadata:
          - name: connectionString
            value: "%s"
        """.formatted(connectionString));
    sidecar = SidecarProcess.withAppId(APP_ID).resources(resources).start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theTableIsDaprdV1s() throws Exception {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("SELECT string_agg(attname || ' '"
        + " || format_type(atttypid, atttypmod), ', ' ORDER BY attnum) FROM pg_attribute WHERE attrelid ="
        + " 'state'::regclass AND attnum > 0 AND NOT attisdropped");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("key text, value jsonb, isbinary boolean, insertdate timestamp with time"
          + " zone, updatedate timestamp with time zone, expiredate timestamp with time zone, row_id bigint");
    }
    assertThat(scalar("SELECT value FROM dapr_metadata WHERE key = 'migrations'")).isEqualTo("3");
  }

  @Test
  void httpValuesReadBackExactlyAndDaprdCanReadTheRows() throws Exception {
    HttpResponse<String> save = http.post("/v1.0/state/s", "[{\"key\":\"obj\",\"value\":{\"qty\":3,\"note\":\"a\"}},"
        + "{\"key\":\"str\",\"value\":\"text\"},{\"key\":\"num\",\"value\":42}]");
    assertThat(save.statusCode()).as(save.body()).isEqualTo(204);

    assertThat(http.get("/v1.0/state/s/obj").body()).isEqualTo("{\"note\":\"a\",\"qty\":3}");
    assertThat(http.get("/v1.0/state/s/str").body()).isEqualTo("\"text\"");
    assertThat(http.get("/v1.0/state/s/num").body()).isEqualTo("42");
    assertThat(row("obj")).as("compact JSON is not how jsonb prints it: kept as daprd keeps bytes")
        .isEqualTo(Map.of("value", "\"" + base64("{\"note\":\"a\",\"qty\":3}") + "\"", "isbinary", "t"));
    assertThat(row("str")).isEqualTo(Map.of("value", "\"text\"", "isbinary", "f"));
    assertThat(row("num")).isEqualTo(Map.of("value", "42", "isbinary", "f"));
    assertThat(http.get("/v1.0/state/s/obj").headers().firstValue("etag")).contains(scalar(
        "SELECT xmin::text FROM state WHERE key = '" + APP_ID + "||obj'"));
  }

  @Test
  void grpcBytesReadBackExactly() throws Exception {
    byte[] bytes = {0, (byte) 0xff, '"', '\\', 1};
    save(StateItem.newBuilder().setKey("raw").setValue(ByteString.copyFrom(bytes)).build());

    GetStateResponse got = get("raw");
    assertThat(got.getData().toByteArray()).containsExactly(bytes);
    assertThat(got.getEtag()).matches("[0-9]+");
    assertThat(row("raw")).isEqualTo(Map.of("value", "\"" + Base64.getEncoder().encodeToString(bytes) + "\"",
        "isbinary", "t"));
  }

  @Test
  void rowsDaprdWroteAreReadAsDaprdReadsThem() throws Exception {
    execute("INSERT INTO state (key, value, isbinary) VALUES ('" + APP_ID + "||by-daprd', '{\"b\":1,\"a\":[1,2]}',"
        + " false), ('" + APP_ID + "||bytes-by-daprd', '\"AAH/\"', true)");

    assertThat(http.get("/v1.0/state/s/by-daprd").body()).isEqualTo("{\"a\": [1, 2], \"b\": 1}");
    assertThat(get("bytes-by-daprd").getData().toByteArray()).containsExactly(0, 1, 0xff);
  }

  @Test
  void etagsAreXminOverHttpAndGrpc() {
    http.post("/v1.0/state/s", "[{\"key\":\"e\",\"value\":1}]");
    String etag = http.get("/v1.0/state/s/e").headers().firstValue("etag").orElseThrow();

    assertThat(http.post("/v1.0/state/s", "[{\"key\":\"e\",\"value\":2,\"etag\":\"" + etag + "\"}]").statusCode())
        .isEqualTo(204);
    HttpResponse<String> stale = http.post("/v1.0/state/s", "[{\"key\":\"e\",\"value\":3,\"etag\":\"" + etag
        + "\",\"options\":{\"concurrency\":\"last-write\"}}]");
    assertThat(stale.statusCode()).as("daprd v1 compares the ETag under last-write").isEqualTo(409);
    HttpResponse<String> invalid = http.post("/v1.0/state/s", "[{\"key\":\"e\",\"value\":3,\"etag\":\"x1\"}]");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).isEqualTo("{\"errorCode\":\"ERR_STATE_SAVE\",\"message\":\"failed saving state in"
        + " state store s: invalid etag value: strconv.ParseUint: parsing \\\"x1\\\": invalid syntax\"}");
    HttpResponse<String> absent = http.post("/v1.0/state/s", "[{\"key\":\"never\",\"value\":1,\"etag\":\"1234\"}]");
    assertThat(absent.statusCode()).as("the SQL stores refuse an ETag on an absent key").isEqualTo(409);

    GrpcFailure taken = GrpcFailure.of(() -> save(StateItem.newBuilder().setKey("e").setValue(ByteString
        .copyFromUtf8("4")).setOptions(StateOptions.newBuilder().setConcurrency(
            StateConcurrency.CONCURRENCY_FIRST_WRITE)).build()));
    assertThat(taken.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(taken.message()).isEqualTo("failed saving state in state store s: no item was updated");
    save(StateItem.newBuilder().setKey("e").setValue(ByteString.copyFromUtf8("5"))
        .setEtag(Etag.newBuilder().setValue(get("e").getEtag())).build());
    assertThat(get("e").getData().toStringUtf8()).isEqualTo("5");
  }

  @Test
  void ttlSetsExpiredateAndExpires() throws Exception {
    assertThat(http.post("/v1.0/state/s", "[{\"key\":\"t\",\"value\":\"soon\",\"metadata\":{\"ttlInSeconds\":"
        + "\"1\"}}]").statusCode()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/s/t").headers().firstValue("metadata.ttlExpireTime")).isPresent();
    assertThat(scalar("SELECT (expiredate IS NOT NULL)::text FROM state WHERE key = '" + APP_ID + "||t'"))
        .isEqualTo("true");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (http.get("/v1.0/state/s/t").statusCode() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(http.get("/v1.0/state/s/t").statusCode()).isEqualTo(204);
  }

  @Test
  void transactionsOverHttpAndGrpc() {
    http.post("/v1.0/state/s", "[{\"key\":\"tx-old\",\"value\":1}]");
    HttpResponse<String> tx = http.post("/v1.0/state/s/transaction", "{\"operations\":[{\"operation\":\"upsert\","
        + "\"request\":{\"key\":\"tx-new\",\"value\":{\"n\":1}}},{\"operation\":\"delete\",\"request\":"
        + "{\"key\":\"tx-old\"}}]}");
    assertThat(tx.statusCode()).as(tx.body()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/s/tx-new").body()).isEqualTo("{\"n\":1}");
    assertThat(http.get("/v1.0/state/s/tx-old").statusCode()).isEqualTo(204);

    GrpcFailure failed = GrpcFailure.of(() -> dapr.executeStateTransaction(ExecuteStateTransactionRequest
        .newBuilder().setStoreName("s")
        .addOperations(TransactionalStateOperation.newBuilder().setOperationType("upsert")
            .setRequest(StateItem.newBuilder().setKey("tx-grpc").setValue(ByteString.copyFromUtf8("x"))))
        .addOperations(TransactionalStateOperation.newBuilder().setOperationType("upsert")
            .setRequest(StateItem.newBuilder().setKey("tx-new").setValue(ByteString.copyFromUtf8("y"))
                .setEtag(Etag.newBuilder().setValue("1"))))
        .build()));
    assertThat(failed.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(get("tx-grpc").getData().isEmpty()).as("rolled back").isTrue();
  }

  @Test
  void queryApiOverHttpAndGrpc() throws Exception {
    http.post("/v1.0/state/s", "[{\"key\":\"q1\",\"value\":{\"city\":\"Seattle\",\"n\":1}},"
        + "{\"key\":\"q2\",\"value\":{\"city\":\"Portland\",\"n\":2}}]");
    execute("INSERT INTO state (key, value, isbinary) VALUES ('" + APP_ID + "||q3', '{\"city\": \"Seattle\","
        + " \"n\": 3}', false)");
    String query = "{\"filter\":{\"EQ\":{\"city\":\"Seattle\"}},\"sort\":[{\"key\":\"n\",\"order\":\"DESC\"}]}";

    HttpResponse<String> r = http.post("/v1.0-alpha1/state/s/query", query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode results = new ObjectMapper().readTree(r.body()).get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(0).get("key").asText()).isEqualTo("q3");
    assertThat(results.get(1).get("key").asText()).isEqualTo("q1");
    assertThat(results.get(1).get("data").toString()).isEqualTo("{\"city\":\"Seattle\",\"n\":1}");

    List<QueryStateItem> items = dapr.queryStateAlpha1(QueryStateRequest.newBuilder().setStoreName("s")
        .setQuery(query).build()).getResultsList();
    assertThat(items).extracting(QueryStateItem::getKey).containsExactly("q3", "q1");
    assertThat(items.get(1).getData().toStringUtf8()).isEqualTo("{\"city\":\"Seattle\",\"n\":1}");
  }

  @Test
  void metadataListsTheV1StoreWithActor() throws Exception {
    JsonNode component = new ObjectMapper().readTree(http.get("/v1.0/metadata").body()).get("components").get(0);
    assertThat(component.toString()).isEqualTo("{\"name\":\"s\",\"type\":\"state.postgresql\",\"version\":\"v1\","
        + "\"capabilities\":[\"ETAG\",\"TRANSACTIONAL\",\"TTL\",\"QUERY_API\",\"ACTOR\"]}");
    assertThat(dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getRegisteredComponentsList())
        .containsExactly(RegisteredComponents.newBuilder().setName("s").setType("state.postgresql")
            .setVersion("v1").addAllCapabilities(List.of("ETAG", "TRANSACTIONAL", "TTL", "QUERY_API", "ACTOR"))
            .build());
  }

  private static void save(StateItem item) {
    dapr.saveState(SaveStateRequest.newBuilder().setStoreName("s").addStates(item).build());
  }

  private static GetStateResponse get(String key) {
    return dapr.getState(GetStateRequest.newBuilder().setStoreName("s").setKey(key).build());
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** The value (as text) and isbinary ({@code t}/{@code f}) of the row of {@code key}. */
  private static Map<String, String> row(String key) throws Exception {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
        "SELECT value::text, CASE WHEN isbinary THEN 't' ELSE 'f' END FROM state WHERE key = ?")) {
      ps.setString(1, APP_ID + "||" + key);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("row of %s", key).isTrue();
        return Map.of("value", rs.getString(1), "isbinary", rs.getString(2));
      }
    }
  }

  private static String scalar(String sql) throws Exception {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      assertThat(rs.next()).as(sql).isTrue();
      return rs.getString(1);
    }
  }

  private static void execute(String sql) throws Exception {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      ps.execute();
    }
  }

  private static Connection connect() throws Exception {
    return DriverManager.getConnection(jdbcUrl);
  }

  /** The JDBC URL of a {@code key=value} connection string such as the test server gives. */
  private static String jdbcUrl(String connectionString) {
    Map<String, String> parts = new HashMap<>();
    for (String part : connectionString.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      parts.put(part.substring(0, eq), part.substring(eq + 1));
    }
    return "jdbc:postgresql://" + parts.getOrDefault("host", "127.0.0.1") + ":" + parts.getOrDefault("port", "5432")
        + "/" + parts.getOrDefault("database", parts.get("dbname")) + "?user=" + parts.getOrDefault("user", "postgres")
        + (parts.containsKey("password") ? "&password=" + parts.get("password") : "");
  }
}
