package io.jdaprd.api.grpc.bindings;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.bindings.BindingsBlock;
import io.jdaprd.core.runtime.Blocks;

/** Binds {@code InvokeBinding}. */
public final class BindingsMethods {
  private BindingsMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link BindingsBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    BindingsBlock block = blocks.get(BindingsBlock.class);
    methods.empty(DaprGrpc.getInvokeBindingMethod(), r -> block.invoke(r.getName()));
  }
}
