package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.v1.DaprConfigurationProtos.GetConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.GetConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationResponse;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationResponse;
import io.dapr.v1.DaprGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.components.redis.RedisServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Configuration over raw HTTP and raw gRPC against a sidecar whose {@code cfg} is a private Redis, with an HTTP app
 * that receives the updates of HTTP subscriptions: every answer, error paths included, byte for byte as daprd's.
 */
class ConfigurationTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static RedisServer redis;
  private static TestApp app;
  private static SidecarProcess sidecar;
  private static SidecarProcess noApp;
  private static Path resources;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() throws Exception {
    redis = RedisServer.start();
    resources = Files.createTempDirectory(Locations.targetDir(), "config-resources");
    Files.writeString(resources.resolve("cfg.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: cfg
        spec:
          type: configuration.redis
          version: v1
          metadata:
          - name: redisHost
            value: "127.0.0.1:%d"
        """.formatted(redis.port()));
    app = new TestApp(null);
    sidecar = SidecarProcess.withAppId("it-config").resources(resources)
        .args("--app-port", String.valueOf(app.port())).start();
    noApp = SidecarProcess.withAppId("it-config-noapp").resources(resources).start();
    http = new Http(sidecar);
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow();
    }
    for (AutoCloseable c : new AutoCloseable[] {sidecar, noApp, app}) {
      if (c != null) {
        c.close();
      }
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static void set(String key, String value) {
    RedisWrites.set(redis, key, value);
  }

  private static void assertJson(HttpResponse<String> r, int status, String body) {
    assertThat(r.statusCode()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(body);
    if (!body.isEmpty()) {
      assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    }
  }

  @Test
  void httpGetAnswersItemsOr204() {
    set("h1", "one||1");
    set("h2", "two<&>");
    for (String v : new String[] {"/v1.0", "/v1.0-alpha1"}) {
      assertJson(http.get(v + "/configuration/cfg?key=h2&key=h1&key=missing"), 200,
          "{\"h1\":{\"value\":\"one\",\"version\":\"1\"},\"h2\":{\"value\":\"two\\u003c\\u0026\\u003e\"}}\n");
      HttpResponse<String> none = http.get(v + "/configuration/cfg?key=missing");
      assertThat(none.statusCode()).isEqualTo(204);
      assertThat(none.body()).isEmpty();
    }
  }

  @Test
  void httpErrorsAreDaprds() {
    assertJson(http.get("/v1.0/configuration/nope?key=a"), 400,
        "{\"errorCode\":\"ERR_CONFIGURATION_STORE_NOT_FOUND\",\"message\":\"configuration store nope not found\"}");
    assertJson(http.get("/v1.0-alpha1/configuration/nope/subscribe"), 400,
        "{\"errorCode\":\"ERR_CONFIGURATION_STORE_NOT_FOUND\",\"message\":\"configuration store nope not found\"}");
    assertJson(http.get("/v1.0/configuration/nope/some-id/unsubscribe"), 400,
        "{\"errorCode\":\"ERR_CONFIGURATION_STORE_NOT_FOUND\",\"message\":\"configuration store nope not found\"}");
    assertJson(http.get("/v1.0/configuration/cfg/some-id/unsubscribe"), 500,
        "{\"message\":\"failed to unsubscribe to configuration request some-id: subscription with id some-id "
            + "does not exist\"}\n");
    assertJson(new Http(noApp).get("/v1.0/configuration/cfg/subscribe?key=a"), 500,
        "{\"errorCode\":\"ERR_APP_CHANNEL_NIL\",\"message\":\"app channel is not initialized. cannot subscribe to "
            + "configuration updates\"}\n");
  }

  @Test
  void httpSubscriptionPushesUpdatesToTheApp() throws InterruptedException {
    HttpResponse<String> subscribed = http.get("/v1.0/configuration/cfg/subscribe?key=pushed");
    assertThat(subscribed.statusCode()).isEqualTo(200);
    assertThat(subscribed.body()).matches("\\{\"id\":\"[0-9a-f-]{36}\"}\n");
    String id = subscribed.body().substring(7, 43);
    set("pushed", "new||4");
    TestApp.Received got = app.await("/configuration/cfg/pushed", 1, WAIT).getFirst();
    assertThat(got.method()).isEqualTo("POST");
    assertThat(got.header("content-type")).isEqualTo("application/json");
    assertThat(got.body()).isEqualTo("{\"id\":\"" + id + "\",\"items\":{\"pushed\":{\"value\":\"new\",\"version\":"
        + "\"4\"}}}\n");
    assertJson(http.get("/v1.0-alpha1/configuration/cfg/" + id + "/unsubscribe"), 200, "{\"ok\":true}\n");
    set("pushed", "later||5");
    Thread.sleep(800);
    assertThat(app.requests("/configuration/cfg/pushed")).as("no update after unsubscribe").hasSize(1);
  }

  @Test
  void grpcGetAndErrors() {
    set("g1", "gee||7");
    GetConfigurationResponse got = dapr.getConfiguration(GetConfigurationRequest.newBuilder().setStoreName("cfg")
        .addKeys("g1").addKeys("absent").build());
    assertThat(got.getItemsMap()).containsOnlyKeys("g1");
    assertThat(got.getItemsMap().get("g1").getValue()).isEqualTo("gee");
    assertThat(got.getItemsMap().get("g1").getVersion()).isEqualTo("7");

    GrpcFailure missing = GrpcFailure.of(() -> dapr.getConfigurationAlpha1(GetConfigurationRequest.newBuilder()
        .setStoreName("nope").build()));
    assertThat(missing.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(missing.message()).isEqualTo("configuration store nope not found");
    assertThat(missing.detailTypes()).containsExactly("ErrorInfo");

    GrpcFailure subscribe = GrpcFailure.of(() -> dapr.subscribeConfiguration(SubscribeConfigurationRequest
        .newBuilder().setStoreName("nope").build()).hasNext());
    assertThat(subscribe.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(subscribe.message()).isEqualTo("configuration store nope not found");

    UnsubscribeConfigurationResponse unknown = dapr.unsubscribeConfiguration(UnsubscribeConfigurationRequest
        .newBuilder().setStoreName("cfg").setId("zz").build());
    assertThat(unknown).isEqualTo(UnsubscribeConfigurationResponse.newBuilder().setOk(false)
        .setMessage("failed to unsubscribe to configuration request zz: subscription does not exist").build());
  }

  @Test
  void grpcStreamGetsIdThenUpdatesAndEndsOnUnsubscribe() throws Exception {
    List<SubscribeConfigurationResponse> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Status> ended = new CompletableFuture<>();
    DaprGrpc.newStub(channel).subscribeConfiguration(SubscribeConfigurationRequest.newBuilder().setStoreName("cfg")
        .addKeys("streamed").build(), new StreamObserver<>() {
          @Override
          public void onNext(SubscribeConfigurationResponse value) {
            received.add(value);
          }

          @Override
          public void onError(Throwable t) {
            ended.complete(Status.fromThrowable(t));
          }

          @Override
          public void onCompleted() {
            ended.complete(Status.OK);
          }
        });
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (received.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(received).hasSize(1);
    String id = received.getFirst().getId();
    assertThat(received.getFirst().getItemsMap()).isEmpty();
    set("streamed", "s||1");
    while (received.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(received.get(1).getId()).isEqualTo(id);
    assertThat(received.get(1).getItemsMap().get("streamed").getValue()).isEqualTo("s");
    assertThat(received.get(1).getItemsMap().get("streamed").getVersion()).isEqualTo("1");

    assertThat(dapr.unsubscribeConfigurationAlpha1(UnsubscribeConfigurationRequest.newBuilder().setId(id).build())
        .getOk()).isTrue();
    assertThat(ended.get(10, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    assertThat(http.get("/v1.0/configuration/cfg/" + id + "/unsubscribe").statusCode())
        .as("the store has ended the subscription too").isEqualTo(500);
  }

  @Test
  void shutdownEndsTheStreamsAtOnce() throws Exception {
    SidecarProcess own = SidecarProcess.withAppId("it-config-stop").resources(resources).start();
    ManagedChannel ownChannel = GrpcFailure.channel(own);
    try {
      CompletableFuture<Status> ended = new CompletableFuture<>();
      List<SubscribeConfigurationResponse> received = new CopyOnWriteArrayList<>();
      DaprGrpc.newStub(ownChannel).subscribeConfiguration(SubscribeConfigurationRequest.newBuilder()
          .setStoreName("cfg").build(), new StreamObserver<>() {
            @Override
            public void onNext(SubscribeConfigurationResponse value) {
              received.add(value);
            }

            @Override
            public void onError(Throwable t) {
              ended.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
              ended.complete(Status.OK);
            }
          });
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (received.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(received).as("the id").hasSize(1);
      long start = System.nanoTime();
      own.stop();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no wait for the open stream to drain")
          .isLessThan(Duration.ofSeconds(4));
      assertThat(ended.get(5, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
    } finally {
      ownChannel.shutdownNow();
      own.close();
    }
  }
}
