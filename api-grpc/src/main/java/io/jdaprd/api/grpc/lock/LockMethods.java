package io.jdaprd.api.grpc.lock;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.lock.LockBlock;
import io.jdaprd.core.runtime.Blocks;

/** Binds {@code TryLockAlpha1} and {@code UnlockAlpha1}. */
public final class LockMethods {
  private LockMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link LockBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    LockBlock block = blocks.get(LockBlock.class);
    methods.empty(DaprGrpc.getTryLockAlpha1Method(), r -> block.tryLock(r.getStoreName(), r.getExpiryInSeconds()))
        .empty(DaprGrpc.getUnlockAlpha1Method(), r -> block.unlock(r.getStoreName()));
  }
}
