package io.jdaprd.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.jdaprd.core.invoke.AppInvoker;
import io.jdaprd.core.invoke.Forwarding;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.InvokeStatus;
import io.jdaprd.core.invoke.LocalCallGate;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.core.Transport;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.proto.internals.v1.InternalInvokeRequest;
import io.jdaprd.proto.internals.v1.InternalInvokeRequestStream;
import io.jdaprd.proto.internals.v1.InternalInvokeResponse;
import io.jdaprd.proto.internals.v1.InternalInvokeResponseStream;
import io.jdaprd.proto.internals.v1.ServiceInvocationGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two invoke blocks joined by the internal API over real HTTP/2 connections: a caller (app id {@code a}) whose
 * resolver points at the callee's internal server, and a callee (app id {@code b}) whose app records each call and
 * answers as the test says. Checks what reaches the app and what comes back, streaming both ways, the fallback to
 * unary {@code CallLocal}, and the statuses a failure turns into.
 */
class SidecarToSidecarTest {
  private final List<Server> servers = new ArrayList<>();
  private final List<InvokeRequest> received = new CopyOnWriteArrayList<>();
  private final InternalClient client = new InternalClient(4L << 20);

  @AfterEach
  void stop() {
    servers.forEach(Server::closeAsync);
    client.close();
  }

  /** The callee's app: echoes the body, answers 418 with two headers. */
  private final AppInvoker echoApp = request -> {
    received.add(request);
    return new InvokeResponse(InvokeStatus.http(418), Map.of("X-Answer", List.of("one", "two")), Map.of(),
        "text/plain", new InvokeBody(request.body().stream(), request.body().length()));
  };

  private String serve(GrpcService service) {
    Server server = Server.builder().http(0).maxRequestLength(0).requestTimeoutMillis(0).service(service).build();
    server.start().join();
    servers.add(server);
    return "127.0.0.1:" + server.activeLocalPort();
  }

  private String callee(AppInvoker app, LocalCallGate gate) {
    InvokeBlock b = new InvokeBlock("b", "default", app, (id, ns) -> {
      throw new AssertionError("the callee resolves nothing");
    }, client, gate, Forwarding.NONE);
    return serve(InternalServer.service(b, 4L << 20));
  }

  private InvokeBlock caller(String address) {
    return new InvokeBlock("a", "default", null, (id, ns) -> address, client, LocalCallGate.OPEN,
        new Forwarding("10.1.2.3", "host-a"));
  }

  private static InvokeRequest request(String method, String verb, byte[] body, long length) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    headers.put("X-Custom", List.of("v1", "v2"));
    headers.put("Dapr-Caller-App-Id", List.of("spoofed"));
    return new InvokeRequest(method, verb, "a=1&b=2", headers, "application/json",
        new InvokeBody(new ByteArrayInputStream(body), length));
  }

  @Test
  void theCallReachesTheOtherAppAndItsAnswerComesBack() throws IOException {
    InvokeBlock a = caller(callee(echoApp, LocalCallGate.OPEN));
    byte[] body = "{\"x\":1}".getBytes();
    try (InvokeResponse response = a.invoke("b", request("orders/../orders/1", "PUT", body, body.length),
        Transport.HTTP)) {
      assertThat(response.status().code()).isEqualTo(418);
      assertThat(response.headers()).containsEntry("X-Answer", List.of("one", "two"));
      assertThat(response.contentType()).isEqualTo("text/plain");
      assertThat(response.body().stream().readAllBytes()).isEqualTo(body);
    }
    InvokeRequest got = received.getFirst();
    assertThat(got.method()).isEqualTo("orders/1");
    assertThat(got.verb()).isEqualTo("PUT");
    assertThat(got.query()).isEqualTo("a=1&b=2");
    assertThat(got.contentType()).isEqualTo("application/json");
    assertThat(got.metadata()).containsEntry("X-Custom", List.of("v1", "v2"))
        .containsEntry("dapr-caller-app-id", List.of("a"))
        .containsEntry("dapr-callee-app-id", List.of("b"))
        .containsEntry("dapr-caller-namespace", List.of("default"))
        .containsEntry("X-Forwarded-For", List.of("10.1.2.3"))
        .containsEntry("X-Forwarded-Host", List.of("host-a"))
        .containsEntry("Forwarded", List.of("for=10.1.2.3;by=10.1.2.3;host=host-a"))
        .doesNotContainKey("Dapr-Caller-App-Id");
  }

  @Test
  void aLargeBodyStreamsBothWaysInChunks() throws Exception {
    InvokeBlock a = caller(callee(echoApp, LocalCallGate.OPEN));
    long size = 48L << 20;
    MessageDigest sent = MessageDigest.getInstance("SHA-256");
    InputStream source = new PatternStream(size, sent);
    InvokeRequest request = new InvokeRequest("upload", "POST", "", Map.of(), "application/octet-stream",
        new InvokeBody(source, -1));
    MessageDigest back = MessageDigest.getInstance("SHA-256");
    long total = 0;
    try (InvokeResponse response = a.invoke("b", request, Transport.HTTP)) {
      byte[] buffer = new byte[1 << 16];
      int n;
      while ((n = response.body().stream().read(buffer)) > 0) {
        back.update(buffer, 0, n);
        total += n;
      }
    }
    assertThat(total).isEqualTo(size);
    assertThat(back.digest()).isEqualTo(sent.digest());
  }

  @Test
  void aCalleeWithoutStreamingGetsTheUnaryCall() throws IOException {
    InvokeBlock b = new InvokeBlock("b", "default", echoApp, (id, ns) -> "", client, LocalCallGate.OPEN,
        Forwarding.NONE);
    InternalServer full = new InternalServer(b);
    String address = serve(GrpcService.builder().addService(new ServiceInvocationGrpc.ServiceInvocationImplBase() {
      @Override
      public void callLocal(InternalInvokeRequest request, StreamObserver<InternalInvokeResponse> responses) {
        full.callLocal(request, responses);
      }
    }).build());
    byte[] body = "hello".getBytes();
    try (InvokeResponse response = caller(address).invoke("b", request("m", "POST", body, body.length),
        Transport.HTTP)) {
      assertThat(response.status().code()).isEqualTo(418);
      assertThat(response.body().stream().readAllBytes()).isEqualTo(body);
    }
    assertThat(received).hasSize(1);
  }

  @Test
  void aStreamingBodyCannotFallBackToTheUnaryCall() {
    String address = serve(GrpcService.builder().addService(new ServiceInvocationGrpc.ServiceInvocationImplBase() {
    }).build());
    assertThatThrownBy(() -> caller(address).invoke("b", request("m", "POST", "x".getBytes(), -1), Transport.HTTP))
        .isInstanceOfSatisfying(DaprException.class, e -> assertThat(e.getMessage()).isEqualTo(
            "failed to invoke, id: b, err: target app 'b' does not support streaming-based service invocation "
                + "(most likely because it's using an older version of Dapr)"));
  }

  @Test
  void aDeniedCallIsForbidden() {
    String address = callee(echoApp, (spiffe, request) -> {
      throw RemoteCallException.status(CauseCode.PERMISSION_DENIED, "access control policy has denied access "
          + "to appid: a operation: m verb: POST");
    });
    assertThatThrownBy(() -> caller(address).invoke("b", request("m", "POST", new byte[0], 0), Transport.HTTP))
        .isInstanceOfSatisfying(DaprException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(403);
          assertThat(e.getMessage()).isEqualTo("failed to invoke, id: b, err: rpc error: code = PermissionDenied "
              + "desc = access control policy has denied access to appid: a operation: m verb: POST");
        });
    assertThat(received).isEmpty();
  }

  @Test
  void anAppThatCannotBeReachedIsAnInternalErrorOfTheCallee() {
    String address = callee(request -> {
      throw new AppInvoker.AppCallFailure("Post \"http://127.0.0.1:1/m\": dial tcp 127.0.0.1:1: connect: "
          + "connection refused", null);
    }, LocalCallGate.OPEN);
    assertThatThrownBy(() -> caller(address).invoke("b", request("m", "POST", new byte[0], 0), Transport.HTTP))
        .isInstanceOfSatisfying(DaprException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(500);
          assertThat(e.getMessage()).isEqualTo("failed to invoke, id: b, err: rpc error: code = Internal desc = "
              + "error invoking app channel: Post \"http://127.0.0.1:1/m\": dial tcp 127.0.0.1:1: connect: "
              + "connection refused");
        });
  }

  @Test
  void aConnectionLostDuringTheCallIsGrpcGosUnavailable() {
    io.grpc.StatusRuntimeException reset = io.grpc.Status.UNKNOWN.withCause(new com.linecorp.armeria.common
        .ClosedSessionException(new java.io.IOException("recvAddress(..) failed: Connection reset by peer")))
        .asRuntimeException();
    assertThat(InternalClient.failure(reset, "127.0.0.1:1").getMessage()).isEqualTo("rpc error: code = Unavailable "
        + "desc = error reading from server: read: connection reset by peer");
    io.grpc.StatusRuntimeException closed = io.grpc.Status.UNAVAILABLE.withCause(
        com.linecorp.armeria.common.ClosedSessionException.get()).asRuntimeException();
    assertThat(InternalClient.failure(closed, "127.0.0.1:1").getMessage()).isEqualTo("rpc error: code = "
        + "Unavailable desc = error reading from server: EOF");
    io.grpc.StatusRuntimeException writeFailed = io.grpc.Status.UNAVAILABLE.withCause(new java.io.IOException(
        "writevAddresses(..) failed with error(-104): Connection reset by peer")).asRuntimeException();
    assertThat(InternalClient.failure(writeFailed, "127.0.0.1:1").getMessage()).isEqualTo("rpc error: code = "
        + "Unavailable desc = error reading from server: read: connection reset by peer");
  }

  @Test
  void aBadMethodIsRefusedBeforeAnyCall() {
    assertThatThrownBy(() -> caller("127.0.0.1:1").invoke("b", request("a#b", "GET", new byte[0], 0),
        Transport.HTTP)).isInstanceOfSatisfying(DaprException.class, e -> assertThat(e.getMessage()).isEqualTo(
            "failed to invoke, id: b, err: rpc error: code = InvalidArgument desc = invalid method: method "
                + "contains forbidden character: \"a#b\""));
  }

  @Test
  void theInternalServerAnswersDaprdsLeadingChunkFirst() throws Exception {
    String address = callee(echoApp, LocalCallGate.OPEN);
    var stub = com.linecorp.armeria.client.grpc.GrpcClients.newClient("http://" + address,
        ServiceInvocationGrpc.ServiceInvocationStub.class);
    AnswerRecorder recorder = new AnswerRecorder();
    List<InternalInvokeResponseStream> answers = recorder.answers;
    StreamObserver<InternalInvokeRequestStream> requests = stub.callLocalStream(recorder);
    InternalInvokeRequest header = Messages.request(request("m", "POST", new byte[0], 0));
    requests.onNext(InternalInvokeRequestStream.newBuilder().setRequest(header)
        .setPayload(io.dapr.v1.CommonProtos.StreamPayload.newBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8("ab")).setSeq(0)).build());
    requests.onNext(InternalInvokeRequestStream.newBuilder().setPayload(io.dapr.v1.CommonProtos.StreamPayload
        .newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("cd")).setSeq(1)).build());
    requests.onCompleted();
    assertThat(recorder.end()).isEqualTo(Status.Code.OK);
    assertThat(answers.getFirst().hasResponse()).isTrue();
    assertThat(answers.getFirst().getResponse().getStatus().getCode()).isEqualTo(418);
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).hasPayload()) {
        body.append(answers.get(i).getPayload().getData().toStringUtf8());
      }
    }
    assertThat(body).hasToString("abcd");
  }

  @Test
  void aShortAnswerWhoseContentLengthHoldsComesBackWholeWithItsLength() throws IOException {
    byte[] answer = "{\"ok\":true}".getBytes();
    AppInvoker app = request -> new InvokeResponse(InvokeStatus.http(200), Map.of("Content-Length",
        List.of(String.valueOf(answer.length))), Map.of(), "application/json", InvokeBody.of(answer));
    InvokeBlock a = caller(callee(app, LocalCallGate.OPEN));
    try (InvokeResponse response = a.invoke("b", request("m", "GET", new byte[0], 0), Transport.HTTP)) {
      assertThat(response.body().length()).isEqualTo(answer.length);
      assertThat(response.body().stream().readAllBytes()).isEqualTo(answer);
    }
  }

  @Test
  void anAnswerLongerThanItsContentLengthStreamsEveryByte() throws IOException {
    byte[] answer = "0123456789".getBytes();
    AppInvoker app = request -> new InvokeResponse(InvokeStatus.http(200), Map.of("Content-Length", List.of("4")),
        Map.of(), "text/plain", InvokeBody.of(answer));
    InvokeBlock a = caller(callee(app, LocalCallGate.OPEN));
    try (InvokeResponse response = a.invoke("b", request("m", "GET", new byte[0], 0), Transport.HTTP)) {
      assertThat(response.body().length()).isEqualTo(-1);
      assertThat(response.body().stream().readAllBytes()).isEqualTo(answer);
    }
  }

  @Test
  void aLeadingChunkHoldingTheDeclaredLengthReachesTheAppWhole() throws Exception {
    assertThat(appReceivesFromDaprdLikeCaller("2")).isEqualTo(new Received("ab", 2));
  }

  @Test
  void aLeadingChunkShorterThanTheDeclaredLengthIsFollowedByTheRest() throws Exception {
    assertThat(appReceivesFromDaprdLikeCaller("4")).isEqualTo(new Received("abcd", 4));
  }

  private record Received(String body, long length) {
  }

  /**
   * What the app gets when a caller sends {@code "ab"} in the leading message and {@code "cd"} when the leading
   * message's {@code Content-Length} is more than 2, as daprd streams a body.
   */
  private Received appReceivesFromDaprdLikeCaller(String contentLength) throws Exception {
    List<Received> got = new CopyOnWriteArrayList<>();
    AppInvoker app = request -> {
      long length = request.body().length();
      try {
        got.add(new Received(new String(request.body().stream().readAllBytes()), length));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
      return new InvokeResponse(InvokeStatus.http(204), Map.of(), Map.of(), "", InvokeBody.empty());
    };
    var stub = com.linecorp.armeria.client.grpc.GrpcClients.newClient("http://" + callee(app, LocalCallGate.OPEN),
        ServiceInvocationGrpc.ServiceInvocationStub.class);
    AnswerRecorder recorder = new AnswerRecorder();
    StreamObserver<InternalInvokeRequestStream> requests = stub.callLocalStream(recorder);
    InternalInvokeRequest header = Messages.request(request("m", "POST", new byte[0], 0)).toBuilder()
        .putMetadata("content-length", io.jdaprd.proto.internals.v1.ListStringValue.newBuilder()
            .addValues(contentLength).build()).build();
    requests.onNext(InternalInvokeRequestStream.newBuilder().setRequest(header)
        .setPayload(io.dapr.v1.CommonProtos.StreamPayload.newBuilder()
            .setData(com.google.protobuf.ByteString.copyFromUtf8("ab")).setSeq(0)).build());
    if (!contentLength.equals("2")) {
      requests.onNext(InternalInvokeRequestStream.newBuilder().setPayload(io.dapr.v1.CommonProtos.StreamPayload
          .newBuilder().setData(com.google.protobuf.ByteString.copyFromUtf8("cd")).setSeq(1)).build());
    }
    requests.onCompleted();
    assertThat(recorder.end()).isEqualTo(Status.Code.OK);
    return got.getFirst();
  }

  /** {@code size} bytes of a repeating pattern, digested as they are read. */
  private static final class PatternStream extends InputStream {
    private final long size;
    private final MessageDigest digest;
    private long position;

    PatternStream(long size, MessageDigest digest) {
      this.size = size;
      this.digest = digest;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = (byte) ((position + i) * 31 % 251);
      }
      digest.update(b, off, n);
      position += n;
      return n;
    }
  }
}
