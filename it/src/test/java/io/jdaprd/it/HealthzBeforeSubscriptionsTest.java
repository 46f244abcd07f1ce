package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.grpc.ManagedChannel;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A new user's script: start the sidecar with an app that subscribes to {@code orders} on the in-memory pub/sub,
 * poll {@code /v1.0/healthz} until 204, publish at once. The in-memory broker drops an event that has no subscriber
 * yet, so the first 204 must come only once the app's subscriptions run; every start in the loop must deliver its
 * event, published over HTTP and over gRPC in turn.
 */
class HealthzBeforeSubscriptionsTest {
  private static final int STARTS = 4;
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String SUBSCRIBE = "[{\"pubsubname\":\"pubsub\",\"topic\":\"orders\",\"route\":\"/orders\"}]";

  @Test
  void anEventPublishedRightAfterTheFirst204IsDelivered() throws Exception {
    for (int start = 1; start <= STARTS; start++) {
      boolean overGrpc = start % 2 == 0;
      try (TestApp app = new TestApp(SUBSCRIBE);
          SidecarProcess sidecar = SidecarProcess.withAppId("it-healthz-subs")
              .resources(Locations.testResource("components/pubsub"))
              .args("--app-port", String.valueOf(app.port())).launch()) {
        awaitFirst204(sidecar);
        if (overGrpc) {
          ManagedChannel channel = GrpcFailure.channel(sidecar);
          try {
            GrpcFailure.stub(channel).publishEvent(PublishEventRequest.newBuilder().setPubsubName("pubsub")
                .setTopic("orders").setData(ByteString.copyFromUtf8("{\"start\":" + start + "}"))
                .setDataContentType("application/json").build());
          } finally {
            channel.shutdownNow();
          }
        } else {
          HttpResponse<String> published = new Http(sidecar).post("/v1.0/publish/pubsub/orders",
              "{\"start\":" + start + "}", "content-type", "application/json");
          assertThat(published.statusCode()).as("publish, start %d", start).isEqualTo(204);
        }
        assertThat(app.await("/orders", 1, WAIT)).as("the event of start %d (published over %s)", start,
            overGrpc ? "gRPC" : "HTTP").hasSize(1);
      }
    }
  }

  /** Polls healthz without pause, as a script would, until the first 204. */
  private static void awaitFirst204(SidecarProcess sidecar) {
    Http http = new Http(sidecar);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(sidecar.isAlive()).as("the sidecar runs; log %s", sidecar.log()).isTrue();
      try {
        if (http.get("/v1.0/healthz").statusCode() == 204) {
          return;
        }
      } catch (AssertionError notListeningYet) {
        Thread.onSpinWait();
      }
    }
    throw new AssertionError("healthz never answered 204; log " + sidecar.log());
  }
}
