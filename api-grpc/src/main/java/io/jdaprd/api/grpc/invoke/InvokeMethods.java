package io.jdaprd.api.grpc.invoke;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.runtime.Blocks;

/** Binds {@code InvokeService}. */
public final class InvokeMethods {
  private InvokeMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link InvokeBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    methods.add(DaprGrpc.getInvokeServiceMethod(), new InvokeServiceHandler(blocks.get(InvokeBlock.class),
        methods.calls()));
  }
}
