package io.jdaprd.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.core.invoke.Forwarding;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import io.jdaprd.core.invoke.LocalCallGate;
import io.jdaprd.proto.internals.v1.InternalInvokeRequestStream;
import io.jdaprd.proto.internals.v1.InternalInvokeResponse;
import io.jdaprd.proto.internals.v1.InternalInvokeResponseStream;
import io.jdaprd.proto.internals.v1.ServiceInvocationGrpc;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BodyChunks}, and the payload messages {@link InternalClient} and {@link InternalServer} send with it: whole
 * chunks of {@code CHUNK} bytes up to the end of the body's stream, a small body of known length in the leading
 * message, read into a buffer no larger than the body.
 */
class BodyChunksTest {
  private static final int CHUNK = InternalClient.CHUNK;

  private final List<Server> servers = new ArrayList<>();
  private final InternalClient client = new InternalClient(4L << 20);

  @AfterEach
  void stop() {
    servers.forEach(Server::closeAsync);
    client.close();
  }

  @Test
  void aSmallBodyOfKnownLengthIsOneChunkReadIntoABufferOfItsLength() throws IOException {
    PatternBody body = new PatternBody(1000, Integer.MAX_VALUE);
    List<ByteString> chunks = all(new BodyChunks(body, 1000));
    assertThat(chunks).extracting(ByteString::size).containsExactly(1000);
    assertThat(chunks.getFirst()).isEqualTo(PatternBody.bytes(0, 1000));
    assertThat(body.largestBuffer).isEqualTo(1000);
  }

  @Test
  void anEmptyBodyIsNoChunkAndNeedsNoBuffer() throws IOException {
    PatternBody body = new PatternBody(0, Integer.MAX_VALUE);
    assertThat(all(new BodyChunks(body, 0))).isEmpty();
    assertThat(body.largestBuffer).isZero();
  }

  @Test
  void aSmallBodyOfUnknownLengthStaysInTheFirstBuffer() throws IOException {
    PatternBody body = new PatternBody(1000, Integer.MAX_VALUE);
    assertThat(all(new BodyChunks(body, -1))).containsExactly(PatternBody.bytes(0, 1000));
    assertThat(body.largestBuffer).isEqualTo(BodyChunks.START);
  }

  @Test
  void aLongBodyOfUnknownLengthIsCutIntoWholeChunksThoughItArrivesInPieces() throws IOException {
    PatternBody body = new PatternBody(2L * CHUNK + 10, 1000);
    List<ByteString> chunks = all(new BodyChunks(body, -1));
    assertThat(chunks).extracting(ByteString::size).containsExactly(CHUNK, CHUNK, 10);
    assertThat(ByteString.copyFrom(chunks)).isEqualTo(PatternBody.bytes(0, 2 * CHUNK + 10));
    assertThat(body.largestBuffer).isEqualTo(CHUNK);
  }

  @Test
  void theChunksOfBodiesOfKnownLengthAreWholeToo() throws IOException {
    assertThat(all(new BodyChunks(new PatternBody(CHUNK, 7), CHUNK))).containsExactly(PatternBody.bytes(0, CHUNK));
    assertThat(all(new BodyChunks(new PatternBody(3L * CHUNK, 999), 3L * CHUNK))).extracting(ByteString::size)
        .containsExactly(CHUNK, CHUNK, CHUNK);
    assertThat(all(new BodyChunks(new PatternBody(CHUNK, 7), -1))).containsExactly(PatternBody.bytes(0, CHUNK));
  }

  @Test
  void theStreamsEndDecidesWhenTheAnnouncedLengthIsWrong() throws IOException {
    List<ByteString> longer = all(new BodyChunks(new PatternBody(CHUNK + 5L, 100), 100));
    assertThat(longer).extracting(ByteString::size).containsExactly(CHUNK, 5);
    assertThat(ByteString.copyFrom(longer)).isEqualTo(PatternBody.bytes(0, CHUNK + 5));
    assertThat(all(new BodyChunks(new PatternBody(3, 100), 0))).containsExactly(PatternBody.bytes(0, 3));
    assertThat(all(new BodyChunks(new PatternBody(50, 100), 100))).containsExactly(PatternBody.bytes(0, 50));
  }

  @Test
  void theClientSendsASmallBodyInTheLeadingMessageAlone() throws Exception {
    List<InternalInvokeRequestStream> sent = new CopyOnWriteArrayList<>();
    PatternBody body = new PatternBody(1000, Integer.MAX_VALUE);
    call(recordingCallee(sent), body, 1000);
    assertThat(sent).hasSize(1);
    assertThat(sent.getFirst().hasRequest()).isTrue();
    assertThat(sent.getFirst().getPayload().getSeq()).isZero();
    assertThat(sent.getFirst().getPayload().getData()).isEqualTo(PatternBody.bytes(0, 1000));
    assertThat(body.largestBuffer).isEqualTo(1000);
  }

  @Test
  void theClientSendsAnEmptyBodyAsTheLeadingMessageWithoutPayload() throws Exception {
    List<InternalInvokeRequestStream> sent = new CopyOnWriteArrayList<>();
    PatternBody body = new PatternBody(0, Integer.MAX_VALUE);
    call(recordingCallee(sent), body, 0);
    assertThat(sent).hasSize(1);
    assertThat(sent.getFirst().hasRequest()).isTrue();
    assertThat(sent.getFirst().hasPayload()).isFalse();
    assertThat(body.largestBuffer).isZero();
  }

  @Test
  void theClientSendsALongBodyOfUnknownLengthInChunksAfterTheLeadingMessage() throws Exception {
    List<InternalInvokeRequestStream> sent = new CopyOnWriteArrayList<>();
    call(recordingCallee(sent), new PatternBody(2L * CHUNK + 10, 4096), -1);
    assertThat(sent).hasSize(4);
    assertThat(sent.getFirst().hasRequest()).isTrue();
    assertThat(sent.getFirst().hasPayload()).isFalse();
    List<ByteString> data = new ArrayList<>();
    for (int i = 1; i < sent.size(); i++) {
      assertThat(sent.get(i).hasRequest()).isFalse();
      assertThat(sent.get(i).getPayload().getSeq()).isEqualTo(i - 1);
      data.add(sent.get(i).getPayload().getData());
    }
    assertThat(data).extracting(ByteString::size).containsExactly(CHUNK, CHUNK, 10);
    assertThat(ByteString.copyFrom(data)).isEqualTo(PatternBody.bytes(0, 2 * CHUNK + 10));
  }

  @Test
  void theServerAnswersASmallBodyInTheLeadingMessageAlone() throws Exception {
    PatternBody body = new PatternBody(1000, Integer.MAX_VALUE);
    List<InternalInvokeResponseStream> answers = answersOf(new InvokeBody(body, 1000));
    assertThat(answers).hasSize(1);
    assertThat(answers.getFirst().getResponse().getStatus().getCode()).isEqualTo(200);
    assertThat(answers.getFirst().getPayload().getSeq()).isZero();
    assertThat(answers.getFirst().getPayload().getData()).isEqualTo(PatternBody.bytes(0, 1000));
    assertThat(body.largestBuffer).isEqualTo(1000);
  }

  @Test
  void theServerAnswersALongBodyOfUnknownLengthInChunksAfterTheLeadingMessage() throws Exception {
    List<InternalInvokeResponseStream> answers = answersOf(new InvokeBody(new PatternBody(2L * CHUNK + 10, 4096),
        -1));
    assertThat(answers).hasSize(4);
    assertThat(answers.getFirst().hasResponse()).isTrue();
    assertThat(answers.getFirst().hasPayload()).isFalse();
    assertThat(answers.subList(1, 4)).extracting(a -> a.getPayload().getSeq()).containsExactly(0L, 1L, 2L);
    assertThat(answers.subList(1, 4)).extracting(a -> a.getPayload().getData().size())
        .containsExactly(CHUNK, CHUNK, 10);
  }

  private static List<ByteString> all(BodyChunks chunks) throws IOException {
    List<ByteString> all = new ArrayList<>();
    for (ByteString chunk = chunks.next(); !chunk.isEmpty(); chunk = chunks.next()) {
      all.add(chunk);
    }
    assertThat(chunks.next()).isEmpty();
    return all;
  }

  private String serve(GrpcService service) {
    Server server = Server.builder().http(0).requestTimeoutMillis(0).service(service).build();
    server.start().join();
    servers.add(server);
    return "127.0.0.1:" + server.activeLocalPort();
  }

  /** A callee that records the messages of each {@code CallLocalStream} and answers 200 once the caller is done. */
  private String recordingCallee(List<InternalInvokeRequestStream> sent) {
    return serve(GrpcService.builder().addService(new ServiceInvocationGrpc.ServiceInvocationImplBase() {
      @Override
      public StreamObserver<InternalInvokeRequestStream> callLocalStream(
          StreamObserver<InternalInvokeResponseStream> responses) {
        return new StreamObserver<>() {
          @Override
          public void onNext(InternalInvokeRequestStream message) {
            sent.add(message);
          }

          @Override
          public void onError(Throwable t) {
            // the call failed; the test sees it in the caller
          }

          @Override
          public void onCompleted() {
            responses.onNext(InternalInvokeResponseStream.newBuilder().setResponse(InternalInvokeResponse
                .newBuilder().setStatus(io.jdaprd.proto.internals.v1.Status.newBuilder().setCode(200))).build());
            responses.onCompleted();
          }
        };
      }
    }).build());
  }

  private void call(String address, InputStream body, long length) throws Exception {
    InvokeRequest request = new InvokeRequest("m", "POST", "", Map.of(), "application/octet-stream",
        new InvokeBody(body, length));
    try (InvokeResponse response = client.invoke(address, "b", "default", request)) {
      assertThat(response.status().code()).isEqualTo(200);
      assertThat(response.body().stream().readAllBytes()).isEmpty();
    }
  }

  /** The messages an internal server sends for a call whose app answers 200 with {@code body}. */
  private List<InternalInvokeResponseStream> answersOf(InvokeBody body) throws Exception {
    InvokeBlock callee = new InvokeBlock("b", "default", request -> new InvokeResponse(InvokeStatus.http(200),
        Map.of(), Map.of(), "application/octet-stream", body), (id, ns) -> {
          throw new AssertionError("the callee resolves nothing");
        }, client, LocalCallGate.OPEN, Forwarding.NONE);
    String address = serve(InternalServer.service(callee, 4L << 20));
    var stub = GrpcClients.newClient("http://" + address, ServiceInvocationGrpc.ServiceInvocationStub.class);
    AnswerRecorder recorder = new AnswerRecorder();
    StreamObserver<InternalInvokeRequestStream> requests = stub.callLocalStream(recorder);
    requests.onNext(InternalInvokeRequestStream.newBuilder().setRequest(Messages.request(new InvokeRequest("m",
        "POST", "", Map.of(), "", InvokeBody.empty()))).build());
    requests.onCompleted();
    assertThat(recorder.end()).isEqualTo(Status.Code.OK);
    return recorder.answers;
  }

  /** {@code size} bytes of a pattern, at most {@code piece} a read, that records the largest buffer read into. */
  private static final class PatternBody extends InputStream {
    private final long size;
    private final int piece;
    private long position;
    volatile int largestBuffer;

    PatternBody(long size, int piece) {
      this.size = size;
      this.piece = piece;
    }

    static byte at(long i) {
      return (byte) (i * 31 % 251);
    }

    static ByteString bytes(int from, int to) {
      byte[] b = new byte[to - from];
      for (int i = 0; i < b.length; i++) {
        b[i] = at(from + i);
      }
      return ByteString.copyFrom(b);
    }

    @Override
    public int read() {
      return position < size ? at(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      largestBuffer = Math.max(largestBuffer, b.length);
      if (len == 0) {
        return 0;
      }
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(Math.min(len, piece), size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = at(position++);
      }
      return n;
    }
  }
}
