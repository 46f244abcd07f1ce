package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Empty;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.DaprAppCallbackProtos.BulkSubscribeConfig;
import io.dapr.v1.DaprAppCallbackProtos.ListTopicSubscriptionsResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequestEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponseEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicSubscription;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Bulk subscribe with {@code rawPayload}: daprd hands the app the message's bytes, not a CloudEvent wrapped around
 * them. Over HTTP each entry's {@code event} is the base64 of the bytes with {@code contentType}
 * {@code application/octet-stream} (when the broker kept no content type); over gRPC the entry's {@code bytes} event
 * holds them. The same holds when a CloudEvent was published: the app gets the CloudEvent's bytes as they are.
 */
class BulkRawPayloadTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIBE = """
      [{"pubsubname":"pubsub","topic":"raw","route":"/raw","metadata":{"rawPayload":"true"},
        "bulkSubscribe":{"enabled":true,"maxMessagesCount":10,"maxAwaitDurationMs":100}}]
      """;

  @Test
  void overHttpEachEntryIsTheBase64OfThePayload() throws Exception {
    try (TestApp app = new TestApp(SUBSCRIBE);
        SidecarProcess sidecar = SidecarProcess.withAppId("it-bulk-raw-http")
            .resources(Locations.testResource("components/pubsub"))
            .args("--app-port", String.valueOf(app.port())).start()) {
      app.answer("/raw", n -> new TestApp.Answer(200, "{\"statuses\":[]}"));
      Http http = new Http(sidecar);
      HttpResponse<String> raw = http.post("/v1.0/publish/pubsub/raw?metadata.rawPayload=true", "hello raw");
      assertThat(raw.statusCode()).as(raw.body()).isEqualTo(204);
      JsonNode entry = awaitEntries(app, 1).getFirst();
      assertThat(entry.path("event").asText())
          .isEqualTo(Base64.getEncoder().encodeToString("hello raw".getBytes(StandardCharsets.UTF_8)));
      assertThat(entry.path("contentType").asText()).isEqualTo("application/octet-stream");
      assertThat(entry.path("entryId").asText()).isNotEmpty();
      assertThat(entry.path("metadata").isObject()).isTrue();
      assertThat(entry.has("data_base64")).isFalse();

      HttpResponse<String> cloudEvent = http.post("/v1.0/publish/pubsub/raw", "{\"n\":1}",
          "content-type", "application/json");
      assertThat(cloudEvent.statusCode()).as(cloudEvent.body()).isEqualTo(204);
      JsonNode second = awaitEntries(app, 2).get(1);
      JsonNode published = JSON.readTree(Base64.getDecoder().decode(second.path("event").asText()));
      assertThat(published.path("data").path("n").asInt()).as("the CloudEvent's own bytes").isEqualTo(1);
      assertThat(published.path("topic").asText()).isEqualTo("raw");
    }
  }

  @Test
  void overGrpcEachEntryCarriesThePayloadAsBytes() throws Exception {
    List<TopicEventBulkRequestEntry> received = new CopyOnWriteArrayList<>();
    Server app = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(new RawBulkApp(received)).build().start();
    try (SidecarProcess sidecar = SidecarProcess.withAppId("it-bulk-raw-grpc")
        .resources(Locations.testResource("components/pubsub"))
        .args("--app-port", String.valueOf(app.getPort()), "--app-protocol", "grpc").start()) {
      Http http = new Http(sidecar);
      HttpResponse<String> raw = http.post("/v1.0/publish/pubsub/raw?metadata.rawPayload=true", "hello raw");
      assertThat(raw.statusCode()).as(raw.body()).isEqualTo(204);
      awaitSize(received, 1);
      TopicEventBulkRequestEntry entry = received.getFirst();
      assertThat(entry.getEventCase()).isEqualTo(TopicEventBulkRequestEntry.EventCase.BYTES);
      assertThat(entry.getBytes().toStringUtf8()).isEqualTo("hello raw");
      assertThat(entry.getContentType()).as("the broker kept no content type").isEmpty();

      HttpResponse<String> cloudEvent = http.post("/v1.0/publish/pubsub/raw", "{\"n\":1}",
          "content-type", "application/json");
      assertThat(cloudEvent.statusCode()).as(cloudEvent.body()).isEqualTo(204);
      awaitSize(received, 2);
      TopicEventBulkRequestEntry second = received.get(1);
      assertThat(second.getEventCase()).isEqualTo(TopicEventBulkRequestEntry.EventCase.BYTES);
      assertThat(JSON.readTree(second.getBytes().toByteArray()).path("data").path("n").asInt()).isEqualTo(1);
    } finally {
      app.shutdownNow();
    }
  }

  private static List<JsonNode> awaitEntries(TestApp app, int count) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    List<JsonNode> entries = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      entries.clear();
      for (TestApp.Received batch : app.requests("/raw")) {
        JSON.readTree(batch.body()).path("entries").forEach(entries::add);
      }
      if (entries.size() >= count) {
        return entries;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("expected " + count + " bulk entries, got " + entries);
  }

  private static void awaitSize(List<?> list, int count) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (list.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(list).hasSizeGreaterThanOrEqualTo(count);
  }

  /** A gRPC app with one raw bulk subscription that records every entry and answers SUCCESS. */
  private static final class RawBulkApp extends AppCallbackGrpc.AppCallbackImplBase {
    private final List<TopicEventBulkRequestEntry> received;

    RawBulkApp(List<TopicEventBulkRequestEntry> received) {
      this.received = received;
    }

    @Override
    public void listTopicSubscriptions(Empty request, StreamObserver<ListTopicSubscriptionsResponse> out) {
      out.onNext(ListTopicSubscriptionsResponse.newBuilder().addSubscriptions(TopicSubscription.newBuilder()
          .setPubsubName("pubsub").setTopic("raw").putAllMetadata(Map.of("rawPayload", "true"))
          .setBulkSubscribe(BulkSubscribeConfig.newBuilder().setEnabled(true).setMaxMessagesCount(10)
              .setMaxAwaitDurationMs(100)))
          .build());
      out.onCompleted();
    }

    @Override
    public void onBulkTopicEvent(TopicEventBulkRequest request, StreamObserver<TopicEventBulkResponse> out) {
      received.addAll(request.getEntriesList());
      TopicEventBulkResponse.Builder response = TopicEventBulkResponse.newBuilder();
      request.getEntriesList().forEach(e -> response.addStatuses(TopicEventBulkResponseEntry.newBuilder()
          .setEntryId(e.getEntryId()).setStatus(TopicEventResponse.TopicEventResponseStatus.SUCCESS)));
      out.onNext(response.build());
      out.onCompleted();
    }
  }
}
