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
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprStateProtos.TransactionalStateOperation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.jdaprd.components.redis.RedisServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A sidecar whose store {@code s} is a private Redis with {@code actorStateStore: "false"}, beside an in-memory store:
 * the metadata lists {@code ACTOR} for both (daprd adds it to every store with ETAG and TRANSACTIONAL), and writes
 * follow the ETag rules of daprd's Redis scripts, over HTTP and gRPC (issue #19).
 */
class RedisEtagRulesTest {
  private static final String APP_ID = "it-redis-etags";
  private static final List<String> STORE_CAPABILITIES = List.of("ETAG", "TRANSACTIONAL", "TTL", "ACTOR");
  private static RedisServer redis;
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    Path resources = Files.createTempDirectory(Locations.targetDir(), "redis-etag-resources");
    Files.writeString(resources.resolve("s.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: s
        spec:
          type: state.redis
          version: v1
          metadata:
          - name: redisHost
            value: "127.0.0.1:%d"
          - name: actorStateStore
            value: "false"
        """.formatted(redis.port()));
    Files.writeString(resources.resolve("mem.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: mem
        spec:
          type: state.in-memory
          version: v1
        """);
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
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void httpMetadataListsActorForEveryStoreWithEtagsAndTransactions() throws Exception {
    JsonNode metadata = new ObjectMapper().readTree(http.get("/v1.0/metadata").body());

    Map<String, String> capabilities = new TreeMap<>();
    for (JsonNode component : metadata.get("components")) {
      capabilities.put(component.get("name").asText(), component.get("capabilities").toString());
    }
    assertThat(capabilities).as("daprd: ACTOR follows ETAG and TRANSACTIONAL, whatever actorStateStore says")
        .isEqualTo(Map.of("s", "[\"ETAG\",\"TRANSACTIONAL\",\"TTL\",\"ACTOR\"]",
            "mem", "[\"ETAG\",\"TRANSACTIONAL\",\"TTL\",\"ACTOR\"]"));
  }

  @Test
  void grpcMetadataListsActorForEveryStoreWithEtagsAndTransactions() {
    List<RegisteredComponents> components = dapr.getMetadata(GetMetadataRequest.getDefaultInstance())
        .getRegisteredComponentsList();

    assertThat(components).containsExactlyInAnyOrder(
        RegisteredComponents.newBuilder().setName("s").setType("state.redis").setVersion("v1")
            .addAllCapabilities(STORE_CAPABILITIES).build(),
        RegisteredComponents.newBuilder().setName("mem").setType("state.in-memory").setVersion("v1")
            .addAllCapabilities(STORE_CAPABILITIES).build());
  }

  @Test
  void httpEtagOnAnAbsentKeyWritesAndTheTtlExpires() throws Exception {
    assertThat(http.delete("/v1.0/state/s/key-1").statusCode()).isEqualTo(204);

    HttpResponse<String> save = http.post("/v1.0/state/s", "[{\"key\":\"key-1\",\"value\":\"value-1\","
        + "\"etag\":\"1234\",\"options\":{\"concurrency\":\"first-write\"},\"metadata\":{\"ttlInSeconds\":\"1\"}},"
        + "{\"key\":\"key-2\",\"value\":\"value-2\",\"etag\":\"1234\",\"options\":{\"concurrency\":\"first-write\"},"
        + "\"metadata\":{\"ttlInSeconds\":\"1\"}}]");

    assertThat(save.statusCode()).as("daprd's Redis script writes an absent key whatever ETag is sent: "
        + save.body()).isEqualTo(204);
    HttpResponse<String> got = http.get("/v1.0/state/s/key-1");
    assertThat(got.statusCode()).isEqualTo(200);
    assertThat(got.body()).isEqualTo("\"value-1\"");
    assertThat(got.headers().firstValue("etag")).contains("1");
    assertThat(http.get("/v1.0/state/s/key-2").body()).isEqualTo("\"value-2\"");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (http.get("/v1.0/state/s/key-1").statusCode() == 200 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(http.get("/v1.0/state/s/key-1").statusCode()).as("expired after ttlInSeconds=1").isEqualTo(204);
  }

  @Test
  void httpLastWriteIgnoresAStaleEtag() {
    http.post("/v1.0/state/s", "[{\"key\":\"lw\",\"value\":1}]");
    String stale = etagOf("lw");
    http.post("/v1.0/state/s", "[{\"key\":\"lw\",\"value\":2}]");

    HttpResponse<String> save = http.post("/v1.0/state/s", "[{\"key\":\"lw\",\"value\":3,\"etag\":\"" + stale
        + "\",\"options\":{\"concurrency\":\"last-write\"}}]");

    assertThat(save.statusCode()).as(save.body()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/s/lw").body()).isEqualTo("3");
    HttpResponse<String> strict = http.post("/v1.0/state/s", "[{\"key\":\"lw\",\"value\":4,\"etag\":\"" + stale
        + "\"}]");
    assertThat(strict.statusCode()).as("without last-write the ETag is compared").isEqualTo(409);
  }

  @Test
  void httpFirstWriteFollowsTheMarkInTheHash() {
    http.post("/v1.0/state/s", "[{\"key\":\"fw\",\"value\":\"last\"}]");

    HttpResponse<String> first = http.post("/v1.0/state/s", "[{\"key\":\"fw\",\"value\":\"first\","
        + "\"options\":{\"concurrency\":\"first-write\"}}]");
    assertThat(first.statusCode()).as("an unmarked key takes a first-write without ETag: " + first.body())
        .isEqualTo(204);
    assertThat(http.get("/v1.0/state/s/fw").body()).isEqualTo("\"first\"");

    HttpResponse<String> again = http.post("/v1.0/state/s", "[{\"key\":\"fw\",\"value\":\"again\","
        + "\"options\":{\"concurrency\":\"first-write\"}}]");
    String key = APP_ID + "||fw";
    assertThat(again.statusCode()).as("a marked key refuses it, as a plain failure").isEqualTo(500);
    assertThat(again.body()).isEqualTo("{\"errorCode\":\"ERR_STATE_SAVE\",\"message\":\"failed saving state in "
        + "state store s: failed to set key " + key + ": failed to set key " + key + "\"}");
    assertThat(http.get("/v1.0/state/s/fw").body()).isEqualTo("\"first\"");
  }

  @Test
  void httpDeleteAndTransactionWithAnEtagOnAnAbsentKeySucceed() {
    assertThat(http.delete("/v1.0/state/s/never-there", "If-Match", "17").statusCode()).isEqualTo(204);

    HttpResponse<String> tx = http.post("/v1.0/state/s/transaction", "{\"operations\":[{\"operation\":\"upsert\","
        + "\"request\":{\"key\":\"tx-absent\",\"value\":\"t\",\"etag\":\"55\"}}]}");

    assertThat(tx.statusCode()).as(tx.body()).isEqualTo(204);
    assertThat(http.get("/v1.0/state/s/tx-absent").body()).isEqualTo("\"t\"");
  }

  @Test
  void grpcFollowsTheSameRules() {
    dapr.deleteState(DeleteStateRequest.newBuilder().setStoreName("s").setKey("g-absent")
        .setEtag(Etag.newBuilder().setValue("9")).build());
    save(item("g-absent", "a", "1234", StateConcurrency.CONCURRENCY_FIRST_WRITE));
    assertThat(get("g-absent").getData().toStringUtf8()).isEqualTo("a");

    save(item("g-lw", "1", null, null));
    String stale = get("g-lw").getEtag();
    save(item("g-lw", "2", null, null));
    save(item("g-lw", "3", stale, StateConcurrency.CONCURRENCY_LAST_WRITE));
    assertThat(get("g-lw").getData().toStringUtf8()).as("last-write ignores the stale ETag").isEqualTo("3");

    save(item("g-fw", "first", null, StateConcurrency.CONCURRENCY_FIRST_WRITE));
    GrpcFailure refused = GrpcFailure.of(() -> save(item("g-fw", "x", null,
        StateConcurrency.CONCURRENCY_LAST_WRITE)));
    String key = APP_ID + "||g-fw";
    assertThat(refused.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(refused.message()).isEqualTo("failed saving state in state store s: failed to set key " + key
        + ": failed to set key " + key);
    GrpcFailure mismatch = GrpcFailure.of(() -> save(item("g-fw", "x", "99",
        StateConcurrency.CONCURRENCY_LAST_WRITE)));
    assertThat(mismatch.code()).as("a refused set that carried an ETag is a mismatch").isEqualTo(Status.Code.ABORTED);

    dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder().setStoreName("s")
        .addOperations(TransactionalStateOperation.newBuilder().setOperationType("upsert")
            .setRequest(item("g-tx", "t", "77", null)))
        .addOperations(TransactionalStateOperation.newBuilder().setOperationType("delete")
            .setRequest(StateItem.newBuilder().setKey("g-tx-gone").setEtag(Etag.newBuilder().setValue("5"))))
        .build());
    assertThat(get("g-tx").getData().toStringUtf8()).isEqualTo("t");
  }

  private static String etagOf(String key) {
    HttpResponse<String> r = http.get("/v1.0/state/s/" + key);
    assertThat(r.statusCode()).as("GET " + key).isEqualTo(200);
    return r.headers().firstValue("etag").orElseThrow();
  }

  private static StateItem item(String key, String value, String etag, StateConcurrency concurrency) {
    StateItem.Builder item = StateItem.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value));
    if (etag != null) {
      item.setEtag(Etag.newBuilder().setValue(etag));
    }
    if (concurrency != null) {
      item.setOptions(StateOptions.newBuilder().setConcurrency(concurrency));
    }
    return item.build();
  }

  private static void save(StateItem... items) {
    dapr.saveState(SaveStateRequest.newBuilder().setStoreName("s").addAllStates(new ArrayList<>(List.of(items)))
        .build());
  }

  private static GetStateResponse get(String key) {
    return dapr.getState(GetStateRequest.newBuilder().setStoreName("s").setKey(key).build());
  }
}
