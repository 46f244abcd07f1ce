package io.jdaprd.messaging;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ClientFactoryBuilder;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.grpc.GrpcClients;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.SessionProtocol;
import io.dapr.v1.CommonProtos;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.jdaprd.core.invoke.InvokeBody;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.core.invoke.RemoteSidecars;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.golang.Strconv;
import io.jdaprd.proto.internals.v1.InternalInvokeRequest;
import io.jdaprd.proto.internals.v1.InternalInvokeRequestStream;
import io.jdaprd.proto.internals.v1.InternalInvokeResponse;
import io.jdaprd.proto.internals.v1.InternalInvokeResponseStream;
import io.jdaprd.proto.internals.v1.ServiceInvocationGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLException;

/**
 * Calls other sidecars' internal API, as daprd's direct messaging does: {@code CallLocalStream} first, the request
 * body sent in chunks as fast as the callee takes them and the response body handed over as it arrives; unary
 * {@code CallLocal} when the callee answers {@code Unimplemented} and the body can be sent again. One HTTP/2
 * connection per address, kept alive and shared by every call. With mTLS ({@link SidecarTls}) each target app has
 * connections of its own, which accept only a sidecar presenting that app's SPIFFE ID.
 */
public final class InternalClient implements RemoteSidecars, AutoCloseable {
  /**
   * Bytes per payload message: 256 KiB, fewer messages (and event-loop hand-offs) per large body than 64 KiB
   * (bench/notes-invoke.md, run 10), well inside daprd's receive limit ({@code --max-body-size}, 4 MiB by default).
   */
  static final int CHUNK = 256 * 1024;

  private final LazyClientFactory factory;
  private final SidecarTls tls;
  private final long maxMessage;
  private final ConcurrentHashMap<String, ServiceInvocationGrpc.ServiceInvocationStub> stubs =
      new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ClientFactory> tlsFactories = new ConcurrentHashMap<>();

  /** A plaintext client whose messages are at most {@code maxMessageBytes} ({@code --max-body-size}). */
  public InternalClient(long maxMessageBytes) {
    this(maxMessageBytes, null);
  }

  /**
   * A client whose messages are at most {@code maxMessageBytes}, over mTLS with {@code tls}, plaintext when it is
   * {@code null}.
   */
  public InternalClient(long maxMessageBytes, SidecarTls tls) {
    this.maxMessage = Math.min(Integer.MAX_VALUE, Math.max(maxMessageBytes, CHUNK * 2L));
    this.tls = tls;
    this.factory = new LazyClientFactory(() -> settings(ClientFactory.builder()).build());
  }

  private static ClientFactoryBuilder settings(ClientFactoryBuilder builder) {
    return builder.connectTimeout(Duration.ofSeconds(5)).idleTimeout(Duration.ofMinutes(3))
        .pingIntervalMillis(10_000);
  }

  @Override
  public InvokeResponse invoke(String address, String appId, String namespace, InvokeRequest request)
      throws RemoteCallException {
    ServiceInvocationGrpc.ServiceInvocationStub stub = traced(stub(address, appId, namespace), request);
    boolean replayable = request.body().length() >= 0 && request.body().stream().markSupported();
    if (replayable) {
      request.body().stream().mark(Integer.MAX_VALUE);
    }
    try {
      return new StreamingCall(stub, request, address).run();
    } catch (RemoteCallException e) {
      if (e.code() != CauseCode.UNIMPLEMENTED) {
        throw e;
      }
      if (!replayable) {
        throw new RemoteCallException(CauseCode.UNKNOWN, "target app '" + request.metadata()
            .getOrDefault("destination-app-id", java.util.List.of("")).get(0)
            + "' does not support streaming-based service invocation (most likely because it's using an older "
            + "version of Dapr)");
      }
      try {
        request.body().stream().reset();
      } catch (IOException io) {
        throw e;
      }
      return unary(stub, request, address);
    }
  }

  private InvokeResponse unary(ServiceInvocationGrpc.ServiceInvocationStub stub, InvokeRequest request,
      String address) throws RemoteCallException {
    byte[] body;
    try {
      body = request.body().readAll(maxMessage);
    } catch (IOException e) {
      throw new RemoteCallException(CauseCode.UNKNOWN, "failed to read data from request object: "
          + e.getMessage());
    }
    InternalInvokeRequest header = Messages.request(request);
    InternalInvokeRequest full = header.toBuilder().setMessage(header.getMessage().toBuilder()
        .setData(Any.newBuilder().setValue(ByteString.copyFrom(body)))).build();
    java.util.concurrent.CompletableFuture<InternalInvokeResponse> answer = new java.util.concurrent
        .CompletableFuture<>();
    stub.callLocal(full, UnaryObservers.into(answer));
    try {
      InternalInvokeResponse response = answer.get();
      CommonProtos.InvokeResponse message = response.getMessage();
      return Messages.response(response, InvokeBody.of(message.getData().getValue().toByteArray()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteCallException(CauseCode.CANCELLED, "context canceled");
    } catch (java.util.concurrent.ExecutionException e) {
      throw failure(e.getCause(), address);
    }
  }

  /**
   * {@code stub} sending the call's trace context as gRPC metadata, as daprd does for every call to another
   * sidecar: {@code traceparent} (and {@code tracestate}) and its binary form {@code grpc-trace-bin}.
   */
  static ServiceInvocationGrpc.ServiceInvocationStub traced(ServiceInvocationGrpc.ServiceInvocationStub stub,
      InvokeRequest request) {
    io.jdaprd.core.tracing.TraceContext trace = io.jdaprd.core.tracing.TraceContext.fromHeaders(
        first(request, io.jdaprd.core.tracing.TraceContext.TRACEPARENT),
        first(request, io.jdaprd.core.tracing.TraceContext.TRACESTATE));
    if (trace == null) {
      return stub;
    }
    io.grpc.Metadata md = new io.grpc.Metadata();
    md.put(io.grpc.Metadata.Key.of(io.jdaprd.core.tracing.TraceContext.TRACEPARENT,
        io.grpc.Metadata.ASCII_STRING_MARSHALLER), trace.traceparent());
    String state = trace.tracestateHeader();
    if (state != null) {
      md.put(io.grpc.Metadata.Key.of(io.jdaprd.core.tracing.TraceContext.TRACESTATE,
          io.grpc.Metadata.ASCII_STRING_MARSHALLER), state);
    }
    md.put(io.grpc.Metadata.Key.of(io.jdaprd.core.tracing.TraceContext.GRPC_TRACE_BIN,
        io.grpc.Metadata.BINARY_BYTE_MARSHALLER), trace.binary());
    return stub.withInterceptors(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(md));
  }

  private static String first(InvokeRequest request, String key) {
    for (java.util.Map.Entry<String, java.util.List<String>> e : request.metadata().entrySet()) {
      if (e.getKey().equalsIgnoreCase(key) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The stub for a target: one per address in plaintext, one per address and app with mTLS. */
  ServiceInvocationGrpc.ServiceInvocationStub stub(String address, String appId, String namespace) {
    if (tls == null) {
      return stubs.computeIfAbsent(address, a -> stub(a, SessionProtocol.H2C, factory.get()));
    }
    String key = address + "|" + SidecarTls.pathOf(namespace, appId);
    return stubs.computeIfAbsent(key, k -> stub(address, SessionProtocol.H2, tlsFactories.computeIfAbsent(k,
        f -> settings(tls.clientFactory(namespace, appId)).build())));
  }

  private ServiceInvocationGrpc.ServiceInvocationStub stub(String address, SessionProtocol protocol,
      ClientFactory clientFactory) {
    return GrpcClients.builder(protocol, Endpoint.parse(address))
        .factory(clientFactory)
        .responseTimeoutMillis(0)
        .writeTimeoutMillis(0)
        .maxResponseLength(0)
        .maxRequestMessageLength((int) maxMessage)
        .maxResponseMessageLength((int) maxMessage)
        .build(ServiceInvocationGrpc.ServiceInvocationStub.class);
  }

  /**
   * A failed call as daprd's caller sees it (grpc-go's texts for the common transport failures): a refused
   * connection, and a connection lost during the call (the target sidecar died), which grpc-go reports as
   * {@code Unavailable} {@code error reading from server: ...} (its {@code read tcp <local>-><remote>:} before a
   * reset is left out: the local address is not known here). A failed write counts the same: grpc-go's writer
   * leaves an I/O error to its reader, which reports it.
   */
  static RemoteCallException failure(Throwable t, String address) {
    if (t instanceof StatusRuntimeException e) {
      io.grpc.Status status = e.getStatus();
      Throwable cause = status.getCause();
      if (cause instanceof UnprocessedRequestException u) {
        cause = u.getCause();
      }
      if (status.getCode() == io.grpc.Status.Code.UNAVAILABLE && (cause instanceof ConnectException
          || cause != null && cause.getCause() instanceof ConnectException)) {
        return RemoteCallException.status(CauseCode.UNAVAILABLE, "connection error: desc = \"transport: Error "
            + "while dialing: dial tcp " + address + ": connect: connection refused\"");
      }
      String handshake = handshakeFailure(cause);
      if (handshake != null) {
        return RemoteCallException.status(CauseCode.UNAVAILABLE, "connection error: desc = "
            + Strconv.quote("transport: authentication handshake failed: " + handshake));
      }
      if (lostConnection(cause) && status.getDescription() == null) {
        return RemoteCallException.status(CauseCode.UNAVAILABLE, "error reading from server: "
            + (resetByPeer(cause) ? "read: connection reset by peer" : "EOF"));
      }
      String description = status.getDescription() != null ? status.getDescription()
          : cause != null && cause.getMessage() != null ? cause.getMessage() : "";
      return RemoteCallException.status(CauseCode.valueOf(status.getCode().name()), description);
    }
    if (t instanceof io.grpc.StatusException e) {
      return failure(e.getStatus().asRuntimeException(), address);
    }
    return RemoteCallException.status(CauseCode.UNAVAILABLE, t.getMessage() == null ? t.getClass().getSimpleName()
        : t.getMessage());
  }

  /**
   * Why a TLS handshake failed, when {@code t} is such a failure: the certificate check's words when it was ours
   * that refused, else the TLS engine's; {@code null} for any other failure.
   */
  static String handshakeFailure(Throwable t) {
    String tls = null;
    String certificate = null;
    for (Throwable c = t; c != null && c != c.getCause(); c = c.getCause()) {
      if (c instanceof SSLException && tls == null) {
        tls = c.getMessage();
      }
      if (c instanceof CertificateException) {
        certificate = c.getMessage();
      }
    }
    if (tls == null) {
      return null;
    }
    return certificate != null ? certificate : tls;
  }

  /** Whether {@code t} ended an established connection: a closed session or any I/O failure but a refused dial. */
  private static boolean lostConnection(Throwable t) {
    return t instanceof ClosedSessionException || t instanceof IOException && !(t instanceof ConnectException);
  }

  private static boolean resetByPeer(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c.getMessage() != null && c.getMessage().contains("Connection reset by peer")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    factory.close();
    tlsFactories.values().forEach(ClientFactory::close);
  }

  /** A leading message that held the whole answer, and the stream ended after it. */
  private record Whole(InternalInvokeResponseStream leading) {
  }

  /**
   * One {@code CallLocalStream}: a writer thread sends the body (the caller's thread sends a short one in memory
   * itself); the caller's thread reads the answer.
   */
  private final class StreamingCall implements ClientResponseObserver<InternalInvokeRequestStream,
      InternalInvokeResponseStream> {
    private final ServiceInvocationGrpc.ServiceInvocationStub stub;
    private final InvokeRequest request;
    private final String address;
    private final LinkedBlockingQueue<Object> leading = new LinkedBlockingQueue<>();
    private final ReadySignal ready = new ReadySignal();
    private volatile ClientCallStreamObserver<InternalInvokeRequestStream> requests;
    private volatile ChunkStream body;
    private long expectedSeq;
    private boolean firstSeen;
    /** A leading message holding the whole answer, kept until the stream ends. */
    private InternalInvokeResponseStream held;

    StreamingCall(ServiceInvocationGrpc.ServiceInvocationStub stub, InvokeRequest request, String address) {
      this.stub = stub;
      this.request = request;
      this.address = address;
    }

    InvokeResponse run() throws RemoteCallException {
      stub.callLocalStream(this);
      if (!sendWhole()) {
        Thread.ofVirtual().name("invoke-send-" + address).start(this::send);
      }
      Object first;
      try {
        first = leading.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        requests.cancel("interrupted", null);
        throw new RemoteCallException(CauseCode.CANCELLED, "context canceled");
      }
      if (first instanceof Throwable t) {
        throw failure(t, address);
      }
      if (first instanceof Whole whole) {
        return Messages.response(whole.leading().getResponse(),
            InvokeBody.of(whole.leading().getPayload().getData().toByteArray()));
      }
      InternalInvokeResponseStream message = (InternalInvokeResponseStream) first;
      if (!message.hasResponse()) {
        requests.cancel("bad leading chunk", null);
        throw new RemoteCallException(CauseCode.UNKNOWN,
            "response does not contain the required fields in the leading chunk");
      }
      return Messages.response(message.getResponse(), new InvokeBody(body, -1));
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<InternalInvokeRequestStream> requestStream) {
      this.requests = requestStream;
      requestStream.disableAutoRequestWithInitial(1);
      requestStream.setOnReadyHandler(ready::signal);
      this.body = new ChunkStream(requestStream::request, () -> requestStream.cancel("reader closed",
          null));
    }

    /**
     * Sends a body already in memory that fits one message from the caller's thread, in the leading message, and
     * ends the stream: no writer thread to start and wait for.
     *
     * @return {@code false} when the body is not such a body (the writer thread sends it)
     */
    private boolean sendWhole() {
      long length = request.body().length();
      if (!(request.body().stream() instanceof ByteArrayInputStream in) || length < 0 || length > CHUNK) {
        return false;
      }
      byte[] data = in.readAllBytes();
      InternalInvokeRequestStream.Builder leading = InternalInvokeRequestStream.newBuilder()
          .setRequest(Messages.request(request));
      if (data.length > 0) {
        leading.setPayload(CommonProtos.StreamPayload.newBuilder().setData(ByteString.copyFrom(data)).setSeq(0));
      }
      try {
        requests.onNext(leading.build());
        requests.onCompleted();
      } catch (RuntimeException e) {
        ready.end(); // the call ended before the body went out: its failure reaches the reader
      }
      return true;
    }

    private void send() {
      try (InputStream in = request.body().stream()) {
        if (!ready.awaitReady(requests)) {
          return;
        }
        InternalInvokeRequestStream.Builder leading = InternalInvokeRequestStream.newBuilder()
            .setRequest(Messages.request(request));
        long length = request.body().length();
        BodyChunks chunks = new BodyChunks(in, length);
        long seq = 0;
        if (length >= 0 && length <= CHUNK) {
          // A small body of known size goes in the leading message: one message instead of two or three.
          ByteString first = chunks.next();
          if (!first.isEmpty()) {
            leading.setPayload(CommonProtos.StreamPayload.newBuilder().setData(first).setSeq(seq++));
          }
        }
        requests.onNext(leading.build());
        ByteString data;
        while (!(data = chunks.next()).isEmpty()) {
          if (!ready.awaitReady(requests)) {
            return;
          }
          requests.onNext(InternalInvokeRequestStream.newBuilder().setPayload(CommonProtos.StreamPayload
              .newBuilder().setData(data).setSeq(seq++)).build());
        }
        if (!ready.ended()) {
          requests.onCompleted();
        }
      } catch (IOException e) {
        requests.cancel("failed to read the request body: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        requests.cancel("interrupted", e);
      } catch (RuntimeException e) {
        ready.end();
      }
    }

    @Override
    public void onNext(InternalInvokeResponseStream message) {
      if (!firstSeen) {
        firstSeen = true;
        if (message.hasResponse() && message.hasPayload() && Messages.whole(message.getPayload(),
            message.getResponse().getHeadersMap())) {
          held = message; // the whole answer: handed over with the stream's end, read by no one
        } else {
          leading.add(message);
        }
        if (message.hasResponse()) {
          if (message.hasPayload()) {
            payload(message);
          }
          body.prefetch();
        }
        return;
      }
      if (held != null) {
        leading.add(held); // more than the answer's Content-Length said: streamed as any answer
        held = null;
      }
      if (message.hasResponse()) {
        body.fail("response metadata found in non-leading chunk");
        requests.cancel("bad chunk", null);
        return;
      }
      payload(message);
    }

    private void payload(InternalInvokeResponseStream message) {
      long seq = message.getPayload().getSeq();
      if (seq != expectedSeq) {
        body.fail("invalid sequence number received: " + seq + " (expected: " + expectedSeq + ")");
        requests.cancel("bad sequence", null);
        return;
      }
      expectedSeq++;
      ByteString data = message.getPayload().getData();
      if (data.isEmpty()) {
        body.skip();
      } else {
        body.offer(data);
      }
    }

    @Override
    public void onError(Throwable t) {
      ready.end();
      if (!firstSeen || held != null) {
        firstSeen = true;
        held = null;
        leading.add(t);
      } else {
        RemoteCallException e = failure(t, address);
        body.fail("error receiving message: " + e.getMessage());
      }
    }

    @Override
    public void onCompleted() {
      ready.end();
      if (!firstSeen) {
        firstSeen = true;
        leading.add(io.grpc.Status.INTERNAL.withDescription("no response received from stream")
            .asRuntimeException());
      } else {
        body.finish();
        if (held != null) {
          leading.add(new Whole(held));
          held = null;
        }
      }
    }
  }
}
