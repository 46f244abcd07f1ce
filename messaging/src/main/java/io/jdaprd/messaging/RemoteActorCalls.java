package io.jdaprd.messaging;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Empty;
import io.dapr.v1.CommonProtos;
import io.jdaprd.core.actors.ActorApp.Reply;
import io.jdaprd.core.actors.ActorApp.Request;
import io.jdaprd.core.actors.ActorPlacement;
import io.jdaprd.core.actors.RemoteActors;
import io.jdaprd.core.invoke.RemoteCallException;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.proto.internals.v1.APIVersion;
import io.jdaprd.proto.internals.v1.Actor;
import io.jdaprd.proto.internals.v1.InternalInvokeRequest;
import io.jdaprd.proto.internals.v1.InternalInvokeResponse;
import io.jdaprd.proto.internals.v1.Reminder;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * Actor calls to other sidecars over daprd's internal API, on the connections of an {@link InternalClient}: unary
 * {@code CallActor} (the request's headers as metadata, verb PUT, the body in {@code message.data}), its streamed
 * twin {@code CallActorStream} (the same request; each streamed answer read as {@code CallActor}'s) and
 * {@code CallActorReminder}. The owner is in this sidecar's namespace (placement tables are per namespace).
 */
public final class RemoteActorCalls implements RemoteActors {
  private final InternalClient client;
  private final String namespace;

  /** Calls through {@code client} to owners in {@code namespace}. */
  public RemoteActorCalls(InternalClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public Reply invoke(ActorPlacement.Owner owner, String actorType, String actorId, String method, Request request)
      throws RemoteCallException {
    CompletableFuture<InternalInvokeResponse> answer = new CompletableFuture<>();
    client.stub(owner.address(), owner.appId(), namespace).callActor(call(actorType, actorId, method, request),
        UnaryObservers.into(answer));
    return reply(await(answer, owner.address()));
  }

  @Override
  public void invokeStream(ActorPlacement.Owner owner, String actorType, String actorId, String method,
      Request request, Consumer<Reply> responses) throws RemoteCallException {
    // The gRPC callbacks only queue; the caller's thread hands the answers on, in order, and ends with the status.
    LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    Object end = new Object();
    client.stub(owner.address(), owner.appId(), namespace).callActorStream(call(actorType, actorId, method, request),
        new StreamObserver<>() {
          @Override
          public void onNext(InternalInvokeResponse value) {
            events.add(value);
          }

          @Override
          public void onError(Throwable t) {
            events.add(t);
          }

          @Override
          public void onCompleted() {
            events.add(end);
          }
        });
    try {
      while (true) {
        Object event = events.take();
        if (event == end) {
          return;
        }
        if (event instanceof Throwable t) {
          throw InternalClient.failure(t, owner.address());
        }
        responses.accept(reply((InternalInvokeResponse) event));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteCallException(CauseCode.CANCELLED, "context canceled");
    }
  }

  private static Reply reply(InternalInvokeResponse response) {
    return new Reply(response.getStatus().getCode(), Messages.fromProto(response.getHeadersMap()),
        response.getMessage().getContentType(), response.getMessage().getData().getValue().toByteArray());
  }

  private static InternalInvokeRequest call(String actorType, String actorId, String method, Request request) {
    return InternalInvokeRequest.newBuilder()
        .setVer(APIVersion.V1)
        .putAllMetadata(Messages.toProto(request.headers()))
        .setMessage(CommonProtos.InvokeRequest.newBuilder().setMethod(method)
            .setContentType(request.contentType())
            .setData(Any.newBuilder().setValue(ByteString.copyFrom(request.body())))
            .setHttpExtension(CommonProtos.HTTPExtension.newBuilder().setVerb(CommonProtos.HTTPExtension.Verb.PUT)
                .setQuerystring(request.query())))
        .setActor(Actor.newBuilder().setActorType(actorType).setActorId(actorId))
        .build();
  }

  @Override
  public void remind(ActorPlacement.Owner owner, ReminderCall reminder) throws RemoteCallException {
    Reminder.Builder call = Reminder.newBuilder().setActorType(reminder.actorType()).setActorId(reminder.actorId())
        .setName(reminder.name()).setDueTime(nonNull(reminder.dueTime())).setPeriod(nonNull(reminder.period()));
    if (reminder.data() != null) {
      call.setData(Any.newBuilder().setValue(ByteString.copyFrom(reminder.data(), StandardCharsets.UTF_8)));
    }
    CompletableFuture<Empty> answer = new CompletableFuture<>();
    client.stub(owner.address(), owner.appId(), namespace).callActorReminder(call.build(), UnaryObservers.into(answer));
    await(answer, owner.address());
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static <T> T await(CompletableFuture<T> answer, String address) throws RemoteCallException {
    try {
      return answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteCallException(CauseCode.CANCELLED, "context canceled");
    } catch (ExecutionException e) {
      throw InternalClient.failure(e.getCause(), address);
    }
  }
}
