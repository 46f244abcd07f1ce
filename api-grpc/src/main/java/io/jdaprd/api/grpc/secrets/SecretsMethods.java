package io.jdaprd.api.grpc.secrets;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.secrets.SecretsBlock;
import io.jdaprd.core.runtime.Blocks;

/** Binds {@code GetSecret} and {@code GetBulkSecret}. */
public final class SecretsMethods {
  private SecretsMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link SecretsBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    SecretsBlock block = blocks.get(SecretsBlock.class);
    methods.empty(DaprGrpc.getGetSecretMethod(), r -> block.get(r.getStoreName(), r.getKey()))
        .empty(DaprGrpc.getGetBulkSecretMethod(), r -> block.bulkGet(r.getStoreName()));
  }
}
