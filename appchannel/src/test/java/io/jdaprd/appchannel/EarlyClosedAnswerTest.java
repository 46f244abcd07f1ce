package io.jdaprd.appchannel;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An app's answer closed before it is read to the end (the caller went away), while the answer still streams in over
 * an h2c app channel: the other calls on the same connection go on. The answer is released on the connection's
 * event loop; released from the reading thread, it raced Armeria's HTTP/2 response decoder, whose failed write is
 * a connection error that ended every call on the connection.
 */
class EarlyClosedAnswerTest {
  private static final int CHUNK = 16 * 1024;
  private static final int CHUNKS = 128;

  private static TestHttpApp app;
  private static AppChannel channel;

  @BeforeAll
  static void start() {
    app = TestHttpApp.start();
    app.answer(r -> {
      HttpData[] chunks = new HttpData[CHUNKS];
      for (int i = 0; i < CHUNKS; i++) {
        chunks[i] = HttpData.wrap(new byte[CHUNK]);
      }
      return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK), StreamMessage.of(chunks));
    });
    channel = AppChannels.create(new AppChannelSettings("h2c", null, app.port(), null, -1, Duration.ofSeconds(5)));
  }

  @AfterAll
  static void stop() {
    channel.close();
    app.close();
  }

  private static InvokeRequest get(String method) {
    return new InvokeRequest(method, "GET", "", Map.of(), "", InvokeBody.empty());
  }

  @Test
  void answersClosedEarlyLeaveTheOtherCallsOnTheConnectionAlone() throws Exception {
    try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int round = 0; round < 20; round++) {
        List<CompletableFuture<Integer>> whole = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          whole.add(CompletableFuture.supplyAsync(() -> readAll(), callers));
        }
        List<CompletableFuture<Void>> abandoned = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          abandoned.add(CompletableFuture.runAsync(EarlyClosedAnswerTest::readSomeAndClose, callers));
        }
        abandoned.forEach(CompletableFuture::join);
        for (CompletableFuture<Integer> call : whole) {
          assertThat(call.join()).as("round %d: the whole answer of a call beside the abandoned ones", round)
              .isEqualTo(CHUNK * CHUNKS);
        }
      }
    }
  }

  private static int readAll() {
    try (InvokeResponse response = channel.invoke(get("whole"));
        InputStream in = response.body().stream()) {
      return in.readAllBytes().length;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void readSomeAndClose() {
    try (InvokeResponse response = channel.invoke(get("abandoned"))) {
      response.body().stream().readNBytes(CHUNK);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
