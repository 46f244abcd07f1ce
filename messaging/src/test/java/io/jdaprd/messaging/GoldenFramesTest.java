package io.jdaprd.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import io.jdaprd.core.invoke.AppInvoker;
import io.jdaprd.core.invoke.Forwarding;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import io.jdaprd.core.invoke.LocalCallGate;
import io.jdaprd.proto.internals.v1.InternalInvokeRequest;
import io.jdaprd.proto.internals.v1.InternalInvokeRequestStream;
import io.jdaprd.proto.internals.v1.InternalInvokeResponseStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Interop with daprd at the byte level: the messages of the internal API written by hand from their field numbers
 * (protobuf's wire format: a tag {@code field << 3 | type}, varints, length-delimited fields; the numbers of
 * {@code service_invocation.proto} and of Dapr's {@code common.proto}) are compared with what {@link Messages} and
 * the generated classes produce, and daprd-shaped frames, sent as raw gRPC frames over HTTP/2, are served by
 * {@link InternalServer}.
 */
class GoldenFramesTest {
  private static final int VARINT = 0;
  private static final int LEN = 2;

  private final List<Server> servers = new ArrayList<>();
  private final List<InvokeRequest> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(Server::closeAsync);
  }

  /** A known call: PUT orders/1?a=1&b=2 with two metadata keys (one of two values) and a JSON body. */
  private static InvokeRequest knownCall(byte[] body) {
    Map<String, List<String>> metadata = new LinkedHashMap<>();
    metadata.put("k1", List.of("v1"));
    metadata.put("k2", List.of("x", "y"));
    return new InvokeRequest("orders/1", "PUT", "a=1&b=2", metadata, "application/json",
        new InvokeBody(new ByteArrayInputStream(body), body.length));
  }

  /** The known call's leading {@code InternalInvokeRequest}, from the field numbers. */
  private static byte[] knownCallBytes() {
    byte[] httpExtension = concat(varint(1, 4), string(2, "a=1&b=2"));
    byte[] invokeRequest = concat(string(1, "orders/1"), string(3, "application/json"), field(4, httpExtension));
    return concat(varint(1, 1),
        field(2, concat(string(1, "k1"), field(2, string(1, "v1")))),
        field(2, concat(string(1, "k2"), field(2, concat(string(1, "x"), string(1, "y"))))),
        field(3, invokeRequest));
  }

  @Test
  void theHandEncoderWritesProtobufsWireFormat() {
    assertThat(HexFormat.of().formatHex(concat(varint(1, 4), string(2, "a=1")))).isEqualTo("08041203613d31");
    assertThat(HexFormat.of().formatHex(varint(1, 200))).isEqualTo("08c801");
    assertThat(HexFormat.of().formatHex(field(2, new byte[130]))).startsWith("128201");
  }

  @Test
  void theLeadingRequestHasDaprdsBytes() throws Exception {
    byte[] expected = knownCallBytes();
    InternalInvokeRequest ours = Messages.request(knownCall(new byte[0]));
    assertThat(HexFormat.of().formatHex(ours.toByteArray())).isEqualTo(HexFormat.of().formatHex(expected));
    assertThat(InternalInvokeRequest.parseFrom(expected)).isEqualTo(ours);
  }

  @Test
  void aLeadingChunkWithPayloadHasDaprdsBytes() {
    byte[] leading = concat(field(1, knownCallBytes()), field(2, string(1, "hello")));
    InternalInvokeRequestStream ours = InternalInvokeRequestStream.newBuilder()
        .setRequest(Messages.request(knownCall(new byte[0])))
        .setPayload(io.dapr.v1.CommonProtos.StreamPayload.newBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8("hello")).setSeq(0))
        .build();
    assertThat(HexFormat.of().formatHex(ours.toByteArray())).isEqualTo(HexFormat.of().formatHex(leading));
    byte[] next = field(2, concat(string(1, "more"), varint(2, 1)));
    assertThat(InternalInvokeRequestStream.newBuilder().setPayload(io.dapr.v1.CommonProtos.StreamPayload
        .newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("more")).setSeq(1)).build()
        .toByteArray()).isEqualTo(next);
  }

  @Test
  void aDaprdLeadingRequestBecomesTheKnownCall() throws Exception {
    InternalInvokeRequest header = InternalInvokeRequest.parseFrom(knownCallBytes());
    InvokeRequest call = Messages.request(header, new ByteArrayInputStream(new byte[0]), -1);
    assertThat(call.method()).isEqualTo("orders/1");
    assertThat(call.verb()).isEqualTo("PUT");
    assertThat(call.query()).isEqualTo("a=1&b=2");
    assertThat(call.contentType()).isEqualTo("application/json");
    assertThat(call.metadata()).containsExactly(Map.entry("k1", List.of("v1")), Map.entry("k2", List.of("x", "y")));
  }

  @Test
  void theLeadingResponseAndItsPayloadsHaveDaprdsBytes() throws Exception {
    InvokeResponse answer = new InvokeResponse(InvokeStatus.http(200), Map.of("X-A", List.of("1", "2")), Map.of(),
        "text/plain", new InvokeBody(new ByteArrayInputStream(new byte[0]), 0));
    byte[] response = concat(field(1, varint(1, 200)),
        field(2, concat(string(1, "X-A"), field(2, concat(string(1, "1"), string(1, "2"))))),
        field(4, string(2, "text/plain")));
    byte[] leading = field(1, response);
    InternalInvokeResponseStream ours = InternalInvokeResponseStream.newBuilder()
        .setResponse(Messages.response(answer)).build();
    assertThat(HexFormat.of().formatHex(ours.toByteArray())).isEqualTo(HexFormat.of().formatHex(leading));

    InvokeResponse parsed = Messages.response(InternalInvokeResponseStream.parseFrom(leading).getResponse(),
        answer.body());
    assertThat(parsed.status().code()).isEqualTo(200);
    assertThat(parsed.headers()).containsExactly(Map.entry("X-A", List.of("1", "2")));
    assertThat(parsed.contentType()).isEqualTo("text/plain");

    // seq 0 is proto3's default: daprd's first payload has no seq field at all
    InternalInvokeResponseStream first = InternalInvokeResponseStream.parseFrom(field(2, string(1, "ab")));
    assertThat(first.hasResponse()).isFalse();
    assertThat(first.getPayload().getSeq()).isZero();
    assertThat(first.getPayload().getData().toStringUtf8()).isEqualTo("ab");
  }

  @Test
  void theInternalServerServesDaprdsFrames() throws Exception {
    String address = callee();
    byte[] leading = concat(field(1, knownCallBytes()), field(2, string(1, "ab")));
    byte[] second = field(2, concat(string(1, "cd"), varint(2, 1)));
    byte[] third = field(2, concat(string(1, "ef"), varint(2, 2)));
    Answer answer = callLocalStream(address, leading, second, third);

    assertThat(answer.status()).as(answer.toString()).isEqualTo("0");
    InternalInvokeResponseStream head = InternalInvokeResponseStream.parseFrom(answer.frames().getFirst());
    assertThat(head.getResponse().getStatus().getCode()).isEqualTo(418);
    assertThat(head.getResponse().getMessage().getContentType()).isEqualTo("text/plain");
    StringBuilder body = new StringBuilder();
    long seq = 0;
    for (byte[] frame : answer.frames().subList(1, answer.frames().size())) {
      InternalInvokeResponseStream payload = InternalInvokeResponseStream.parseFrom(frame);
      assertThat(payload.hasResponse()).isFalse();
      assertThat(payload.getPayload().getSeq()).isEqualTo(seq++);
      body.append(payload.getPayload().getData().toStringUtf8());
    }
    assertThat(body).hasToString("abcdef");

    InvokeRequest got = received.getFirst();
    assertThat(got.method()).isEqualTo("orders/1");
    assertThat(got.verb()).isEqualTo("PUT");
    assertThat(got.query()).isEqualTo("a=1&b=2");
    assertThat(got.contentType()).isEqualTo("application/json");
    assertThat(got.metadata()).containsEntry("k1", List.of("v1")).containsEntry("k2", List.of("x", "y"));
  }

  @Test
  void aLeadingChunkWithoutPayloadAndAnEmptyBodyAreServed() throws Exception {
    Answer answer = callLocalStream(callee(), field(1, knownCallBytes()));
    assertThat(answer.status()).as(answer.toString()).isEqualTo("0");
    assertThat(InternalInvokeResponseStream.parseFrom(answer.frames().getFirst()).getResponse().getStatus()
        .getCode()).isEqualTo(418);
    assertThat(answer.frames()).hasSize(1);
  }

  @Test
  void aGapInTheSequenceFailsTheCallWithDaprdsText() throws Exception {
    byte[] leading = concat(field(1, knownCallBytes()), field(2, string(1, "ab")));
    byte[] skipped = field(2, concat(string(1, "ef"), varint(2, 2)));
    Answer answer = callLocalStream(callee(), leading, skipped);
    assertThat(answer.status()).as(answer.toString()).isNotEqualTo("0");
    assertThat(answer.message()).contains("invalid sequence number received: 2 (expected: 1)");
  }

  @Test
  void aLeadingChunkWithoutTheRequestIsInvalid() throws Exception {
    Answer answer = callLocalStream(callee(), field(2, string(1, "ab")));
    assertThat(answer.status()).as(answer.toString()).isEqualTo("3");
    assertThat(answer.message()).contains("request does not contain the required fields in the leading chunk");
    assertThat(received).isEmpty();
  }

  /** The callee: an internal server whose app records the call and echoes the body with status 418. */
  private String callee() {
    AppInvoker echo = request -> {
      received.add(request);
      return new InvokeResponse(InvokeStatus.http(418), Map.of(), Map.of(), "text/plain",
          new InvokeBody(request.body().stream(), request.body().length()));
    };
    InvokeBlock block = new InvokeBlock("b", "default", echo, (id, ns) -> {
      throw new AssertionError("the callee resolves nothing");
    }, io.jdaprd.core.invoke.InvocationPeers.NONE.remote(), LocalCallGate.OPEN, Forwarding.NONE);
    Server server = Server.builder().http(0).service(InternalServer.service(block, 4L << 20)).build();
    server.start().join();
    servers.add(server);
    return "127.0.0.1:" + server.activeLocalPort();
  }

  /** What a raw {@code CallLocalStream} answered: its gRPC frames' messages, grpc-status and grpc-message. */
  private record Answer(List<byte[]> frames, String status, String message) {
  }

  /** Sends {@code messages} as gRPC frames (uncompressed, 5-byte prefix) in one HTTP/2 request. */
  private static Answer callLocalStream(String address, byte[]... messages) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      body.write(0);
      body.write(ByteBuffer.allocate(4).putInt(m.length).array());
      body.write(m);
    }
    RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST,
        "/dapr.proto.internals.v1.ServiceInvocation/CallLocalStream")
        .contentType(MediaType.parse("application/grpc")).add("te", "trailers").build();
    AggregatedHttpResponse response = WebClient.of("h2c://" + address)
        .execute(HttpRequest.of(headers, HttpData.wrap(body.toByteArray()))).aggregate().get(10, TimeUnit.SECONDS);
    assertThat(response.status().code()).isEqualTo(200);
    List<byte[]> frames = new ArrayList<>();
    ByteBuffer in = ByteBuffer.wrap(response.content().array());
    while (in.remaining() >= 5) {
      assertThat(in.get()).as("compressed flag").isZero();
      byte[] frame = new byte[in.getInt()];
      in.get(frame);
      frames.add(frame);
    }
    assertThat(in.remaining()).isZero();
    boolean trailersOnly = response.trailers().get("grpc-status") == null;
    String status = (trailersOnly ? response.headers() : response.trailers()).get("grpc-status", "");
    String message = (trailersOnly ? response.headers() : response.trailers()).get("grpc-message", "");
    return new Answer(frames, status, java.net.URLDecoder.decode(message, StandardCharsets.UTF_8));
  }

  private static byte[] tag(int field, int type) {
    return rawVarint(((long) field << 3) | type);
  }

  private static byte[] rawVarint(long value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
    return out.toByteArray();
  }

  private static byte[] varint(int field, long value) {
    return concat(tag(field, VARINT), rawVarint(value));
  }

  private static byte[] field(int field, byte[] content) {
    return concat(tag(field, LEN), rawVarint(content.length), content);
  }

  private static byte[] string(int field, String value) {
    return field(field, value.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
