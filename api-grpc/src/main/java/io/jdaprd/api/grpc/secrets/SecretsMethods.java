package io.jdaprd.api.grpc.secrets;

import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprSecretProtos.GetBulkSecretResponse;
import io.dapr.v1.DaprSecretProtos.GetSecretResponse;
import io.dapr.v1.DaprSecretProtos.SecretResponse;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.secrets.SecretsBlock;
import java.util.Map;

/**
 * Binds {@code GetSecret} and {@code GetBulkSecret}: the request's store, key and metadata go to the
 * {@link SecretsBlock}; its answer is the response's {@code data} (empty when the store answered none).
 */
public final class SecretsMethods {
  private SecretsMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link SecretsBlock}. */
  public static void bind(Blocks blocks, GrpcMethods methods) {
    SecretsBlock block = blocks.get(SecretsBlock.class);
    methods.unary(DaprGrpc.getGetSecretMethod(), r -> {
      Map<String, String> secret = block.get(r.getStoreName(), r.getKey(), r.getMetadataMap());
      GetSecretResponse.Builder out = GetSecretResponse.newBuilder();
      if (secret != null) {
        out.putAllData(secret);
      }
      return out.build();
    }).unary(DaprGrpc.getGetBulkSecretMethod(), r -> {
      Map<String, Map<String, String>> all = block.bulkGet(r.getStoreName(), r.getMetadataMap());
      GetBulkSecretResponse.Builder out = GetBulkSecretResponse.newBuilder();
      if (all != null) {
        all.forEach((name, secret) -> out.putData(name, SecretResponse.newBuilder().putAllSecrets(secret).build()));
      }
      return out.build();
    });
  }
}
