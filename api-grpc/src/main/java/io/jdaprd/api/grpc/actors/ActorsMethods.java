package io.jdaprd.api.grpc.actors;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.BytesValue;
import io.dapr.v1.DaprActorsProtos.ActorReminder;
import io.dapr.v1.DaprActorsProtos.GetActorReminderResponse;
import io.dapr.v1.DaprActorsProtos.ListActorRemindersResponse;
import io.dapr.v1.DaprActorsProtos.NamedActorReminder;
import io.dapr.v1.DaprActorsProtos.UnregisterActorRemindersByTypeResponse;
import io.dapr.v1.DaprActorsProtos.ExecuteActorStateTransactionRequest;
import io.dapr.v1.DaprActorsProtos.GetActorStateRequest;
import io.dapr.v1.DaprActorsProtos.GetActorStateResponse;
import io.dapr.v1.DaprActorsProtos.InvokeActorRequest;
import io.dapr.v1.DaprActorsProtos.InvokeActorResponse;
import io.dapr.v1.DaprGrpc;
import io.grpc.stub.ServerCalls;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorApp;
import io.jdaprd.core.actors.ActorsBlock;
import io.jdaprd.core.actors.callbackstream.ActorCallbackStreams;
import io.jdaprd.core.actors.ActorsBlock.StateOperation;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.golang.GoJson;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds the actor RPCs, and daprd 1.18's {@code SubscribeActorEventsAlpha1} ({@link ActorCallbackStream}).
 * {@code InvokeActor} passes the request's {@code metadata} map (not the call's gRPC metadata) to the actor, as daprd
 * does, and answers the actor's body; an actor error answers its body with OK.
 */
public final class ActorsMethods {
  private ActorsMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link ActorsBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    ActorsBlock block = blocks.get(ActorsBlock.class);
    methods.unary(DaprGrpc.getInvokeActorMethod(), r -> invoke(block, r))
        .unary(DaprGrpc.getGetActorStateMethod(), r -> getState(block, r))
        .empty(DaprGrpc.getExecuteActorStateTransactionMethod(), r -> transaction(block, r))
        .empty(DaprGrpc.getRegisterActorTimerMethod(), r -> block.createTimer(new ActorsBlock.TimerRequest(
            r.getActorType(), r.getActorId(), r.getName(), r.getDueTime(), r.getPeriod(), r.getTtl(),
            r.getCallback(), r.getData().isEmpty() ? null
                : GoJson.marshal(Base64.getEncoder().encodeToString(r.getData().toByteArray()))), null,
            Transport.GRPC))
        .empty(DaprGrpc.getUnregisterActorTimerMethod(),
            r -> block.deleteTimer(r.getActorType(), r.getActorId(), r.getName(), Transport.GRPC))
        .empty(DaprGrpc.getRegisterActorReminderMethod(), r -> block.createReminder(new ActorsBlock.ReminderRequest(
            r.getActorType(), r.getActorId(), r.getName(), r.getDueTime(), r.getPeriod(), r.getTtl(),
            r.getData().isEmpty() ? null : GoJson.marshal(Base64.getEncoder().encodeToString(
                r.getData().toByteArray())), !r.hasOverwrite() || r.getOverwrite()), null, Transport.GRPC))
        .empty(DaprGrpc.getUnregisterActorReminderMethod(),
            r -> block.deleteReminder(r.getActorType(), r.getActorId(), r.getName(), Transport.GRPC))
        .unary(DaprGrpc.getGetActorReminderMethod(), r -> reminder(
            block.getReminder(r.getActorType(), r.getActorId(), r.getName(), Transport.GRPC)))
        .unary(DaprGrpc.getListActorRemindersMethod(), r -> list(
            block.listReminders(r.getActorType(), r.hasActorId() ? r.getActorId() : null)))
        .unary(DaprGrpc.getUnregisterActorRemindersByTypeMethod(), r -> {
          block.deleteReminders(r.getActorType(), r.hasActorId() ? r.getActorId() : null);
          return UnregisterActorRemindersByTypeResponse.getDefaultInstance();
        })
        .add(ActorCallbackStream.METHOD, ServerCalls.asyncBidiStreamingCall(
            new ActorCallbackStream(blocks.get(ActorCallbackStreams.class))::open));
  }

  private static InvokeActorResponse invoke(ActorsBlock block, InvokeActorRequest r) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    r.getMetadataMap().forEach((k, v) -> headers.put(k, List.of(v)));
    headers.put("Dapr-API-Call", List.of("true"));
    ActorApp.Reply reply = block.invoke(new ActorsBlock.Invocation(r.getActorType(), r.getActorId(), r.getMethod(),
        new ActorApp.Request(headers, "", "", r.getData().toByteArray())), Transport.GRPC);
    return InvokeActorResponse.newBuilder().setData(ByteString.copyFrom(reply.body())).build();
  }

  private static GetActorStateResponse getState(ActorsBlock block, GetActorStateRequest r) {
    Optional<StoredValue> value = block.getState(r.getActorType(), r.getActorId(), r.getKey());
    GetActorStateResponse.Builder out = GetActorStateResponse.newBuilder();
    value.ifPresent(v -> out.setData(ByteString.copyFrom(v.data())).putAllMetadata(v.metadata()));
    return out.build();
  }

  private static void transaction(ActorsBlock block, ExecuteActorStateTransactionRequest r) {
    List<StateOperation> ops = r.getOperationsList().stream()
        .map(o -> new StateOperation(o.getOperationType(), true, o.getKey(), o.getValue().getValue().toByteArray(),
            null, o.getMetadataMap()))
        .toList();
    block.transaction(r.getActorType(), r.getActorId(), ops, null, Transport.GRPC);
  }

  private static ListActorRemindersResponse list(List<ActorsBlock.NamedReminder> reminders) {
    ListActorRemindersResponse.Builder out = ListActorRemindersResponse.newBuilder();
    for (ActorsBlock.NamedReminder n : reminders) {
      GetActorReminderResponse v = reminder(n.reminder());
      ActorReminder.Builder r = ActorReminder.newBuilder().setActorType(v.getActorType()).setActorId(v.getActorId());
      if (v.hasDueTime()) {
        r.setDueTime(v.getDueTime());
      }
      if (v.hasPeriod()) {
        r.setPeriod(v.getPeriod());
      }
      if (v.hasData()) {
        r.setData(v.getData());
      }
      out.addReminders(NamedActorReminder.newBuilder().setName(n.name()).setReminder(r));
    }
    return out.build();
  }

  private static GetActorReminderResponse reminder(ActorsBlock.ReminderView v) {
    GetActorReminderResponse.Builder out = GetActorReminderResponse.newBuilder().setActorType(v.actorType())
        .setActorId(v.actorId());
    if (!v.dueTime().isEmpty()) {
      out.setDueTime(v.dueTime());
    }
    if (!v.period().isEmpty()) {
      out.setPeriod(v.period());
    }
    if (v.ttl() != null) {
      out.setTtl(v.ttl());
    }
    if (v.data() != null) {
      out.setData(Any.pack(BytesValue.of(ByteString.copyFromUtf8(v.data()))));
    }
    return out.build();
  }
}
