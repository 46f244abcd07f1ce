package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import com.google.rpc.ResourceInfo;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequestEntry;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.jdaprd.components.redis.RedisServer;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every pub/sub error a publish can meet, by a real request on both APIs, pinned byte for byte on HTTP and by code,
 * message and details on gRPC: unknown and scoped-away pub/sub, empty names, forbidden topics, bad {@code rawPayload},
 * a CloudEvent body that is not JSON, bulk entries with missing ids or mismatched events, a broker that refuses the
 * message (a Redis stream key that holds a string), and a body over {@code --max-body-size}.
 */
class PubSubErrorsTest {
  private static final String APP_ID = "it-pubsub-errors";
  private static RedisServer redis;
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    redisCommand("SET", "wrongtype", "not a stream");
    sidecar = SidecarProcess.withAppId(APP_ID).resources(Locations.testResource("components/pubsub-errors"))
        .env("IT_REDIS_HOST", "127.0.0.1:" + redis.port()).args("--max-body-size", "1Ki").start();
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

  /** Sends one command to the private Redis in RESP and reads the first reply line. */
  private static void redisCommand(String... args) throws Exception {
    StringBuilder resp = new StringBuilder("*" + args.length + "\r\n");
    for (String a : args) {
      resp.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    try (Socket s = new Socket("127.0.0.1", redis.port())) {
      OutputStream out = s.getOutputStream();
      out.write(resp.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat((char) s.getInputStream().read()).as("redis answered OK").isEqualTo('+');
    }
  }

  private static void assertHttp(HttpResponse<String> r, int status, String body) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(body);
  }

  @Test
  void unknownPubsubIs404OnHttpAndInvalidArgumentOnGrpc() {
    assertHttp(http.post("/v1.0/publish/nope/orders?metadata.k=v", "x"), 404,
        "{\"errorCode\":\"ERR_PUBSUB_NOT_FOUND\",\"message\":\"pubsub nope is not found\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.ErrorInfo\",\"domain\":\"dapr.io\",\"metadata\":{\"k\":\"v\"},"
            + "\"reason\":\"DAPR_PUBSUB_NOT_FOUND\"}]}");
    GrpcFailure f = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("nope")
        .setTopic("orders").build()));
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.message()).isEqualTo("pubsub nope is not found");
    assertThat(f.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("DAPR_PUBSUB_NOT_FOUND")
        .setDomain("dapr.io").build());
  }

  @Test
  void aComponentScopedToAnotherAppIsNotFoundNotForbidden() {
    HttpResponse<String> r = http.post("/v1.0/publish/elsewhere/orders", "x");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("\"errorCode\":\"ERR_PUBSUB_NOT_FOUND\"");
    GrpcFailure f = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder()
        .setPubsubName("elsewhere").setTopic("orders").build()));
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
  }

  @Test
  void forbiddenTopicsAre403AndPermissionDenied() {
    String text = "topic secret is not allowed for app id " + APP_ID;
    String body = "{\"errorCode\":\"ERR_PUBSUB_FORBIDDEN\",\"message\":\"" + text + "\",\"details\":[{\"@type\":"
        + "\"type.googleapis.com/google.rpc.ResourceInfo\",\"description\":\"" + text + "\",\"owner\":\"\","
        + "\"resource_name\":\"pubsub\",\"resource_type\":\"pubsub\"},{\"@type\":\"type.googleapis.com/google.rpc."
        + "ErrorInfo\",\"domain\":\"dapr.io\",\"metadata\":{\"error\":\"" + text + "\",\"topic\":\"secret\"},"
        + "\"reason\":\"DAPR_PUBSUB_FORBIDDEN\"}]}";
    assertHttp(http.post("/v1.0/publish/pubsub/secret", "x"), 403, body);
    assertThat(http.post("/v1.0/publish/pubsub/allowed", "x").statusCode()).isEqualTo(204);

    GrpcFailure f = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub")
        .setTopic("secret").build()));
    assertThat(f.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(f.message()).isEqualTo("topic secret is not allowed for app id " + APP_ID);
    assertThat(f.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_PUBSUB_FORBIDDEN");
    assertThat(f.detail(ResourceInfo.class).getResourceName()).isEqualTo("pubsub");

    HttpResponse<String> bulk = http.post("/v1.0-alpha1/publish/bulk/pubsub/secret",
        "[{\"entryId\":\"1\",\"event\":\"x\",\"contentType\":\"text/plain\"}]");
    assertThat(bulk.statusCode()).isEqualTo(403);
    assertThat(GrpcFailure.of(() -> dapr.bulkPublishEvent(BulkPublishRequest.newBuilder().setPubsubName("pubsub")
        .setTopic("secret").addEntries(BulkPublishRequestEntry.newBuilder().setEntryId("1")
            .setContentType("text/plain").setEvent(ByteString.copyFromUtf8("x"))).build())).code())
        .isEqualTo(Status.Code.PERMISSION_DENIED);
  }

  @Test
  void emptyTopicAndEmptyPubsubName() {
    HttpResponse<String> r = http.post("/v1.0/publish/pubsub/", "x");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).startsWith("{\"errorCode\":\"ERR_TOPIC_NAME_EMPTY\",\"message\":\"topic is empty in pubsub "
        + "pubsub\"");
    GrpcFailure topic = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder()
        .setPubsubName("pubsub").build()));
    assertThat(topic.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(topic.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_PUBSUB_TOPIC_NAME_EMPTY");
    GrpcFailure name = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder().setTopic("t")
        .build()));
    assertThat(name.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(name.message()).isEqualTo("pubsub name is empty");
    assertThat(name.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_PUBSUB_NAME_EMPTY");
  }

  @Test
  void rawPayloadMustBeABoolean() {
    HttpResponse<String> r = http.post("/v1.0/publish/pubsub/allowed?metadata.rawPayload=maybe", "x");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"errorCode\":\"ERR_PUBSUB_REQUEST_METADATA\",\"message\":\"failed "
        + "deserializing metadata. Error: rawPayload value must be a valid boolean: actual is 'maybe'\"");
    GrpcFailure f = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub")
        .setTopic("allowed").putMetadata("rawPayload", "maybe").build()));
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_PUBSUB_METADATA_DESERIALIZATION");
  }

  @Test
  void aCloudEventBodyThatIsNotJsonCannotBeEnveloped() {
    HttpResponse<String> r = http.post("/v1.0/publish/pubsub/allowed", "not json",
        "content-type", "application/cloudevents+json");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).startsWith("{\"errorCode\":\"ERR_PUBSUB_CLOUD_EVENTS_SER\",\"message\":\"cannot create "
        + "cloudevent\"");
    GrpcFailure f = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub")
        .setTopic("allowed").setDataContentType("application/cloudevents+json")
        .setData(ByteString.copyFromUtf8("not json")).build()));
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.message()).isEqualTo("cannot create cloudevent");
    assertThat(f.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_PUBSUB_CLOUD_EVENT_CREATION");
    assertThat(f.detail(ErrorInfo.class).getMetadataMap()).containsEntry("appID", APP_ID).containsKey("error");
  }

  @Test
  void bulkEntriesNeedUniqueIdsAndEventsOfTheirContentType() {
    HttpResponse<String> dup = http.post("/v1.0-alpha1/publish/bulk/pubsub/allowed",
        "[{\"entryId\":\"1\",\"event\":\"a\",\"contentType\":\"text/plain\"},"
            + "{\"entryId\":\"1\",\"event\":\"b\",\"contentType\":\"text/plain\"}]");
    assertThat(dup.statusCode()).isEqualTo(400);
    assertThat(dup.body()).startsWith("{\"errorCode\":\"ERR_PUBSUB_EVENTS_SER\",\"message\":\"error marshaling "
        + "events to bytes for topic allowed pubsub pubsub. error: entryId is duplicated or not present for entry\"");

    HttpResponse<String> mismatch = http.post("/v1.0-alpha1/publish/bulk/pubsub/allowed",
        "[{\"entryId\":\"1\",\"event\":{\"a\":1},\"contentType\":\"text/plain\"}]");
    assertThat(mismatch.statusCode()).isEqualTo(400);
    assertThat(mismatch.body()).startsWith("{\"errorCode\":\"ERR_PUBSUB_EVENTS_SER\",\"message\":\"error when "
        + "marshalling cloud event envelope for topic allowed pubsub pubsub: error: mismatch between contentType "
        + "and event\"");

    HttpResponse<String> notArray = http.post("/v1.0-alpha1/publish/bulk/pubsub/allowed", "{}");
    assertThat(notArray.statusCode()).isEqualTo(400);
    assertThat(notArray.body()).contains("DAPR_PUBSUB_UNMARSHAL_EVENTS").contains("error when unmarshaling the "
        + "request for topic allowed pubsub pubsub: json: cannot unmarshal object into Go value of type "
        + "[]http.bulkPublishMessageEntry");

    GrpcFailure f = GrpcFailure.of(() -> dapr.bulkPublishEvent(BulkPublishRequest.newBuilder().setPubsubName("pubsub")
        .setTopic("allowed").addEntries(BulkPublishRequestEntry.newBuilder().setContentType("text/plain")
            .setEvent(ByteString.copyFromUtf8("x"))).build()));
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_PUBSUB_MARSHAL_EVENTS");
  }

  @Test
  void aBrokerThatRefusesTheMessageIsPublishMessage500AndInternal() {
    HttpResponse<String> r = http.post("/v1.0/publish/redis/wrongtype", "x");
    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).startsWith("{\"errorCode\":\"ERR_PUBSUB_PUBLISH_MESSAGE\",\"message\":\"error when "
        + "publishing to topic wrongtype in pubsub redis: ").contains("WRONGTYPE")
        .doesNotContain("Exception").doesNotContain("at io.");
    GrpcFailure f = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("redis")
        .setTopic("wrongtype").build()));
    assertThat(f.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(f.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_PUBSUB_PUBLISH_MESSAGE");
    assertThat(f.detail(ErrorInfo.class).getMetadataMap()).containsEntry("topic", "wrongtype");

    HttpResponse<String> bulk = http.post("/v1.0-alpha1/publish/bulk/redis/wrongtype",
        "[{\"entryId\":\"e1\",\"event\":\"x\",\"contentType\":\"text/plain\"}]");
    assertThat(bulk.statusCode()).isEqualTo(500);
    assertThat(bulk.body()).startsWith("{\"failedEntries\":[{\"entryId\":\"e1\",\"error\":")
        .endsWith(",\"errorCode\":\"ERR_PUBSUB_PUBLISH_MESSAGE\"}");
    assertThat(bulk.headers().firstValue("metadata.error")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("api error: code = Internal desc = error when publishing to topic wrongtype in pubsub redis"));
  }

  @Test
  void aBodyOverTheLimitIsRefused() throws Exception {
    String big = "x".repeat(4096);
    HttpResponse<String> sized = http.post("/v1.0/publish/pubsub/allowed", big);
    String tooLarge = "{\"errorCode\":\"ERR_PUBSUB_PUBLISH_MESSAGE\",\"message\":\"error when publishing to topic "
        + "allowed in pubsub pubsub: stream too large\"";
    assertThat(sized.statusCode()).as(sized.body()).isEqualTo(500);
    assertThat(sized.body()).as("daprd reads the body through a limited reader, whatever Content-Length says")
        .startsWith(tooLarge);
    HttpResponse<String> bulk = http.post("/v1.0-alpha1/publish/bulk/pubsub/allowed", "[" + big + "]");
    assertThat(bulk.statusCode()).isEqualTo(400);
    assertThat(bulk.body()).contains("DAPR_PUBSUB_UNMARSHAL_EVENTS").contains("stream too large");
    assertThat(http.post("/v1.0/publish/nope/t", big).statusCode()).as("the target is checked first")
        .isEqualTo(404);

    HttpRequest chunked = HttpRequest.newBuilder(URI.create(sidecar.httpBase() + "/v1.0/publish/pubsub/allowed"))
        .timeout(Duration.ofSeconds(20)).POST(new UnsizedBody(big)).build();
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
        .send(chunked, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
    assertThat(r.body()).startsWith(tooLarge);

    GrpcFailure f = GrpcFailure.of(() -> dapr.publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub")
        .setTopic("allowed").setData(ByteString.copyFromUtf8(big)).build()));
    assertThat(f.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(f.message()).startsWith("grpc: received message larger than max (");
  }

  /** A body without a length, so the HTTP client sends it chunked. */
  private record UnsizedBody(String text) implements HttpRequest.BodyPublisher {
    @Override
    public long contentLength() {
      return -1;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super java.nio.ByteBuffer> subscriber) {
      HttpRequest.BodyPublishers.ofString(text).subscribe(subscriber);
    }
  }

  @Test
  void theErrorsAreLocalizedOnRequest() {
    HttpResponse<String> r = http.post("/v1.0/publish/nope/orders", "x", "accept-language", "zh-CN");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("LocalizedMessage").contains("zh-CN");
  }
}
