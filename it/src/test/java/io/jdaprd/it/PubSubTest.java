package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequestEntry;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.grpc.ManagedChannel;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Publish and delivery through a whole sidecar (pubsub.in-memory) to a plain HTTP app: programmatic and declarative
 * subscriptions, routing rules, the app's answers (retry, 404 to the dead-letter topic), bulk publish and bulk
 * subscribe, over both APIs.
 */
class PubSubTest {
  private static final String APP_ID = "it-pubsub";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIBE = """
      [{"pubsubname":"pubsub","topic":"orders","route":"/orders"},
       {"pubsubname":"pubsub","topic":"flaky","route":"/flaky"},
       {"pubsubname":"pubsub","topic":"gone","routes":{"default":"/gone"},"deadLetterTopic":"poison"},
       {"pubsubname":"pubsub","topic":"poison","route":"/poison"},
       {"pubsubname":"pubsub","topic":"grpc","route":"grpc-path"},
       {"pubsubname":"pubsub","topic":"bulk","route":"/bulk",
        "bulkSubscribe":{"enabled":true,"maxMessagesCount":10,"maxAwaitDurationMs":200}},
       {"pubsubname":"pubsub","topic":"noroute"}]
      """;

  private static TestApp app;
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() throws Exception {
    app = new TestApp(SUBSCRIBE);
    app.answer("/flaky", n -> n == 1 ? new TestApp.Answer(500, "boom") : new TestApp.Answer(200, ""));
    app.answer("/gone", n -> new TestApp.Answer(404, ""));
    app.answer("/bulk", n -> new TestApp.Answer(200, "{\"statuses\":[]}"));
    sidecar = SidecarProcess.withAppId(APP_ID).resources(Locations.testResource("components/pubsub"))
        .args("--app-port", String.valueOf(app.port())).start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void httpPublishOfJsonReachesTheAppAsACloudEvent() throws Exception {
    HttpResponse<String> r = http.post("/v1.0/publish/pubsub/orders", "{\"orderId\":7}",
        "content-type", "application/json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);

    TestApp.Received got = app.await("/orders", 1, WAIT).getFirst();
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.header("content-type")).isEqualTo("application/cloudevents+json");
    JsonNode event = JSON.readTree(got.body());
    assertThat(event.path("data").path("orderId").asInt()).isEqualTo(7);
    assertThat(event.path("topic").asText()).isEqualTo("orders");
    assertThat(event.path("pubsubname").asText()).isEqualTo("pubsub");
    assertThat(event.path("source").asText()).isEqualTo(APP_ID);
    assertThat(event.path("type").asText()).isEqualTo("com.dapr.event.sent");
    assertThat(event.path("specversion").asText()).isEqualTo("1.0");
    assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(event.path("id").asText()).isNotEmpty();
  }

  @Test
  void grpcPublishOfTextReachesTheAppWithTheRouteAsPath() throws Exception {
    dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub").setTopic("grpc")
        .setData(ByteString.copyFromUtf8("hello")).setDataContentType("text/plain").build());

    TestApp.Received got = app.await("/grpc-path", 1, WAIT).getFirst();
    JsonNode event = JSON.readTree(got.body());
    assertThat(event.path("data").asText()).isEqualTo("hello");
    assertThat(event.path("datacontenttype").asText()).isEqualTo("text/plain");
  }

  @Test
  void declarativeRulesRouteByEventType() {
    assertThat(http.post("/v1.0/publish/pubsub/declared?metadata.cloudevent.type=special", "x").statusCode())
        .isEqualTo(204);
    assertThat(http.post("/v1.0/publish/pubsub/declared", "y").statusCode()).isEqualTo(204);

    assertThat(app.await("/special", 1, WAIT)).hasSize(1);
    assertThat(app.await("/declared", 1, WAIT)).hasSize(1);
  }

  @Test
  void anErrorStatusIsRetriedUntilTheAppTakesTheEvent() {
    assertThat(http.post("/v1.0/publish/pubsub/flaky", "again").statusCode()).isEqualTo(204);

    List<TestApp.Received> calls = app.await("/flaky", 2, WAIT);
    assertThat(calls.get(1).body()).isEqualTo(calls.get(0).body());
  }

  @Test
  void notFoundDropsTheEventToTheDeadLetterTopic() throws Exception {
    assertThat(http.post("/v1.0/publish/pubsub/gone", "{\"n\":1}", "content-type", "application/json")
        .statusCode()).isEqualTo(204);

    TestApp.Received dead = app.await("/poison", 1, WAIT).getFirst();
    JsonNode event = JSON.readTree(dead.body());
    assertThat(event.path("topic").asText()).as("the original message, unchanged").isEqualTo("gone");
    assertThat(app.requests("/gone")).as("a 404 is not retried").hasSize(1);
  }

  @Test
  void bulkPublishOverHttpAndGrpcReachesTheBulkSubscriber() throws Exception {
    HttpResponse<String> r = http.post("/v1.0-alpha1/publish/bulk/pubsub/bulk",
        "[{\"entryId\":\"1\",\"event\":\"one\",\"contentType\":\"text/plain\"},"
            + "{\"entryId\":\"2\",\"event\":{\"n\":2},\"contentType\":\"application/json\"}]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    var response = dapr.bulkPublishEvent(BulkPublishRequest.newBuilder().setPubsubName("pubsub").setTopic("bulk")
        .addEntries(BulkPublishRequestEntry.newBuilder().setEntryId("3").setContentType("text/plain")
            .setEvent(ByteString.copyFromUtf8("three")))
        .build());
    assertThat(response.getFailedEntriesList()).isEmpty();

    long deadline = System.nanoTime() + WAIT.toNanos();
    int entries = 0;
    while (System.nanoTime() < deadline && entries < 3) {
      entries = 0;
      for (TestApp.Received b : app.requests("/bulk")) {
        JsonNode body = JSON.readTree(b.body());
        assertThat(body.path("type").asText()).isEqualTo("com.dapr.event.sent.bulk");
        entries += body.path("entries").size();
      }
      Thread.sleep(20);
    }
    assertThat(entries).as("bulk entries delivered").isEqualTo(3);
  }

  @Test
  void metadataListsTheRunningSubscriptions() throws Exception {
    JsonNode metadata = JSON.readTree(http.get("/v1.0/metadata").body());
    List<String> topics = new java.util.ArrayList<>();
    metadata.path("subscriptions").forEach(s -> topics.add(s.path("topic").asText() + "/"
        + s.path("type").asText()));
    assertThat(topics).contains("orders/PROGRAMMATIC", "declared/DECLARATIVE")
        .doesNotContain("theirs/DECLARATIVE").noneMatch(t -> t.startsWith("noroute/"));
  }
}
