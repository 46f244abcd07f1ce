package io.jdaprd.api.http.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.CommonPools;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpRequestWriter;
import com.linecorp.armeria.common.RequestHeaders;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link RequestBodyStream}: the whole body in order, a bounded read-ahead, failures and close. */
class RequestBodyStreamTest {
  private final EventExecutor loop = CommonPools.workerGroup().next();

  private static HttpRequestWriter request() {
    return HttpRequest.streaming(RequestHeaders.of(HttpMethod.POST, "/v1.0/invoke/x/method/y"));
  }

  @Test
  void readsEveryPieceInOrder() throws Exception {
    HttpRequestWriter req = request();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      String piece = "piece-" + i + ";";
      expected.append(piece);
      req.write(HttpData.ofUtf8(piece));
    }
    req.close();
    try (RequestBodyStream in = new RequestBodyStream(req, loop)) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(expected.toString());
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void asksForAtMostEightPiecesAheadOfTheReaderAndForFourMoreAfterFourAreRead() throws Exception {
    HttpRequestWriter req = request();
    try (RequestBodyStream in = new RequestBodyStream(req, loop)) {
      awaitDemand(req, RequestBodyStream.AHEAD);
      for (int i = 0; i < RequestBodyStream.AHEAD; i++) {
        req.write(HttpData.wrap(new byte[] {(byte) i}));
      }
      awaitDemand(req, 0);
      for (int i = 0; i < RequestBodyStream.BATCH - 1; i++) {
        assertThat(in.read()).isEqualTo(i);
      }
      awaitDemand(req, 0); // not one by one
      assertThat(in.read()).isEqualTo(RequestBodyStream.BATCH - 1);
      awaitDemand(req, RequestBodyStream.BATCH);
      for (int i = RequestBodyStream.AHEAD; i < 20; i++) {
        req.write(HttpData.wrap(new byte[] {(byte) i}));
      }
      req.close();
      for (int i = RequestBodyStream.BATCH; i < 20; i++) {
        assertThat(in.read()).isEqualTo(i);
      }
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void anAbortedRequestFailsTheRead() throws Exception {
    HttpRequestWriter req = request();
    req.write(HttpData.ofUtf8("a"));
    try (RequestBodyStream in = new RequestBodyStream(req, loop)) {
      assertThat(in.read()).isEqualTo('a');
      req.abort(new IllegalStateException("client went away"));
      assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("client went away");
    }
  }

  @Test
  void closeAbortsTheRequestAndEndsReads() throws Exception {
    HttpRequestWriter req = request();
    req.write(HttpData.ofUtf8("abc"));
    RequestBodyStream in = new RequestBodyStream(req, loop);
    loop.submit(in::close).get(5, TimeUnit.SECONDS);
    assertThat(req.whenComplete()).failsWithin(Duration.ofSeconds(5));
    assertThat(req.isOpen()).isFalse();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class);
  }

  private static void awaitDemand(HttpRequest req, long demand) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (req.demand() != demand && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(req.demand()).as("outstanding demand").isEqualTo(demand);
  }
}
