package io.jdaprd.api.grpc.state;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.state.StateBlock;

/** Binds the state RPCs to {@link StateHandlers}. */
public final class StateMethods {
  private StateMethods() {
  }

  /** Binds the state RPCs of {@code blocks}. */
  public static void bind(Blocks blocks, GrpcMethods methods) {
    StateHandlers state = new StateHandlers(blocks.get(StateBlock.class));
    methods.unary(DaprGrpc.getGetStateMethod(), state::get)
        .unary(DaprGrpc.getGetBulkStateMethod(), state::bulkGet)
        .unary(DaprGrpc.getSaveStateMethod(), state::save)
        .unary(DaprGrpc.getDeleteStateMethod(), state::delete)
        .unary(DaprGrpc.getDeleteBulkStateMethod(), state::bulkDelete)
        .unary(DaprGrpc.getExecuteStateTransactionMethod(), state::transact)
        .unary(DaprGrpc.getQueryStateAlpha1Method(), state::query);
  }
}
