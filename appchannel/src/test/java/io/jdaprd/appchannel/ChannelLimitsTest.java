package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Timeouts, an absent app, the concurrency limit, readiness, TLS and h2c, on real HTTP apps. */
class ChannelLimitsTest {

  static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void anAppThatNeverAnswersIsRetriedAfterTheTimeout() {
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel channel = AppChannels.create(new AppChannelSettings("http", null, app.port(), null, -1,
            Duration.ofMillis(300)))) {
      app.delay(Duration.ofSeconds(10));
      EventReply reply = channel.deliver(Events.delivery("/slow"));
      assertThat(reply.status()).isEqualTo(EventStatus.RETRY);
      assertThat(reply.reason()).contains("did not answer within 300 ms");
      assertThat(channel.deliverBulk(Events.batch("/slow", "a")).statuses()).containsValue(EventStatus.RETRY);
    }
  }

  @Test
  void anAppThatIsNotRunningIsRetried() throws Exception {
    try (AppChannel channel = AppChannels.create(new AppChannelSettings("http", null, closedPort(), null, -1,
        Duration.ofSeconds(2)))) {
      EventReply reply = channel.deliver(Events.delivery("/x"));
      assertThat(reply.status()).isEqualTo(EventStatus.RETRY);
      assertThat(reply.reason()).contains("not reachable at 127.0.0.1:");
    }
  }

  @Test
  void aSlowAppSeesAtMostMaxConcurrencyCalls() throws Exception {
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel channel = AppChannels.create(new AppChannelSettings("http", null, app.port(), null, 2,
            Duration.ofSeconds(10)));
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      app.delay(Duration.ofMillis(150));
      List<Future<EventReply>> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        replies.add(callers.submit(() -> channel.deliver(Events.delivery("/slow"))));
      }
      for (Future<EventReply> reply : replies) {
        assertThat(reply.get().status()).isEqualTo(EventStatus.SUCCESS);
      }
      assertThat(app.requests).hasSize(8);
      assertThat(app.maxInFlight.get()).isEqualTo(2);
    }
  }

  @Test
  void withoutALimitCallsRunTogether() throws Exception {
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel channel = AppChannels.create(new AppChannelSettings("http", null, app.port(), null, -1,
            Duration.ofSeconds(10)));
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      app.delay(Duration.ofMillis(300));
      List<Future<EventReply>> replies = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        replies.add(callers.submit(() -> channel.deliver(Events.delivery("/slow"))));
      }
      for (Future<EventReply> reply : replies) {
        reply.get();
      }
      assertThat(app.maxInFlight.get()).isGreaterThan(2);
    }
  }

  @Test
  void awaitReadyWaitsForTheAppsPort() throws Exception {
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel up = AppChannels.create(new AppChannelSettings("grpc", null, app.port(), null, -1, null));
        AppChannel down = AppChannels.create(new AppChannelSettings("http", null, closedPort(), null, -1, null))) {
      assertThat(up.awaitReady(Duration.ofSeconds(2))).isTrue();
      long start = System.nanoTime();
      assertThat(down.awaitReady(Duration.ofMillis(300))).isFalse();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }
  }

  @Test
  void awaitReadySucceedsOnceTheAppStartsListening() throws Exception {
    int port = closedPort();
    try (AppChannel channel = AppChannels.create(new AppChannelSettings("http", null, port, null, -1, null));
        ExecutorService waiter = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> ready = waiter.submit(() -> channel.awaitReady(Duration.ofSeconds(5)));
      Thread.sleep(200);
      assertThat(ready.isDone()).isFalse();
      try (ServerSocket listening = new ServerSocket(port)) {
        assertThat(ready.get()).isTrue();
      }
    }
  }

  @Test
  void httpsTrustsTheAppsSelfSignedCertificate() throws Exception {
    try (TestHttpApp app = TestHttpApp.startTls();
        AppChannel channel = AppChannels.create(new AppChannelSettings("https", null, app.port(), null, -1,
            Duration.ofSeconds(5)))) {
      app.answer(r -> HttpResponse.of(HttpStatus.OK));
      assertThat(channel.deliver(Events.delivery("/secure"))).isEqualTo(EventReply.SUCCESS);
      assertThat(app.nextRequest().path()).isEqualTo("/secure");
    }
  }

  @Test
  void h2cSpeaksHttp2WithoutTls() throws Exception {
    try (TestHttpApp app = TestHttpApp.start();
        AppChannel channel = AppChannels.create(new AppChannelSettings("h2c", null, app.port(), null, -1,
            Duration.ofSeconds(5)))) {
      app.answer(r -> HttpResponse.of(HttpStatus.NOT_FOUND));
      EventReply reply = channel.deliver(Events.delivery("/h2"));
      assertThat(reply.status()).isEqualTo(EventStatus.DROP);
      assertThat(app.nextRequest().headers().get(":scheme")).isEqualTo("http");
    }
  }

  @Test
  void settingsRejectWhatDaprdRejects() {
    assertThatThrownBy(() -> new AppChannelSettings("tcp", null, 80, null, -1, null))
        .hasMessage("protocol: tcp (expected: http, https, h2c, grpc or grpcs)");
    assertThatThrownBy(() -> new AppChannelSettings("http", null, 0, null, -1, null))
        .hasMessage("port: 0 (expected: 1 to 65535)");
    AppChannelSettings s = new AppChannelSettings("grpcs", " ", 50051, "secret", 0, null);
    assertThat(s.address()).isEqualTo("127.0.0.1");
    assertThat(s.maxConcurrency()).isEqualTo(-1);
    assertThat(s.callTimeout()).isEqualTo(AppChannelSettings.DEFAULT_CALL_TIMEOUT);
    assertThat(s.toString()).doesNotContain("secret");
  }
}
