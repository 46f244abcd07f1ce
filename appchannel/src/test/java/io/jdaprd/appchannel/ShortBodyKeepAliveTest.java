package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.invoke.AppInvoker.AppCallFailure;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Short bodies over an HTTP/1.1 app channel. A short request body that streams in (the caller's HTTP body, or the
 * body of another sidecar's call), whose end is seen only after its last byte as with every streamed body: the calls
 * share their connections instead of opening one each (sent as a stream, the app answered once it had the announced
 * bytes, before the client saw the end of its request, and the client then closed the connection). A short answer is
 * whole when the call returns, so an answer the caller has not read yet does not hold a call slot of the app.
 */
class ShortBodyKeepAliveTest {
  private static final int CALLS = 30;

  private static TestHttpApp app;
  private static AppChannel channel;

  @BeforeAll
  static void start() {
    app = TestHttpApp.start();
    channel = AppChannels.create(new AppChannelSettings("http", null, app.port(), null, -1, Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() {
    channel.close();
    app.close();
  }

  private static InvokeRequest post(InputStream body, long length) {
    return new InvokeRequest("m", "POST", "", Map.of(), "application/octet-stream", new InvokeBody(body, length));
  }

  @Test
  void shortStreamedBodiesKeepTheConnection() throws Exception {
    app.clientPorts.clear();
    for (int i = 0; i < CALLS; i++) {
      byte[] data = new byte[1024];
      Arrays.fill(data, (byte) i);
      try (InvokeResponse response = channel.invoke(post(new EndAfterAPause(data), data.length))) {
        assertThat(response.status().code()).isEqualTo(200);
        response.body().readAll(1 << 20);
      }
      assertThat(app.nextRequest().content().array()).isEqualTo(data);
    }
    assertThat(app.clientPorts).as("connections the %d calls came in on", CALLS).hasSize(1);
  }

  @Test
  void aBodyShorterOrLongerThanAnnouncedFailsAsGosClientReportsIt() {
    String url = "http://127.0.0.1:" + app.port() + "/m";
    assertThatThrownBy(() -> channel.invoke(post(new EndAfterAPause(new byte[50]), 100)))
        .isInstanceOf(AppCallFailure.class)
        .hasMessage("Post \"" + url + "\": http: ContentLength=100 with Body length 50");
    assertThatThrownBy(() -> channel.invoke(post(new EndAfterAPause(new byte[150]), 100)))
        .isInstanceOf(AppCallFailure.class)
        .hasMessage("Post \"" + url + "\": http: ContentLength=100 with Body length 150");
  }

  @Test
  void aShortAnswerNotReadYetDoesNotHoldTheAppsOnlySlot() throws Exception {
    try (AppChannel single = AppChannels.create(new AppChannelSettings("http", null, app.port(), null, 1,
        Duration.ofSeconds(5)))) {
      app.answer(r -> HttpResponse.of(HttpStatus.OK, MediaType.PLAIN_TEXT_UTF_8, "answer " + r.path()));
      try (InvokeResponse unread = single.invoke(post(new EndAfterAPause(new byte[1]), 1))) {
        // The first answer is whole already: the second call gets the one slot at once.
        CompletableFuture<InvokeResponse> second = CompletableFuture.supplyAsync(() -> {
          try {
            return single.invoke(post(new EndAfterAPause(new byte[1]), 1));
          } catch (AppCallFailure e) {
            throw new IllegalStateException(e);
          }
        });
        try (InvokeResponse next = second.get(3, TimeUnit.SECONDS)) {
          assertThat(new String(next.body().readAll(1024), StandardCharsets.UTF_8)).isEqualTo("answer /m");
        }
        assertThat(new String(unread.body().readAll(1024), StandardCharsets.UTF_8)).isEqualTo("answer /m");
      } finally {
        app.answer(r -> HttpResponse.of(HttpStatus.OK));
      }
    }
  }

  /** A body whose bytes are there at once and whose end comes 20 ms later, as a stream's end signal does. */
  private static final class EndAfterAPause extends InputStream {
    private final byte[] data;
    private int next;

    EndAfterAPause(byte[] data) {
      this.data = data;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      if (next == data.length) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return -1;
      }
      int n = Math.min(len, data.length - next);
      System.arraycopy(data, next, b, off, n);
      next += n;
      return n;
    }
  }
}
