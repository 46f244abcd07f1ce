package io.jdaprd.api.grpc.crypto;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.crypto.CryptoBlock;
import io.jdaprd.core.runtime.Blocks;

/** Binds the crypto streams and the subtle crypto RPCs. */
public final class CryptoMethods {
  private CryptoMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link CryptoBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    CryptoBlock block = blocks.get(CryptoBlock.class);
    methods.empty(DaprGrpc.getEncryptAlpha1Method(), r -> block.transform())
        .empty(DaprGrpc.getDecryptAlpha1Method(), r -> block.transform())
        .empty(DaprGrpc.getSubtleGetKeyAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleEncryptAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleDecryptAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleWrapKeyAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleUnwrapKeyAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleSignAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleVerifyAlpha1Method(), r -> block.subtle());
  }
}
