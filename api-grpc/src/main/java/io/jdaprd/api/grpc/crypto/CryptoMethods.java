package io.jdaprd.api.grpc.crypto;

import io.dapr.v1.CommonProtos.StreamPayload;
import io.dapr.v1.DaprCryptoProtos.DecryptRequest;
import io.dapr.v1.DaprCryptoProtos.DecryptResponse;
import io.dapr.v1.DaprCryptoProtos.EncryptRequest;
import io.dapr.v1.DaprCryptoProtos.EncryptRequestOptions;
import io.dapr.v1.DaprCryptoProtos.EncryptResponse;
import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.Transport;
import io.jdaprd.core.crypto.CryptoBlock;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.factories.CommonErrors;
import java.io.InputStream;

/** Binds the crypto streams ({@link CryptoStream}) and the subtle crypto RPCs. */
public final class CryptoMethods {
  private static final String NO_OPTIONS = "first message does not contain the required options";

  private CryptoMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link CryptoBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    CryptoBlock block = blocks.get(CryptoBlock.class);
    methods.add(DaprGrpc.getEncryptAlpha1Method(), new CryptoStream<>(new Encrypt(block), methods.calls()))
        .add(DaprGrpc.getDecryptAlpha1Method(), new CryptoStream<>(new Decrypt(block), methods.calls()))
        .empty(DaprGrpc.getSubtleGetKeyAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleEncryptAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleDecryptAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleWrapKeyAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleUnwrapKeyAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleSignAlpha1Method(), r -> block.subtle())
        .empty(DaprGrpc.getSubtleVerifyAlpha1Method(), r -> block.subtle());
  }

  private record Encrypt(CryptoBlock block) implements CryptoStream.Kind<EncryptRequest, EncryptResponse> {
    @Override
    public RuntimeException validate(EncryptRequest first) {
      return first.hasOptions() ? null : CommonErrors.badRequest(NO_OPTIONS);
    }

    @Override
    public boolean hasOptions(EncryptRequest message) {
      return message.hasOptions();
    }

    @Override
    public StreamPayload payload(EncryptRequest message) {
      return message.hasPayload() ? message.getPayload() : null;
    }

    @Override
    public InputStream start(EncryptRequest first, InputStream payloads) {
      EncryptRequestOptions o = first.getOptions();
      return block.encrypt(Transport.GRPC, new CryptoBlock.EncryptRequest(o.getComponentName(), o.getKeyName(),
          o.getKeyWrapAlgorithm(), o.getOmitDecryptionKeyName(), o.getDecryptionKeyName(),
          o.getDataEncryptionCipher()), payloads);
    }

    @Override
    public EncryptResponse response(StreamPayload payload) {
      return EncryptResponse.newBuilder().setPayload(payload).build();
    }
  }

  private record Decrypt(CryptoBlock block) implements CryptoStream.Kind<DecryptRequest, DecryptResponse> {
    @Override
    public RuntimeException validate(DecryptRequest first) {
      return first.hasOptions() ? null : CommonErrors.badRequest(NO_OPTIONS);
    }

    @Override
    public boolean hasOptions(DecryptRequest message) {
      return message.hasOptions();
    }

    @Override
    public StreamPayload payload(DecryptRequest message) {
      return message.hasPayload() ? message.getPayload() : null;
    }

    @Override
    public InputStream start(DecryptRequest first, InputStream payloads) {
      return block.decrypt(first.getOptions().getComponentName(), first.getOptions().getKeyName(), payloads);
    }

    @Override
    public DecryptResponse response(StreamPayload payload) {
      return DecryptResponse.newBuilder().setPayload(payload).build();
    }
  }
}
