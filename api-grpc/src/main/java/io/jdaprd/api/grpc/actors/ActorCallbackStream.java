package io.jdaprd.api.grpc.actors;

import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsRequestAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseAlpha1;
import io.dapr.v1.DaprActorCallbacksProtos.SubscribeActorEventsResponseInitialAlpha1;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.StreamObserver;
import io.jdaprd.core.actors.callbackstream.ActorAnswer;
import io.jdaprd.core.actors.callbackstream.ActorCallback;
import io.jdaprd.core.actors.callbackstream.ActorCallbackStreams;

/**
 * {@code SubscribeActorEventsAlpha1}, daprd 1.18's app-initiated actor callback stream (its messages are jdaprd's
 * {@code actor_callbacks.proto}; the 1.17 Dapr service descriptor lacks the RPC, so {@link #METHOD} is bound into the
 * served service beside it). With an HTTP app the stream is refused with {@code FailedPrecondition: actor callback
 * streaming requires a gRPC app channel}; a first message that is not the initial request is
 * {@code InvalidArgument: first message must be SubscribeActorEventsRequestInitialAlpha1}; a registration the runtime
 * refuses is {@code Internal: failed to register hosted actors: <why>}. Otherwise the sidecar acknowledges with
 * {@code initial_response}, sends callbacks and routes the app's answers by id; when the app ends the stream
 * (half-close or cancel) the types are unregistered and the callbacks in flight fail. All plain statuses, as
 * daprd's.
 */
public final class ActorCallbackStream {
  /** {@code dapr.proto.runtime.v1.Dapr/SubscribeActorEventsAlpha1}, bidirectional streaming. */
  public static final MethodDescriptor<SubscribeActorEventsRequestAlpha1, SubscribeActorEventsResponseAlpha1> METHOD =
      MethodDescriptor.<SubscribeActorEventsRequestAlpha1, SubscribeActorEventsResponseAlpha1>newBuilder()
          .setType(MethodDescriptor.MethodType.BIDI_STREAMING)
          .setFullMethodName(MethodDescriptor.generateFullMethodName("dapr.proto.runtime.v1.Dapr",
              "SubscribeActorEventsAlpha1"))
          .setRequestMarshaller(ProtoUtils.marshaller(SubscribeActorEventsRequestAlpha1.getDefaultInstance()))
          .setResponseMarshaller(ProtoUtils.marshaller(SubscribeActorEventsResponseAlpha1.getDefaultInstance()))
          .build();

  private final ActorCallbackStreams streams;

  public ActorCallbackStream(ActorCallbackStreams streams) {
    this.streams = streams;
  }

  /** The request side of a new stream answering on {@code responses}. */
  public StreamObserver<SubscribeActorEventsRequestAlpha1> open(
      StreamObserver<SubscribeActorEventsResponseAlpha1> responses) {
    if (!streams.accepted()) {
      responses.onError(Status.FAILED_PRECONDITION
          .withDescription("actor callback streaming requires a gRPC app channel").asRuntimeException());
      return new Ignored();
    }
    return new Stream(responses);
  }

  /** The requests of a refused stream. */
  private static final class Ignored implements StreamObserver<SubscribeActorEventsRequestAlpha1> {
    @Override
    public void onNext(SubscribeActorEventsRequestAlpha1 value) {
    }

    @Override
    public void onError(Throwable t) {
    }

    @Override
    public void onCompleted() {
    }
  }

  private final class Stream implements StreamObserver<SubscribeActorEventsRequestAlpha1> {
    private final StreamObserver<SubscribeActorEventsResponseAlpha1> responses;
    private volatile boolean started;
    private volatile boolean ended;
    private volatile ActorCallbackStreams.Session session;

    Stream(StreamObserver<SubscribeActorEventsResponseAlpha1> responses) {
      this.responses = responses;
    }

    @Override
    public void onNext(SubscribeActorEventsRequestAlpha1 request) {
      if (ended) {
        return;
      }
      if (!started) {
        started = true;
        if (!request.hasInitialRequest()) {
          fail(Status.INVALID_ARGUMENT.withDescription(
              "first message must be SubscribeActorEventsRequestInitialAlpha1"));
          return;
        }
        synchronized (responses) {
          try {
            session = streams.open(ActorCallbackMessages.config(request.getInitialRequest()), this::send);
          } catch (IllegalStateException e) {
            fail(Status.INTERNAL.withDescription("failed to register hosted actors: " + e.getMessage()));
            return;
          }
          // Holding the stream's lock, no callback can go out before the acknowledgement.
          responses.onNext(SubscribeActorEventsResponseAlpha1.newBuilder()
              .setInitialResponse(SubscribeActorEventsResponseInitialAlpha1.getDefaultInstance()).build());
        }
        return;
      }
      ActorAnswer answer = ActorCallbackMessages.answer(request);
      if (answer != null) {
        session.deliver(answer);
      }
    }

    private void send(ActorCallback callback) {
      SubscribeActorEventsResponseAlpha1 message = ActorCallbackMessages.callback(callback);
      synchronized (responses) {
        if (ended) {
          throw new IllegalStateException("the stream has ended");
        }
        responses.onNext(message);
      }
    }

    private void fail(Status status) {
      end();
      synchronized (responses) {
        responses.onError(status.asRuntimeException());
      }
    }

    private void end() {
      ended = true;
      ActorCallbackStreams.Session s = session;
      if (s != null) {
        s.close();
      }
    }

    @Override
    public void onError(Throwable t) {
      end();
    }

    @Override
    public void onCompleted() {
      if (ended) {
        return; // the sidecar already ended the call
      }
      end();
      synchronized (responses) {
        if (started) {
          responses.onCompleted();
        } else {
          // daprd returns the receive error of a stream closed before its first message: io.EOF
          responses.onError(Status.UNKNOWN.withDescription("EOF").asRuntimeException());
        }
      }
    }
  }
}
