package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.pubsub.delivery.EventReply;
import io.jdaprd.core.pubsub.delivery.EventStatus;
import io.jdaprd.spi.testkit.timing.Poll;
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
  /** How long a test waits for calls to reach the app: long enough for a loaded machine. */
  static final Duration WAIT = Duration.ofSeconds(20);
  /** How long calls are held at the limit so that a leaking limit would show. */
  static final long LEAK_WINDOW_MILLIS = 300;

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
            Duration.ofSeconds(30)));
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      app.holdAnswers();
      List<Future<EventReply>> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        replies.add(callers.submit(() -> channel.deliver(Events.delivery("/slow"))));
      }
      try {
        Poll.await("2 calls held in the app", WAIT, () -> app.inFlight.get() >= 2);
        // A limit that leaks lets a third caller in while two calls are held: give it the time to arrive.
        Thread.sleep(LEAK_WINDOW_MILLIS);
        assertThat(app.inFlight.get()).as("calls in the app while 2 are held").isEqualTo(2);
      } finally {
        app.releaseAnswers();
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
            Duration.ofSeconds(30)));
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      app.holdAnswers();
      List<Future<EventReply>> replies = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        replies.add(callers.submit(() -> channel.deliver(Events.delivery("/slow"))));
      }
      try {
        Poll.await("more than 2 of 4 calls held in the app at once", WAIT, () -> app.inFlight.get() > 2);
      } finally {
        app.releaseAnswers();
      }
      for (Future<EventReply> reply : replies) {
        assertThat(reply.get().status()).isEqualTo(EventStatus.SUCCESS);
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
