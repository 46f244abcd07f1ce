package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventRequest;
import io.dapr.v1.DaprAppCallbackProtos.BindingEventResponse;
import io.dapr.v1.DaprAppCallbackProtos.ListInputBindingsResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.bindings.BindingDeliveryException;
import io.jdaprd.core.bindings.BindingEventDelivery;
import io.jdaprd.core.bindings.BindingEventReply;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Input binding events through both app channels: the probe, the request daprd sends, and the answer rules. */
class BindingEventsTest {
  private static final BindingEventDelivery EVENT = new BindingEventDelivery("tick", "/in/tick",
      "{\"n\":1}".getBytes(StandardCharsets.UTF_8), Map.of("timeZone", "Local", "Content-Length", "9",
          "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));

  @Test
  void httpProbesWithOptionsAndTakesTheBindingOn2xxOr405() throws Exception {
    TestHttpApp app = TestHttpApp.start();
    try (AppChannel channel = AppChannels.create(new AppChannelSettings("http", null, app.port(), "app-secret", -1,
        Duration.ofSeconds(5)))) {
      for (int status : List.of(200, 204, 405, 404, 500)) {
        app.answer(r -> HttpResponse.of(HttpStatus.valueOf(status)));
        assertThat(channel.takesBinding("tick", "in/tick")).as("status %d", status)
            .isEqualTo(status / 100 == 2 || status == 405);
        AggregatedHttpRequest probe = app.nextRequest();
        assertThat(probe.method().name()).isEqualTo("OPTIONS");
        assertThat(probe.path()).isEqualTo("/in/tick");
      }
    } finally {
      app.close();
    }
  }

  @Test
  void httpPostsTheDataWithMetadataHeadersAndAnErrorCarriesTheAppsBody() throws Exception {
    TestHttpApp app = TestHttpApp.start();
    try (AppChannel channel = AppChannels.create(new AppChannelSettings("http", null, app.port(), "app-secret", -1,
        Duration.ofSeconds(5)))) {
      app.answer(r -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT, "thanks"));
      BindingEventReply reply = channel.deliverBindingEvent(EVENT);
      assertThat(new String(reply.body(), StandardCharsets.UTF_8)).isEqualTo("thanks");
      assertThat(reply.to()).as("daprd does not read an HTTP app's body for output bindings").isEmpty();
      AggregatedHttpRequest request = app.nextRequest();
      assertThat(request.method().name()).isEqualTo("POST");
      assertThat(request.path()).isEqualTo("/in/tick");
      assertThat(request.contentType().toString()).isEqualTo("application/json");
      assertThat(request.contentUtf8()).isEqualTo("{\"n\":1}");
      assertThat(request.headers().get("timezone")).isEqualTo("Local");
      assertThat(request.headers().get("traceparent")).startsWith("00-0af7651916cd43dd8448eb211c80319c-");
      assertThat(request.headers().get("dapr-api-token")).isEqualTo("app-secret");

      app.answer(r -> HttpResponse.of(HttpStatus.SERVICE_UNAVAILABLE, MediaType.PLAIN_TEXT, "busy"));
      assertThatThrownBy(() -> channel.deliverBindingEvent(EVENT)).isInstanceOf(BindingDeliveryException.class)
          .hasMessage("fails to send binding event to http app channel, status code: 503 body: busy");
    } finally {
      app.close();
    }
    AppChannel gone = AppChannels.create(new AppChannelSettings("http", null, 1, null, -1, Duration.ofSeconds(2)));
    assertThatThrownBy(() -> gone.deliverBindingEvent(EVENT)).hasMessageStartingWith("error invoking app: ");
    assertThatThrownBy(() -> gone.takesBinding("tick", "tick")).hasMessageStartingWith(
        "could not invoke OPTIONS method on input binding subscription endpoint \"tick\": ");
    gone.close();
  }

  /** A gRPC app that takes {@code tick}. */
  static final class BindingApp extends AppCallbackGrpc.AppCallbackImplBase {
    final AtomicInteger listed = new AtomicInteger();
    final BlockingQueue<BindingEventRequest> events = new LinkedBlockingQueue<>();
    final AtomicReference<Object> answer = new AtomicReference<>(BindingEventResponse.getDefaultInstance());

    @Override
    public void listInputBindings(Empty request, StreamObserver<ListInputBindingsResponse> out) {
      listed.incrementAndGet();
      out.onNext(ListInputBindingsResponse.newBuilder().addBindings("tick").build());
      out.onCompleted();
    }

    @Override
    public void onBindingEvent(BindingEventRequest request, StreamObserver<BindingEventResponse> out) {
      events.add(request);
      if (answer.get() instanceof Status s) {
        out.onError(s.asRuntimeException());
      } else {
        out.onNext((BindingEventResponse) answer.get());
        out.onCompleted();
      }
    }
  }

  @Test
  void grpcAsksListInputBindingsOnceAndDeliversOnBindingEvent() throws Exception {
    BindingApp app = new BindingApp();
    Server server = GrpcAppChannelTest.serve(false, app);
    try (AppChannel channel = GrpcAppChannelTest.channel(server, "grpc", null, -1, Duration.ofSeconds(5))) {
      assertThat(channel.takesBinding("tick", "tick")).isTrue();
      assertThat(channel.takesBinding("other", "other")).isFalse();
      assertThat(app.listed.get()).as("the list is asked once and kept, as daprd").isEqualTo(1);

      app.answer.set(BindingEventResponse.newBuilder().addTo("out").setData(ByteString.copyFromUtf8(
          "{\"b\":1, \"a\":\"<\"}")).setConcurrency(BindingEventResponse.BindingEventConcurrency.PARALLEL).build());
      BindingEventReply reply = channel.deliverBindingEvent(EVENT);
      BindingEventRequest sent = app.events.take();
      assertThat(sent.getName()).isEqualTo("tick");
      assertThat(sent.getData().toStringUtf8()).isEqualTo("{\"n\":1}");
      assertThat(sent.getMetadataMap()).containsEntry("timeZone", "Local");
      assertThat(reply.to()).containsExactly("out");
      assertThat(reply.parallel()).isTrue();
      assertThat(new String(reply.toData(), StandardCharsets.UTF_8)).as("re-encoded by Go")
          .isEqualTo("{\"a\":\"\\u003c\",\"b\":1}");

      app.answer.set(BindingEventResponse.newBuilder().addTo("out").setData(ByteString.copyFromUtf8("not json"))
          .build());
      assertThat(new String(channel.deliverBindingEvent(EVENT).toData(), StandardCharsets.UTF_8)).isEqualTo("null");

      app.answer.set(Status.INTERNAL.withDescription("app broke"));
      assertThatThrownBy(() -> channel.deliverBindingEvent(EVENT)).isInstanceOf(BindingDeliveryException.class)
          .hasMessageStartingWith("error invoking app: ").hasMessageContaining("app broke");
    } finally {
      server.stop().join();
    }
  }

  @Test
  void aGrpcAppWithoutListInputBindingsTakesNone() throws Exception {
    Server server = GrpcAppChannelTest.serve(false, new AppCallbackGrpc.AppCallbackImplBase() {
    });
    try (AppChannel channel = GrpcAppChannelTest.channel(server, "grpc", null, -1, Duration.ofSeconds(5))) {
      assertThat(channel.takesBinding("tick", "tick")).isFalse();
    } finally {
      server.stop().join();
    }
  }
}
