package io.jdaprd.api.grpc.lock;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprLockProtos.TryLockResponse;
import io.dapr.v1.DaprLockProtos.UnlockResponse;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.lock.LockBlock;
import io.jdaprd.core.runtime.Blocks;

/**
 * Binds {@code TryLockAlpha1} and {@code UnlockAlpha1}: the request's fields to {@link LockBlock}, its answer to
 * {@code TryLockResponse.success} and {@code UnlockResponse.status} (the same number the SPI's status carries).
 */
public final class LockMethods {
  private LockMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link LockBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    LockBlock block = blocks.get(LockBlock.class);
    methods.unary(DaprGrpc.getTryLockAlpha1Method(), r -> TryLockResponse.newBuilder()
        .setSuccess(block.tryLock(r.getStoreName(), r.getResourceId(), r.getLockOwner(), r.getExpiryInSeconds()))
        .build())
        .unary(DaprGrpc.getUnlockAlpha1Method(), r -> UnlockResponse.newBuilder()
            .setStatusValue(block.unlock(r.getStoreName(), r.getResourceId(), r.getLockOwner()).code())
            .build());
  }
}
