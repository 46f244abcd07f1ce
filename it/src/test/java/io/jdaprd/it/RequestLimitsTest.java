package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsResponseAlpha1;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.CommonProtos.StateItem;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Security review (issue #15): the request limits on both transports, with daprd's answers. A sidecar started with
 * {@code --max-body-size 64Ki --read-buffer-size 16Ki}: an HTTP body over the limit is 400 {@code ERR_BODY_READ}, a
 * gRPC message over it {@code RESOURCE_EXHAUSTED}; HTTP headers up to the read buffer plus Go's 4 KiB of slack pass
 * and beyond that the answer is Go's plain 431; gRPC metadata well past Armeria's own 8 KiB default passes (daprd
 * allows the read buffer shifted by 10 bits); and, as grpc-go sets no cap on concurrent streams, 300 streams held
 * open on one connection leave room for one more call.
 */
class RequestLimitsTest {
  private static final int MAX_BODY = 64 << 10;
  private static SidecarProcess sidecar;
  private static ManagedChannel channel;

  @BeforeAll
  static void start() {
    sidecar = SidecarProcess.withAppId("it-limits").resources(Locations.testResource("components/pubsub"))
        .args("--max-body-size", "64Ki", "--read-buffer-size", "16Ki").start();
    channel = GrpcFailure.channel(sidecar);
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
  }

  @Test
  void httpBodyOverTheLimitIsErrBodyRead() {
    HttpResponse<String> r = new Http(sidecar).post("/v1.0/metadata/k", "x".repeat(MAX_BODY + 1));

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"errorCode\":\"ERR_BODY_READ\"");
  }

  @Test
  void grpcMessageOverTheLimitIsResourceExhausted() {
    SaveStateRequest big = SaveStateRequest.newBuilder().setStoreName("statestore").addStates(StateItem.newBuilder()
        .setKey("k").setValue(ByteString.copyFromUtf8("x".repeat(MAX_BODY)))).build();

    GrpcFailure f = GrpcFailure.of(() -> GrpcFailure.stub(channel).saveState(big));

    assertThat(f.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(f.message()).isEqualTo("grpc: received message larger than max (" + big.getSerializedSize()
        + " vs. " + MAX_BODY + ")");
  }

  @Test
  void httpHeadersUpToTheReadBufferPassAndBeyondAre431() throws IOException {
    assertThat(rawGet("x-big: " + "a".repeat(18 << 10))).startsWith("HTTP/1.1 200");

    String refused = rawGet("x-big: " + "a".repeat(24 << 10));
    assertThat(refused).startsWith("HTTP/1.1 431");
    assertThat(refused).containsIgnoringCase("content-type: text/plain; charset=utf-8");
    assertThat(refused).endsWith("\r\n\r\n431 Request Header Fields Too Large");
  }

  @Test
  void dotsInTheQueryAreTheHandlersAndADotDotPathSegmentIsAMalformedRequest() throws IOException {
    assertThat(rawGet("/v1.0/metadata?metadata.ttlInSeconds=..&=&=", "X-Plain: 1")).startsWith("HTTP/1.1 200");

    String refused = rawGet("/v1.0/state/statestore/..%2Fkey", "X-Plain: 1");
    assertThat(refused).startsWith("HTTP/1.1 400");
    assertThat(refused).endsWith("\r\n\r\n{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":\"invalid request path\"}");
  }

  @Test
  void grpcMetadataPastEightKibibytesPasses() {
    DaprGrpc.DaprBlockingStub dapr = GrpcFailure.stub(channel, "x-big", "a".repeat(64 << 10));

    assertThat(dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getId()).isEqualTo("it-limits");
  }

  @Test
  void manyConcurrentStreamsOnOneConnection() throws Exception {
    DaprGrpc.DaprStub async = DaprGrpc.newStub(channel);
    List<StreamObserver<SubscribeTopicEventsRequestAlpha1>> open = new ArrayList<>();
    try {
      for (int i = 0; i < 300; i++) {
        open.add(async.subscribeTopicEventsAlpha1(new StreamObserver<SubscribeTopicEventsResponseAlpha1>() {
          @Override
          public void onNext(SubscribeTopicEventsResponseAlpha1 value) {
          }

          @Override
          public void onError(Throwable t) {
          }

          @Override
          public void onCompleted() {
          }
        }));
      }
      DaprGrpc.DaprBlockingStub dapr = GrpcFailure.stub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

      assertThat(dapr.getMetadata(GetMetadataRequest.getDefaultInstance()).getId()).isEqualTo("it-limits");
    } finally {
      open.forEach(o -> o.onError(Status.CANCELLED.asException()));
    }
  }

  /**
   * One HTTP/1.1 GET of {@code /v1.0/metadata} with an extra header line; the answer as text (its body by
   * {@code Content-Length}, else up to the close).
   */
  private static String rawGet(String headerLine) throws IOException {
    return rawGet("/v1.0/metadata", headerLine);
  }

  /** As {@link #rawGet(String)}, of {@code target} as written (no client normalises it). */
  private static String rawGet(String target, String headerLine) throws IOException {
    try (Socket s = new Socket("127.0.0.1", sidecar.httpPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headerLine
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      StringBuilder head = new StringBuilder();
      int b;
      while (!head.toString().endsWith("\r\n\r\n") && (b = in.read()) >= 0) {
        head.append((char) b);
      }
      int length = -1;
      for (String line : head.toString().split("\r\n")) {
        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = length < 0 ? in.readAllBytes() : in.readNBytes(length);
      return head + new String(body, StandardCharsets.ISO_8859_1);
    }
  }
}
