package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprPreviewClient;
import io.dapr.client.Subscription;
import io.dapr.client.SubscriptionListener;
import io.dapr.client.domain.BulkPublishEntry;
import io.dapr.client.domain.BulkPublishRequest;
import io.dapr.client.domain.BulkPublishResponse;
import io.dapr.client.domain.CloudEvent;
import io.dapr.config.Properties;
import io.dapr.exceptions.DaprErrorDetails.ErrorDetailType;
import io.dapr.exceptions.DaprException;
import io.dapr.utils.TypeRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * The official Java SDK 1.17.1, unmodified, publishing to a sidecar on {@code pubsub.in-memory} whose app is a plain
 * HTTP app ({@link TestApp}) that subscribes programmatically: {@code publishEvent} (a String, a POJO, with
 * metadata), {@code publishEvents} (bulk, on both the client and the preview client), the errors as the SDK surfaces
 * them, and the preview client's streaming subscriptions (gRPC {@code SubscribeTopicEventsAlpha1}). Every call
 * blocks with a timeout, so a sidecar that never answers fails the test instead of hanging it.
 */
class JavaSdkPubSubTest {
  private static final String APP_ID = "it-java-sdk-pubsub";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUBSCRIBE = """
      [{"pubsubname":"pubsub","topic":"text","route":"/text"},
       {"pubsubname":"pubsub","topic":"pojo","route":"/pojo"},
       {"pubsubname":"pubsub","topic":"ttl","route":"/ttl"},
       {"pubsubname":"pubsub","topic":"overrides","route":"/overrides"},
       {"pubsubname":"pubsub","topic":"raw","route":"/raw","metadata":{"rawPayload":"true"}},
       {"pubsubname":"pubsub","topic":"bulk","route":"/bulk"},
       {"pubsubname":"pubsub","topic":"bulk-varargs","route":"/bulk-varargs"},
       {"pubsubname":"scoped","topic":"allowed","route":"/allowed"}]
      """;

  /** A POJO as users publish them: serialized by the SDK's default serializer to JSON. */
  public record Order(int id, String item) {
  }

  private static TestApp app;
  private static SidecarProcess sidecar;
  private static Http http;
  private static DaprClient client;
  private static DaprPreviewClient preview;
  /**
   * The open {@code subscribeToTopic} streams, disposed after all tests: the SDK acknowledges an event after it has
   * emitted it, so disposing right after receiving would race the acknowledgement.
   */
  private static final List<Disposable> STREAMS = new ArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    app = new TestApp(SUBSCRIBE);
    sidecar = SidecarProcess.withAppId(APP_ID).resources(Locations.testResource("components/pubsub-sdk"))
        .args("--app-port", String.valueOf(app.port())).start();
    http = new Http(sidecar);
    DaprClientBuilder builder = new DaprClientBuilder()
        .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.HTTP_PORT, String.valueOf(sidecar.httpPort()))
        .withPropertyOverride(Properties.GRPC_PORT, String.valueOf(sidecar.grpcPort()));
    client = builder.build();
    preview = builder.buildPreviewClient();
  }

  @AfterAll
  static void stop() throws Exception {
    STREAMS.forEach(Disposable::dispose);
    if (preview != null) {
      preview.close();
    }
    if (client != null) {
      client.close();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (app != null) {
      app.close();
    }
  }

  private static JsonNode received(String path) throws Exception {
    TestApp.Received got = app.await(path, 1, WAIT).getFirst();
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.header("content-type")).isEqualTo("application/cloudevents+json");
    return JSON.readTree(got.body());
  }

  private static DaprException daprFailure(ThrowingCallable call) {
    DaprException e = catchThrowableOfType(DaprException.class, call);
    assertThat(e).as("the call must fail with a DaprException").isNotNull();
    return e;
  }

  private static String detail(DaprException e, ErrorDetailType type, String field) {
    return e.getErrorDetails().get(type, field, TypeRef.STRING);
  }

  @Test
  void aStringIsPublishedAsJsonAndReachesTheAppAsACloudEvent() throws Exception {
    client.publishEvent("pubsub", "text", "hello").block(TIMEOUT);

    JsonNode event = received("/text");
    assertThat(event.path("data").asText()).as("the SDK serializes a String to a JSON string").isEqualTo("hello");
    assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(event.path("topic").asText()).isEqualTo("text");
    assertThat(event.path("pubsubname").asText()).isEqualTo("pubsub");
    assertThat(event.path("source").asText()).isEqualTo(APP_ID);
    assertThat(event.path("type").asText()).isEqualTo("com.dapr.event.sent");
    assertThat(event.path("specversion").asText()).isEqualTo("1.0");
    assertThat(event.path("id").asText()).isNotEmpty();
    assertThat(OffsetDateTime.parse(event.path("time").asText())).isBefore(OffsetDateTime.now().plusMinutes(1));

    CloudEvent<?> asTheSdkReadsIt = CloudEvent.deserialize(app.requests("/text").getFirst().body()
        .getBytes(StandardCharsets.UTF_8));
    assertThat(asTheSdkReadsIt.getData()).isEqualTo("hello");
    assertThat(asTheSdkReadsIt.getPubsubName()).isEqualTo("pubsub");
    assertThat(asTheSdkReadsIt.getTopic()).isEqualTo("text");
    assertThat(asTheSdkReadsIt.getSource()).isEqualTo(APP_ID);
  }

  @Test
  void aPojoIsPublishedAsJsonData() throws Exception {
    client.publishEvent("pubsub", "pojo", new Order(7, "book")).block(TIMEOUT);

    JsonNode event = received("/pojo");
    assertThat(event.path("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(event.path("data").toString()).isEqualTo("{\"id\":7,\"item\":\"book\"}");
    assertThat(JSON.treeToValue(event.path("data"), Order.class)).isEqualTo(new Order(7, "book"));
  }

  @Test
  void ttlInSecondsAddsAnExpirationOnABrokerWithoutNativeTtl() throws Exception {
    OffsetDateTime before = OffsetDateTime.now();
    client.publishEvent("pubsub", "ttl", "short-lived", Map.of("ttlInSeconds", "60")).block(TIMEOUT);

    JsonNode event = received("/ttl");
    assertThat(event.path("data").asText()).isEqualTo("short-lived");
    OffsetDateTime expiration = OffsetDateTime.parse(event.path("expiration").asText());
    assertThat(expiration).isAfter(before.plusSeconds(50)).isBefore(before.plusSeconds(70));
  }

  @Test
  void cloudEventMetadataOverridesTheEnvelope() throws Exception {
    client.publishEvent("pubsub", "overrides", "x", Map.of("cloudevent.id", "my-id", "cloudevent.type", "my.type",
        "cloudevent.source", "my-source", "cloudevent.subject", "my-subject")).block(TIMEOUT);

    JsonNode event = received("/overrides");
    assertThat(event.path("id").asText()).isEqualTo("my-id");
    assertThat(event.path("type").asText()).isEqualTo("my.type");
    assertThat(event.path("source").asText()).isEqualTo("my-source");
    assertThat(event.path("subject").asText()).isEqualTo("my-subject");
  }

  @Test
  void rawPayloadReachesARawSubscriberUnwrapped() throws Exception {
    client.publishEvent("pubsub", "raw", new Order(8, "pen"), Map.of("rawPayload", "true")).block(TIMEOUT);

    JsonNode event = received("/raw");
    assertThat(event.path("datacontenttype").asText()).isEqualTo("application/octet-stream");
    assertThat(event.path("source").asText()).as("the envelope daprd synthesizes").isEqualTo("Dapr");
    assertThat(event.path("type").asText()).isEqualTo("com.dapr.event.sent");
    assertThat(event.path("topic").asText()).isEqualTo("raw");
    assertThat(event.path("pubsubname").asText()).isEqualTo("pubsub");
    String payload = new String(Base64.getDecoder().decode(event.path("data_base64").asText()),
        StandardCharsets.UTF_8);
    assertThat(payload).as("the SDK's bytes, untouched").isEqualTo("{\"id\":8,\"item\":\"pen\"}");
  }

  @Test
  void bulkPublishWithThePreviewClientDeliversEveryEntry() throws Exception {
    BulkPublishRequest<Object> request = new BulkPublishRequest<>("pubsub", "bulk", List.of(
        new BulkPublishEntry<>("e1", "one", "text/plain"),
        new BulkPublishEntry<>("e2", new Order(2, "two"), "application/json"),
        new BulkPublishEntry<>("e3", "three", "text/plain", Map.of("cloudevent.id", "entry-three"))));

    BulkPublishResponse<Object> response = preview.publishEvents(request).block(TIMEOUT);

    assertThat(response.getFailedEntries()).isEmpty();
    List<JsonNode> events = new ArrayList<>();
    for (TestApp.Received r : app.await("/bulk", 3, WAIT)) {
      events.add(JSON.readTree(r.body()));
    }
    assertThat(events).extracting(e -> e.path("datacontenttype").asText() + " " + e.path("data"))
        .containsExactlyInAnyOrder("text/plain \"one\"", "application/json {\"id\":2,\"item\":\"two\"}",
            "text/plain \"three\"");
    assertThat(events).extracting(e -> e.path("id").asText()).contains("entry-three");
    assertThat(events).allSatisfy(e -> {
      assertThat(e.path("topic").asText()).isEqualTo("bulk");
      assertThat(e.path("source").asText()).isEqualTo(APP_ID);
    });
  }

  @Test
  void bulkPublishOfVarargsWithTheClient() throws Exception {
    BulkPublishResponse<Order> response = client.publishEvents("pubsub", "bulk-varargs", "application/json",
        new Order(1, "a"), new Order(2, "b")).block(TIMEOUT);

    assertThat(response.getFailedEntries()).isEmpty();
    List<String> data = new ArrayList<>();
    for (TestApp.Received r : app.await("/bulk-varargs", 2, WAIT)) {
      data.add(JSON.readTree(r.body()).path("data").toString());
    }
    assertThat(data).containsExactlyInAnyOrder("{\"id\":1,\"item\":\"a\"}", "{\"id\":2,\"item\":\"b\"}");
  }

  @Test
  void anUnknownPubsubIsInvalidArgumentWithTheNotFoundReason() {
    DaprException single = daprFailure(() -> client.publishEvent("nopubsub", "t", "x").block(TIMEOUT));
    assertThat(single.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(single.getMessage()).isEqualTo("INVALID_ARGUMENT: pubsub nopubsub is not found");
    assertThat(detail(single, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("DAPR_PUBSUB_NOT_FOUND");
    assertThat(detail(single, ErrorDetailType.ERROR_INFO, "domain")).isEqualTo("dapr.io");

    DaprException bulk = daprFailure(() -> preview.publishEvents("nopubsub", "t", "text/plain", "x")
        .block(TIMEOUT));
    assertThat(bulk.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(bulk.getMessage()).isEqualTo("INVALID_ARGUMENT: pubsub nopubsub is not found");
    assertThat(detail(bulk, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("DAPR_PUBSUB_NOT_FOUND");
  }

  @Test
  void aTopicOutsideThePublishingScopesIsPermissionDenied() throws Exception {
    client.publishEvent("scoped", "allowed", "fine").block(TIMEOUT);
    assertThat(received("/allowed").path("data").asText()).isEqualTo("fine");

    DaprException single = daprFailure(() -> client.publishEvent("scoped", "forbidden", "x").block(TIMEOUT));
    assertThat(single.getErrorCode()).isEqualTo("PERMISSION_DENIED");
    assertThat(single.getMessage())
        .isEqualTo("PERMISSION_DENIED: topic forbidden is not allowed for app id " + APP_ID);
    assertThat(detail(single, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("DAPR_PUBSUB_FORBIDDEN");
    assertThat(detail(single, ErrorDetailType.RESOURCE_INFO, "resourceName")).isEqualTo("scoped");

    DaprException bulk = daprFailure(() -> client.publishEvents("scoped", "forbidden", "text/plain", "x")
        .block(TIMEOUT));
    assertThat(bulk.getErrorCode()).isEqualTo("PERMISSION_DENIED");
    assertThat(detail(bulk, ErrorDetailType.ERROR_INFO, "reason")).isEqualTo("DAPR_PUBSUB_FORBIDDEN");
  }

  /** Waits until the sidecar's metadata lists a streaming subscription to {@code topic}. */
  private static void awaitStreaming(String topic) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      for (JsonNode s : JSON.readTree(http.get("/v1.0/metadata").body()).path("subscriptions")) {
        if (topic.equals(s.path("topic").asText()) && "STREAMING".equals(s.path("type").asText())) {
          return;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no streaming subscription to " + topic + " within " + WAIT + ": "
        + http.get("/v1.0/metadata").body());
  }

  @Test
  void subscribeToTopicStreamsCloudEvents() throws Exception {
    BlockingQueue<CloudEvent<String>> events = new LinkedBlockingQueue<>();
    STREAMS.add(preview.subscribeToTopic("pubsub", "stream", new TypeRef<CloudEvent<String>>() { })
        .subscribe(events::add));
    awaitStreaming("stream");
    client.publishEvent("pubsub", "stream", "streamed").block(TIMEOUT);

    CloudEvent<String> event = events.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(event).as("an event within " + WAIT).isNotNull();
    assertThat(event.getData()).isEqualTo("streamed");
    assertThat(event.getTopic()).isEqualTo("stream");
    assertThat(event.getPubsubName()).isEqualTo("pubsub");
    assertThat(event.getSource()).isEqualTo(APP_ID);
    assertThat(event.getType()).isEqualTo("com.dapr.event.sent");
    assertThat(event.getDatacontenttype()).isEqualTo("application/json");
  }

  @Test
  void subscribeToTopicStreamsPlainData() throws Exception {
    BlockingQueue<Order> orders = new LinkedBlockingQueue<>();
    STREAMS.add(preview.subscribeToTopic("pubsub", "stream-pojo", TypeRef.get(Order.class))
        .subscribe(orders::add));
    awaitStreaming("stream-pojo");
    client.publishEvent("pubsub", "stream-pojo", new Order(5, "cup")).block(TIMEOUT);

    assertThat(orders.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new Order(5, "cup"));
  }

  @Test
  @SuppressWarnings("deprecation")
  void aListenerThatAsksForARetryGetsTheSameEventAgain() throws Exception {
    BlockingQueue<CloudEvent<String>> seen = new LinkedBlockingQueue<>();
    List<RuntimeException> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicInteger calls = new AtomicInteger();
    SubscriptionListener<String> listener = new SubscriptionListener<>() {
      @Override
      public Mono<Status> onEvent(CloudEvent<String> event) {
        seen.add(event);
        return Mono.just(calls.incrementAndGet() == 1 ? Status.RETRY : Status.SUCCESS);
      }

      @Override
      public void onError(RuntimeException exception) {
        errors.add(exception);
      }
    };
    Subscription<?> subscription = preview.subscribeToEvents("pubsub", "stream-retry", listener, TypeRef.STRING);
    try {
      awaitStreaming("stream-retry");
      client.publishEvent("pubsub", "stream-retry", "again").block(TIMEOUT);

      CloudEvent<String> first = seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      CloudEvent<String> second = seen.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(first).as("the first delivery").isNotNull();
      assertThat(second).as("the redelivery after RETRY").isNotNull();
      assertThat(second.getId()).isEqualTo(first.getId());
      assertThat(second.getData()).isEqualTo("again");
      assertThat(seen.poll(500, TimeUnit.MILLISECONDS)).as("nothing after SUCCESS").isNull();
      assertThat(errors).isEmpty();
    } finally {
      subscription.close();
    }
  }

  @Test
  void aStreamingSubscriptionToAnUnknownPubsubFails() throws Exception {
    BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();
    STREAMS.add(preview.subscribeToTopic("nopubsub", "t", TypeRef.STRING)
        .subscribe(e -> { }, errors::add));
    Throwable error = errors.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(error).as("the stream's error").isInstanceOf(DaprException.class);
    DaprException e = (DaprException) error;
    assertThat(e.getErrorCode()).isEqualTo("INVALID_ARGUMENT");
    assertThat(e.getMessage()).isEqualTo("INVALID_ARGUMENT: pubsub nopubsub is not found");
  }
}
