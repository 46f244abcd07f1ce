package io.jdaprd.api.grpc.conversation;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.conversation.ConversationBlock;
import io.jdaprd.core.runtime.Blocks;

/** Binds {@code ConverseAlpha1} and {@code ConverseAlpha2}. */
public final class ConversationMethods {
  private ConversationMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link ConversationBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    ConversationBlock block = blocks.get(ConversationBlock.class);
    methods.empty(DaprGrpc.getConverseAlpha1Method(), r -> block.converse(r.getName()))
        .empty(DaprGrpc.getConverseAlpha2Method(), r -> block.converse(r.getName()));
  }
}
