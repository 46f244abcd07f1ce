package io.jdaprd.api.grpc.actors;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.Transport;
import io.jdaprd.core.actors.ActorsBlock;
import io.jdaprd.core.actors.ActorsBlock.Operation;
import io.jdaprd.core.runtime.Blocks;

/** Binds the actor RPCs. */
public final class ActorsMethods {
  private ActorsMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link ActorsBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    ActorsBlock block = blocks.get(ActorsBlock.class);
    methods.empty(DaprGrpc.getInvokeActorMethod(), r -> call(block, Operation.INVOKE, r.getActorType()))
        .empty(DaprGrpc.getGetActorStateMethod(), r -> call(block, Operation.GET_STATE, r.getActorType()))
        .empty(DaprGrpc.getExecuteActorStateTransactionMethod(),
            r -> call(block, Operation.STATE_TRANSACTION, r.getActorType()))
        .empty(DaprGrpc.getRegisterActorTimerMethod(), r -> call(block, Operation.CREATE_TIMER, r.getActorType()))
        .empty(DaprGrpc.getUnregisterActorTimerMethod(), r -> call(block, Operation.DELETE_TIMER, r.getActorType()))
        .empty(DaprGrpc.getRegisterActorReminderMethod(),
            r -> call(block, Operation.CREATE_REMINDER, r.getActorType()))
        .empty(DaprGrpc.getUnregisterActorReminderMethod(),
            r -> call(block, Operation.DELETE_REMINDER, r.getActorType()))
        .empty(DaprGrpc.getGetActorReminderMethod(), r -> call(block, Operation.GET_REMINDER, r.getActorType()))
        .empty(DaprGrpc.getListActorRemindersMethod(), r -> call(block, Operation.LIST_REMINDERS, r.getActorType()))
        .empty(DaprGrpc.getUnregisterActorRemindersByTypeMethod(),
            r -> call(block, Operation.DELETE_REMINDERS_BY_TYPE, r.getActorType()));
  }

  private static void call(ActorsBlock block, Operation operation, String actorType) {
    block.call(ActorsBlock.Call.of(operation, actorType), Transport.GRPC);
  }
}
