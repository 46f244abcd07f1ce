package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Empty;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.dapr.v1.AppCallbackAlphaGrpc;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.DaprAppCallbackProtos.BulkSubscribeConfig;
import io.dapr.v1.DaprAppCallbackProtos.ListTopicSubscriptionsResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventBulkResponseEntry;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse.TopicEventResponseStatus;
import io.dapr.v1.DaprAppCallbackProtos.TopicEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.TopicRoutes;
import io.dapr.v1.DaprAppCallbackProtos.TopicRule;
import io.dapr.v1.DaprAppCallbackProtos.TopicSubscription;
import io.grpc.BindableService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.appchannel.AppChannelException;
import io.jdaprd.core.pubsub.delivery.BulkEventReply;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import io.jdaprd.core.pubsub.routing.BulkSubscribeSpec;
import io.jdaprd.core.pubsub.routing.RouteRule;
import io.jdaprd.spi.testkit.timing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The gRPC channel against real {@code AppCallback} services served by Armeria. */
class GrpcAppChannelTest {

  /** A gRPC app whose answers the test sets; it records requests and their metadata. */
  static class App extends AppCallbackGrpc.AppCallbackImplBase {
    final BlockingQueue<TopicEventRequest> events = new LinkedBlockingQueue<>();
    final BlockingQueue<Map<String, String>> metadata = new LinkedBlockingQueue<>();
    final AtomicReference<Object> answer = new AtomicReference<>(TopicEventResponseStatus.SUCCESS);
    final AtomicInteger bulkCalls = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile long delayMillis;
    /** Every answer not yet sent waits (at most 30 s) until this opens. */
    volatile CountDownLatch gate = new CountDownLatch(0);
    volatile ListTopicSubscriptionsResponse subscriptions = ListTopicSubscriptionsResponse.getDefaultInstance();

    private void record() {
      Map<String, String> headers = new java.util.HashMap<>();
      ServiceRequestContext.current().request().headers()
          .forEach((k, v) -> headers.put(k.toString(), v));
      metadata.add(headers);
    }

    @Override
    public void listTopicSubscriptions(Empty request, StreamObserver<ListTopicSubscriptionsResponse> out) {
      record();
      out.onNext(subscriptions);
      out.onCompleted();
    }

    @Override
    public void onTopicEvent(TopicEventRequest request, StreamObserver<TopicEventResponse> out) {
      record();
      events.add(request);
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        Thread.sleep(delayMillis);
        gate.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
      if (answer.get() instanceof Status s) {
        out.onError(s.asRuntimeException());
      } else if (answer.get() instanceof TopicEventResponseStatus status) {
        out.onNext(TopicEventResponse.newBuilder().setStatus(status).build());
        out.onCompleted();
      }
    }

    @Override
    public void onBulkTopicEvent(TopicEventBulkRequest request, StreamObserver<TopicEventBulkResponse> out) {
      bulkCalls.incrementAndGet();
      out.onNext(bulkAnswer(request));
      out.onCompleted();
    }
  }

  /** Only the alpha bulk method, as older SDKs have it. */
  static final class AlphaApp extends AppCallbackAlphaGrpc.AppCallbackAlphaImplBase {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void onBulkTopicEventAlpha1(TopicEventBulkRequest request, StreamObserver<TopicEventBulkResponse> out) {
      calls.incrementAndGet();
      out.onNext(bulkAnswer(request));
      out.onCompleted();
    }
  }

  /** The first entry succeeds, the second is dropped, the others are not answered. */
  static TopicEventBulkResponse bulkAnswer(TopicEventBulkRequest request) {
    TopicEventBulkResponse.Builder response = TopicEventBulkResponse.newBuilder();
    for (int i = 0; i < Math.min(2, request.getEntriesCount()); i++) {
      response.addStatuses(TopicEventBulkResponseEntry.newBuilder().setEntryId(request.getEntries(i).getEntryId())
          .setStatus(i == 0 ? TopicEventResponseStatus.SUCCESS : TopicEventResponseStatus.DROP));
    }
    return response.build();
  }

  static Server serve(boolean tls, BindableService... services) {
    var grpc = GrpcService.builder().useBlockingTaskExecutor(true);
    for (BindableService s : services) {
      grpc.addService(s);
    }
    var builder = Server.builder().localPort(0, tls ? SessionProtocol.HTTPS : SessionProtocol.HTTP)
        .gracefulShutdownTimeout(Duration.ZERO, Duration.ZERO).service(grpc.build());
    if (tls) {
      builder.tlsSelfSigned();
    }
    Server server = builder.build();
    server.start().join();
    return server;
  }

  static AppChannel channel(Server server, String protocol, String token, int maxConcurrency, Duration timeout) {
    return AppChannels.create(new AppChannelSettings(protocol, null, server.activeLocalPort(), token,
        maxConcurrency, timeout));
  }

  @Test
  void deliversTheEventAsTopicEventRequestWithMetadata() throws Exception {
    App app = new App();
    Server server = serve(false, app);
    try (AppChannel channel = channel(server, "grpc", "app-secret", -1, Duration.ofSeconds(5))) {
      assertThat(channel.deliver(Events.delivery("orders-route"))).isEqualTo(EventReply.SUCCESS);

      TopicEventRequest request = app.events.take();
      assertThat(request.getId()).isEqualTo("e1");
      assertThat(request.getSource()).isEqualTo("publisher");
      assertThat(request.getType()).isEqualTo("com.dapr.event.sent");
      assertThat(request.getSpecVersion()).isEqualTo("1.0");
      assertThat(request.getDataContentType()).isEqualTo("application/json");
      assertThat(request.getData().toStringUtf8()).isEqualTo("{\"orderId\":1}");
      assertThat(request.getTopic()).isEqualTo("orders");
      assertThat(request.getPubsubName()).isEqualTo("pubsub");
      assertThat(request.getPath()).isEqualTo("orders-route");
      assertThat(request.getExtensions().getFieldsMap()).containsOnlyKeys("topic", "pubsubname", "traceparent",
          "tracestate", "traceid");
      Map<String, String> metadata = app.metadata.take();
      assertThat(metadata).containsEntry("dapr-api-token", "app-secret").containsEntry("pubsubname", "pubsub")
          .containsEntry("traceparent", Events.TRACEPARENT).containsEntry("tracestate", "k=v")
          .containsKey("grpc-trace-bin");
    } finally {
      server.stop().join();
    }
  }

  @Test
  void repliesAndErrorsFollowDaprsRules() {
    App app = new App();
    Server server = serve(false, app);
    try (AppChannel channel = channel(server, "grpc", null, -1, Duration.ofSeconds(5))) {
      app.answer.set(TopicEventResponseStatus.RETRY);
      assertThat(channel.deliver(Events.delivery("/p")).status()).isEqualTo(EventStatus.RETRY);
      app.answer.set(TopicEventResponseStatus.DROP);
      assertThat(channel.deliver(Events.delivery("/p"))).extracting(EventReply::status, EventReply::deadLetter)
          .containsExactly(EventStatus.DROP, true);
      app.answer.set(Status.UNIMPLEMENTED);
      assertThat(channel.deliver(Events.delivery("/p"))).extracting(EventReply::status, EventReply::deadLetter)
          .containsExactly(EventStatus.DROP, false);
      app.answer.set(Status.INTERNAL.withDescription("handler failed"));
      EventReply internal = channel.deliver(Events.delivery("/p"));
      assertThat(internal.status()).isEqualTo(EventStatus.RETRY);
      assertThat(internal.reason()).contains("INTERNAL").contains("handler failed");
      assertThat(app.metadata.poll()).doesNotContainKey("dapr-api-token");
    } finally {
      server.stop().join();
    }
  }

  @Test
  void anAppWithoutOnTopicEventDropsWithoutDeadLetter() {
    Server server = serve(false, new AlphaApp());
    try (AppChannel channel = channel(server, "grpc", null, -1, Duration.ofSeconds(5))) {
      EventReply reply = channel.deliver(Events.delivery("/p"));
      assertThat(reply.status()).isEqualTo(EventStatus.DROP);
      assertThat(reply.deadLetter()).isFalse();
      assertThat(channel.topicSubscriptions()).isEmpty();
    } catch (AppChannelException e) {
      throw new AssertionError(e);
    } finally {
      server.stop().join();
    }
  }

  @Test
  void timeoutAndAbsentAppAreRetried() throws Exception {
    App app = new App();
    app.delayMillis = 3_000;
    Server server = serve(false, app);
    try (AppChannel channel = channel(server, "grpc", null, -1, Duration.ofMillis(300))) {
      EventReply reply = channel.deliver(Events.delivery("/p"));
      assertThat(reply.status()).isEqualTo(EventStatus.RETRY);
      assertThat(reply.reason()).contains("did not answer within 300 ms");
    } finally {
      server.stop().join();
    }
    try (AppChannel absent = AppChannels.create(new AppChannelSettings("grpc", null, ChannelLimitsTest.closedPort(),
        null, -1, Duration.ofSeconds(2)))) {
      EventReply reply = absent.deliver(Events.delivery("/p"));
      assertThat(reply.status()).isEqualTo(EventStatus.RETRY);
      assertThat(reply.reason()).contains("not reachable");
      assertThatThrownBy(absent::topicSubscriptions).isInstanceOf(AppChannelException.class);
    }
  }

  @Test
  void maxConcurrencyBoundsCallsIntoTheApp() throws Exception {
    App app = new App();
    app.gate = new CountDownLatch(1);
    Server server = serve(false, app);
    try (AppChannel channel = channel(server, "grpc", null, 3, Duration.ofSeconds(30));
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<EventReply>> replies = new java.util.ArrayList<>();
      for (int i = 0; i < 9; i++) {
        replies.add(callers.submit(() -> channel.deliver(Events.delivery("/p"))));
      }
      try {
        Poll.await("3 calls held in the app", ChannelLimitsTest.WAIT, () -> app.inFlight.get() >= 3);
        // A limit that leaks lets a fourth caller in while three calls are held: give it the time to arrive.
        Thread.sleep(ChannelLimitsTest.LEAK_WINDOW_MILLIS);
        assertThat(app.inFlight.get()).as("calls in the app while 3 are held").isEqualTo(3);
      } finally {
        app.gate.countDown();
      }
      for (Future<EventReply> reply : replies) {
        assertThat(reply.get().status()).isEqualTo(EventStatus.SUCCESS);
      }
      assertThat(app.maxInFlight.get()).isEqualTo(3);
    } finally {
      server.stop().join();
    }
  }

  @Test
  void readsSubscriptions() throws Exception {
    App app = new App();
    app.subscriptions = ListTopicSubscriptionsResponse.newBuilder()
        .addSubscriptions(TopicSubscription.newBuilder().setPubsubName("pubsub").setTopic("plain"))
        .addSubscriptions(TopicSubscription.newBuilder().setPubsubName("pubsub").setTopic("routed")
            .setRoutes(TopicRoutes.newBuilder().addRules(TopicRule.newBuilder().setMatch("event.type == 'x'")
                .setPath("/x")).setDefault("/rest"))
            .putMetadata("rawPayload", "true").setDeadLetterTopic("dead")
            .setBulkSubscribe(BulkSubscribeConfig.newBuilder().setEnabled(true).setMaxMessagesCount(5)))
        .build();
    Server server = serve(false, app);
    try (AppChannel channel = channel(server, "grpc", "app-secret", -1, Duration.ofSeconds(5))) {
      var subscriptions = channel.topicSubscriptions();
      assertThat(subscriptions).hasSize(2);
      assertThat(subscriptions.get(0).rules()).containsExactly(new RouteRule("", ""));
      assertThat(subscriptions.get(0).defaultPath()).isEmpty();
      assertThat(subscriptions.get(0).bulk()).isEqualTo(BulkSubscribeSpec.OFF);
      assertThat(subscriptions.get(1).rules()).containsExactly(new RouteRule("event.type == 'x'", "/x"));
      assertThat(subscriptions.get(1).defaultPath()).isEqualTo("/rest");
      assertThat(subscriptions.get(1).metadata()).containsEntry("rawPayload", "true");
      assertThat(subscriptions.get(1).deadLetterTopic()).isEqualTo("dead");
      assertThat(subscriptions.get(1).bulk()).isEqualTo(new BulkSubscribeSpec(true, 5, 1000));
      assertThat(app.metadata.take()).containsEntry("dapr-api-token", "app-secret");
    } finally {
      server.stop().join();
    }
  }

  @Test
  void bulkUsesOnBulkTopicEvent() {
    App app = new App();
    Server server = serve(false, app);
    try (AppChannel channel = channel(server, "grpc", null, -1, Duration.ofSeconds(5))) {
      BulkEventReply reply = channel.deliverBulk(Events.batch("/bulk", "a", "b", "c"));
      assertThat(reply.statuses()).containsExactlyInAnyOrderEntriesOf(Map.of("a", EventStatus.SUCCESS,
          "b", EventStatus.DROP, "c", EventStatus.RETRY));
      assertThat(app.bulkCalls.get()).isEqualTo(1);
    } finally {
      server.stop().join();
    }
  }

  @Test
  void bulkFallsBackToAlpha1AndRemembers() {
    App app = new App() {
      @Override
      public void onBulkTopicEvent(TopicEventBulkRequest request, StreamObserver<TopicEventBulkResponse> out) {
        bulkCalls.incrementAndGet();
        out.onError(Status.UNIMPLEMENTED.asRuntimeException());
      }
    };
    AlphaApp alpha = new AlphaApp();
    Server server = serve(true, app, alpha);
    try (AppChannel channel = channel(server, "grpcs", null, -1, Duration.ofSeconds(5))) {
      for (int i = 0; i < 2; i++) {
        assertThat(channel.deliverBulk(Events.batch("/bulk", "a", "b")).statuses())
            .containsExactlyInAnyOrderEntriesOf(Map.of("a", EventStatus.SUCCESS, "b", EventStatus.DROP));
      }
      assertThat(app.bulkCalls.get()).isEqualTo(1);
      assertThat(alpha.calls.get()).isEqualTo(2);
    } finally {
      server.stop().join();
    }
  }

  @Test
  void bulkToAnAppWithNeitherMethodDropsAll() {
    Server server = serve(false, new AppCallbackGrpc.AppCallbackImplBase() { });
    try (AppChannel channel = channel(server, "grpc", null, -1, Duration.ofSeconds(5))) {
      assertThat(channel.deliverBulk(Events.batch("/bulk", "a", "b")).statuses())
          .containsExactlyInAnyOrderEntriesOf(Map.of("a", EventStatus.DROP, "b", EventStatus.DROP));
    } finally {
      server.stop().join();
    }
  }
}
