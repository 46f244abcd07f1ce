package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.QueryStateItem;
import io.dapr.v1.DaprStateProtos.QueryStateRequest;
import io.dapr.v1.DaprStateProtos.QueryStateResponse;
import io.grpc.ManagedChannel;
import io.jdaprd.components.postgresql.PostgresServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The state query API (alpha) end to end on a sidecar whose store is a private PostgreSQL, over HTTP
 * ({@code POST /v1.0-alpha1/state/{store}/query}) and gRPC ({@code QueryStateAlpha1}): filter, sort, paging with a
 * token, and the errors for a bad query and for a store without query support.
 */
class StateQueryTest {
  private static final String QUERY = """
      {"filter":{"AND":[{"EQ":{"state":"CA"}},{"IN":{"person.org":["Dev","Ops"]}}]},
       "sort":[{"key":"person.id","order":"DESC"}],"page":{"limit":2}}""";
  private static PostgresServer postgres;
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    Path resources = Files.createTempDirectory(Locations.targetDir(), "query-resources");
    Files.writeString(resources.resolve("stores.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: pg
        spec:
          type: state.postgresql
          version: v2
          metadata:
          - name: connectionString
            value: "%s"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: mem
        spec:
          type: state.in-memory
          version: v1
          metadata: []
        """.formatted(postgres.connectionString(postgres.createDatabase())));
    sidecar = SidecarProcess.withAppId("it-query").resources(resources).start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
    StringBuilder items = new StringBuilder("[");
    String[][] people = {{"1", "Dev", "CA"}, {"2", "Ops", "CA"}, {"3", "Dev", "WA"}, {"4", "Dev", "CA"},
        {"5", "Finance", "CA"}, {"6", "Ops", "CA"}};
    for (String[] p : people) {
      items.append(items.length() > 1 ? "," : "").append("{\"key\":\"p").append(p[0])
          .append("\",\"value\":{\"person\":{\"id\":").append(p[0]).append(",\"org\":\"").append(p[1])
          .append("\"},\"state\":\"").append(p[2]).append("\"}}");
    }
    assertThat(http.post("/v1.0/state/pg", items.append("]").toString()).statusCode()).isEqualTo(204);
  }

  @AfterAll
  static void stop() {
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
  void httpQueryFiltersSortsAndPages() throws Exception {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      String body = token == null ? QUERY : QUERY.replace("\"limit\":2", "\"limit\":2,\"token\":\"" + token + "\"");
      HttpResponse<String> r = http.post("/v1.0-alpha1/state/pg/query", body);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode page = new ObjectMapper().readTree(r.body());
      page.path("results").forEach(item -> {
        keys.add(item.path("key").asText());
        assertThat(item.path("etag").asText()).isNotEmpty();
        assertThat(item.path("data").path("state").asText()).isEqualTo("CA");
      });
      token = page.path("results").size() == 2 ? page.path("token").asText(null) : null;
    } while (token != null);

    assertThat(keys).containsExactly("p6", "p4", "p2", "p1");
  }

  @Test
  void grpcQueryFiltersSortsAndPages() {
    List<String> keys = new ArrayList<>();
    String token = null;
    do {
      String query = token == null ? QUERY : QUERY.replace("\"limit\":2", "\"limit\":2,\"token\":\"" + token + "\"");
      QueryStateResponse r = dapr.queryStateAlpha1(QueryStateRequest.newBuilder().setStoreName("pg")
          .setQuery(query).build());
      for (QueryStateItem item : r.getResultsList()) {
        keys.add(item.getKey());
        assertThat(item.getData().toString(StandardCharsets.UTF_8)).contains("\"state\":\"CA\"");
        assertThat(item.getEtag()).isNotEmpty();
      }
      token = r.getResultsCount() == 2 && !r.getToken().isEmpty() ? r.getToken() : null;
    } while (token != null);

    assertThat(keys).containsExactly("p6", "p4", "p2", "p1");
  }

  @Test
  void aMalformedQueryIsRejectedOnBothTransports() {
    HttpResponse<String> r = http.post("/v1.0-alpha1/state/pg/query", "{\"filter\":{\"NOPE\":{}}}");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("\"errorCode\":\"ERR_STATE_QUERY\"");

    GrpcFailure f = GrpcFailure.of(() -> dapr.queryStateAlpha1(QueryStateRequest.newBuilder().setStoreName("pg")
        .setQuery("{\"filter\":{\"NOPE\":{}}}").build()));
    assertThat(f.status().getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
    assertThat(f.message()).startsWith("state store pg query failed: ");
  }

  @Test
  void aStoreWithoutQuerySupportSaysSoOnBothTransports() {
    HttpResponse<String> r = http.post("/v1.0-alpha1/state/mem/query", QUERY);
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("\"errorCode\":\"ERR_STATE_STORE_NOT_SUPPORTED\"");

    GrpcFailure f = GrpcFailure.of(() -> dapr.queryStateAlpha1(QueryStateRequest.newBuilder().setStoreName("mem")
        .setQuery(QUERY).build()));
    assertThat(f.status().getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
  }
}
