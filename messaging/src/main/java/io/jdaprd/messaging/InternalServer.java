package io.jdaprd.messaging;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.util.AttributeKey;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.dapr.v1.CommonProtos;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.Empty;
import io.jdaprd.core.actors.ActorApp;
import io.jdaprd.core.actors.ActorCallee;
import io.jdaprd.core.actors.RemoteActors;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.InvokeRequest;
import io.jdaprd.core.invoke.InvokeResponse;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.proto.internals.v1.InternalInvokeRequest;
import io.jdaprd.proto.internals.v1.InternalInvokeRequestStream;
import io.jdaprd.proto.internals.v1.InternalInvokeResponse;
import io.jdaprd.proto.internals.v1.InternalInvokeResponseStream;
import io.jdaprd.proto.internals.v1.Reminder;
import io.jdaprd.proto.internals.v1.ServiceInvocationGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callee's side of daprd's internal API: {@code CallLocal} and {@code CallLocalStream} pass the call to
 * {@link InvokeBlock#callLocal}, on a virtual thread each, and send the app's answer back; the streaming variant
 * pipes the request body to the app as it arrives and the response body back as the app sends it. No API token is
 * checked here (daprd authenticates sidecars by mTLS only): served over mTLS ({@link SidecarTls#serveOn}), each call
 * passes the caller's verified SPIFFE ID to the block, and {@code null} without TLS. {@code CallActor} and
 * {@code CallActorReminder} go to the actor runtime's {@link ActorCallee}, and so does {@code CallActorStream}, whose
 * answers stream back as the callee hands them on.
 */
public final class InternalServer extends ServiceInvocationGrpc.ServiceInvocationImplBase {
  /**
   * The leading request of the call being served, set on the request context for the tracing decorator (daprd
   * names the callee's span {@code CallLocal/<app>/<method>} or {@code CallActor/<type>/<method>} from it).
   */
  public static final AttributeKey<InternalInvokeRequest> CALL = AttributeKey.valueOf(InternalServer.class, "CALL");
  /**
   * The callee span's trace context, set by the tracing decorator when tracing is on: the app receives it
   * ({@code traceparent}, {@code tracestate}) in place of the caller's, as daprd's app channel sends its span.
   */
  public static final AttributeKey<io.jdaprd.core.tracing.TraceContext> TRACE = AttributeKey.valueOf(
      InternalServer.class, "TRACE");
  private static final Logger LOG = LoggerFactory.getLogger(InternalServer.class);

  private final InvokeBlock invoke;
  private final ActorCallee actors;

  /** Serves service invocation; the actor RPCs answer {@code Unimplemented}. */
  public InternalServer(InvokeBlock invoke) {
    this(invoke, null);
  }

  /** Serves service invocation and, with {@code actors} not {@code null}, actor calls. */
  public InternalServer(InvokeBlock invoke, ActorCallee actors) {
    this.invoke = invoke;
    this.actors = actors;
  }

  /** The gRPC service to serve on the internal port: messages up to {@code maxMessageBytes}. */
  public static GrpcService service(InvokeBlock invoke, long maxMessageBytes) {
    return service(invoke, null, maxMessageBytes);
  }

  /** The gRPC service to serve on the internal port, actor calls included: messages up to {@code maxMessageBytes}. */
  public static GrpcService service(InvokeBlock invoke, ActorCallee actors, long maxMessageBytes) {
    int max = (int) Math.min(Integer.MAX_VALUE, Math.max(maxMessageBytes, InternalClient.CHUNK * 2L));
    return GrpcService.builder().addService(new InternalServer(invoke, actors))
        .maxRequestMessageLength(max)
        .maxResponseMessageLength(max)
        .build();
  }

  @Override
  public void callLocal(InternalInvokeRequest incoming, StreamObserver<InternalInvokeResponse> responses) {
    if (!incoming.hasMessage()) {
      responses.onError(Status.INVALID_ARGUMENT.withDescription("parsing InternalInvokeRequest error: missing "
          + "message").asRuntimeException());
      return;
    }
    ServiceRequestContext.current().setAttr(CALL, incoming);
    InternalInvokeRequest request = traced(incoming, ServiceRequestContext.current());
    String caller = SidecarTls.peerSpiffeId(ServiceRequestContext.current());
    Thread.ofVirtual().name("call-local").start(() -> {
      byte[] data = request.getMessage().getData().getValue().toByteArray();
      try (InvokeResponse response = invoke.callLocal(Messages.request(request, new ByteArrayInputStream(data),
          data.length), caller)) {
        byte[] body = response.body().stream().readAllBytes();
        InternalInvokeResponse header = Messages.response(response);
        responses.onNext(header.toBuilder().setMessage(header.getMessage().toBuilder()
            .setData(Any.newBuilder().setValue(ByteString.copyFrom(body)))).build());
        responses.onCompleted();
      } catch (RemoteCallException e) {
        responses.onError(status(e).asRuntimeException());
      } catch (IOException e) {
        responses.onError(Status.INTERNAL.withDescription("error invoking app channel: failed to read the "
            + "response body: " + e.getMessage()).asRuntimeException());
      } catch (RuntimeException e) {
        LOG.warn("CallLocal failed", e);
        responses.onError(Status.INTERNAL.withDescription("internal error").asRuntimeException());
      }
    });
  }

  @Override
  public void callActor(InternalInvokeRequest request, StreamObserver<InternalInvokeResponse> responses) {
    if (actors == null) {
      super.callActor(request, responses);
      return;
    }
    Thread.ofVirtual().name("call-actor").start(() -> {
      try {
        ActorApp.Reply reply = actors.callActor(request.getActor().getActorType(), request.getActor().getActorId(),
            request.getMessage().getMethod(), actorRequest(request));
        responses.onNext(actorResponse(reply));
        responses.onCompleted();
      } catch (RemoteCallException e) {
        responses.onError(status(e).asRuntimeException());
      } catch (RuntimeException e) {
        LOG.warn("CallActor failed", e);
        responses.onError(Status.INTERNAL.withDescription("error invoke actor method: internal error")
            .asRuntimeException());
      }
    });
  }

  @Override
  public void callActorStream(InternalInvokeRequest request, StreamObserver<InternalInvokeResponse> responses) {
    if (actors == null) {
      super.callActorStream(request, responses);
      return;
    }
    Thread.ofVirtual().name("call-actor-stream").start(() -> {
      try {
        actors.callActorStream(request.getActor().getActorType(), request.getActor().getActorId(),
            request.getMessage().getMethod(), actorRequest(request), reply -> responses.onNext(actorResponse(reply)));
        responses.onCompleted();
      } catch (RemoteCallException e) {
        responses.onError(status(e).asRuntimeException());
      } catch (RuntimeException e) {
        LOG.warn("CallActorStream failed", e);
        responses.onError(Status.INTERNAL.withDescription("internal error").asRuntimeException());
      }
    });
  }

  private static ActorApp.Request actorRequest(InternalInvokeRequest request) {
    CommonProtos.InvokeRequest message = request.getMessage();
    return new ActorApp.Request(Messages.fromProto(request.getMetadataMap()),
        message.hasHttpExtension() ? message.getHttpExtension().getQuerystring() : "", message.getContentType(),
        message.getData().getValue().toByteArray());
  }

  private static InternalInvokeResponse actorResponse(ActorApp.Reply reply) {
    return InternalInvokeResponse.newBuilder()
        .setStatus(io.jdaprd.proto.internals.v1.Status.newBuilder().setCode(reply.status()))
        .putAllHeaders(Messages.toProto(reply.headers()))
        .setMessage(CommonProtos.InvokeResponse.newBuilder().setContentType(reply.contentType())
            .setData(Any.newBuilder().setValue(ByteString.copyFrom(reply.body()))))
        .build();
  }

  @Override
  public void callActorReminder(Reminder request, StreamObserver<Empty> responses) {
    if (actors == null) {
      super.callActorReminder(request, responses);
      return;
    }
    Thread.ofVirtual().name("call-actor-reminder").start(() -> {
      String data = request.hasData() ? request.getData().getValue().toStringUtf8() : null;
      try {
        actors.callReminder(new RemoteActors.ReminderCall(request.getActorType(), request.getActorId(),
            request.getName(), data, request.getDueTime(), request.getPeriod()));
        responses.onNext(Empty.getDefaultInstance());
        responses.onCompleted();
      } catch (RemoteCallException e) {
        responses.onError(status(e).asRuntimeException());
      } catch (RuntimeException e) {
        LOG.warn("CallActorReminder failed", e);
        responses.onError(Status.INTERNAL.withDescription("internal error").asRuntimeException());
      }
    });
  }

  @Override
  public StreamObserver<InternalInvokeRequestStream> callLocalStream(
      StreamObserver<InternalInvokeResponseStream> responses) {
    ServerCallStreamObserver<InternalInvokeResponseStream> out =
        (ServerCallStreamObserver<InternalInvokeResponseStream>) responses;
    out.disableAutoRequest();
    ReadySignal ready = new ReadySignal();
    out.setOnReadyHandler(ready::signal);
    out.setOnCancelHandler(ready::end);
    out.request(1);
    return new LocalStream(out, ready, SidecarTls.peerSpiffeId(ServiceRequestContext.current()));
  }

  /** {@code request} with the callee span's context ({@link #TRACE}) as its trace metadata, when there is one. */
  private static InternalInvokeRequest traced(InternalInvokeRequest request, ServiceRequestContext ctx) {
    io.jdaprd.core.tracing.TraceContext trace = ctx.attr(TRACE);
    if (trace == null) {
      return request;
    }
    InternalInvokeRequest.Builder b = request.toBuilder();
    for (String key : java.util.List.copyOf(request.getMetadataMap().keySet())) {
      if (key.equalsIgnoreCase(io.jdaprd.core.tracing.TraceContext.TRACEPARENT)
          || key.equalsIgnoreCase(io.jdaprd.core.tracing.TraceContext.TRACESTATE)) {
        b.removeMetadata(key);
      }
    }
    b.putMetadata(io.jdaprd.core.tracing.TraceContext.TRACEPARENT,
        io.jdaprd.proto.internals.v1.ListStringValue.newBuilder().addValues(trace.traceparent()).build());
    if (trace.tracestateHeader() != null) {
      b.putMetadata(io.jdaprd.core.tracing.TraceContext.TRACESTATE,
          io.jdaprd.proto.internals.v1.ListStringValue.newBuilder().addValues(trace.tracestateHeader()).build());
    }
    return b.build();
  }

  private static Status status(RemoteCallException e) {
    return Status.fromCodeValue(io.grpc.Status.Code.valueOf(e.code().name()).value())
        .withDescription(e.description());
  }

  /** One {@code CallLocalStream}: the callbacks feed the body; a virtual thread calls the app and answers. */
  private final class LocalStream implements StreamObserver<InternalInvokeRequestStream> {
    private final ServerCallStreamObserver<InternalInvokeResponseStream> out;
    private final ReadySignal ready;
    private final ChunkStream body;
    private final String caller;
    private boolean started;
    private long expectedSeq;
    private volatile boolean finished;

    LocalStream(ServerCallStreamObserver<InternalInvokeResponseStream> out, ReadySignal ready, String caller) {
      this.out = out;
      this.ready = ready;
      this.caller = caller;
      this.body = new ChunkStream(out::request, () -> { });
    }

    @Override
    public void onNext(InternalInvokeRequestStream message) {
      if (!started) {
        started = true;
        if (!message.hasRequest() || !message.getRequest().hasMessage()) {
          fail(Status.INVALID_ARGUMENT.withDescription("request does not contain the required fields in the "
              + "leading chunk"));
          return;
        }
        ServiceRequestContext current = ServiceRequestContext.currentOrNull();
        if (current != null) {
          current.setAttr(CALL, message.getRequest());
        }
        InternalInvokeRequest header = current == null ? message.getRequest() : traced(message.getRequest(), current);
        // A whole body in the leading message (as long as its Content-Length says) goes to the app from memory.
        byte[] whole = message.hasPayload() && Messages.whole(message.getPayload(), header.getMetadataMap())
            ? message.getPayload().getData().toByteArray() : null;
        if (message.hasPayload()) {
          payload(message.getPayload());
        }
        body.prefetch();
        Thread.ofVirtual().name("call-local-stream").start(() -> serve(header, whole));
        return;
      }
      if (message.hasRequest()) {
        body.fail("request metadata found in non-leading chunk");
        return;
      }
      payload(message.getPayload());
    }

    private void payload(CommonProtos.StreamPayload payload) {
      if (payload.getSeq() != expectedSeq) {
        body.fail("invalid sequence number received: " + payload.getSeq() + " (expected: " + expectedSeq + ")");
        return;
      }
      expectedSeq++;
      if (payload.getData().isEmpty()) {
        body.skip();
      } else {
        body.offer(payload.getData());
      }
    }

    private void serve(InternalInvokeRequest header, byte[] whole) {
      InvokeRequest request = whole == null ? Messages.request(header, body, -1)
          : Messages.request(header, new ByteArrayInputStream(whole), whole.length);
      try (InvokeResponse response = invoke.callLocal(request, caller)) {
        if (!ready.awaitReady(out)) {
          return;
        }
        InternalInvokeResponseStream.Builder leading = InternalInvokeResponseStream.newBuilder()
            .setResponse(Messages.response(response));
        long length = response.body().length();
        BodyChunks chunks = new BodyChunks(response.body().stream(), length);
        long seq = 0;
        if (length >= 0 && length <= InternalClient.CHUNK) {
          // A small answer of known size goes in the leading message; an answer of unknown size keeps its headers
          // first, so that a stream (server-sent events) starts at once.
          ByteString first = chunks.next();
          if (!first.isEmpty()) {
            leading.setPayload(CommonProtos.StreamPayload.newBuilder().setData(first).setSeq(seq++));
          }
        }
        out.onNext(leading.build());
        ByteString data;
        while (!(data = chunks.next()).isEmpty()) {
          if (!ready.awaitReady(out)) {
            return;
          }
          out.onNext(InternalInvokeResponseStream.newBuilder().setPayload(CommonProtos.StreamPayload.newBuilder()
              .setData(data).setSeq(seq++)).build());
        }
        finished = true;
        out.onCompleted();
      } catch (RemoteCallException e) {
        fail(status(e));
      } catch (IOException e) {
        fail(Status.INTERNAL.withDescription("error receiving message: " + e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(Status.CANCELLED.withDescription("context canceled"));
      } catch (RuntimeException e) {
        LOG.warn("CallLocalStream failed", e);
        fail(Status.INTERNAL.withDescription("internal error"));
      } finally {
        body.close();
      }
    }

    private void fail(Status status) {
      if (!finished && !ready.ended()) {
        finished = true;
        try {
          out.onError(status.asRuntimeException());
        } catch (IllegalStateException alreadyClosed) {
          // the caller went away first
        }
      }
    }

    @Override
    public void onError(Throwable t) {
      body.fail("error receiving message: " + t.getMessage());
      ready.end();
    }

    @Override
    public void onCompleted() {
      body.finish();
    }
  }
}
