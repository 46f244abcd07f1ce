package io.jdaprd.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.core.Transport;
import io.jdaprd.errors.DaprException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.crypto.KeyProviderException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.PublicKey;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The block's checks in daprd's order on each wire, and a round trip through a provider. */
class CryptoBlockTest {
  /** Wraps by XOR with a fixed byte: enough to show the block uses the provider both ways. */
  private static final KeyProvider XOR = new KeyProvider() {
    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Set<String> supportedAlgorithms() {
      return Set.of("A256KW");
    }

    @Override
    public PublicKey getKey(String name) throws KeyProviderException {
      throw new KeyProviderException("key not found");
    }

    @Override
    public WrappedKey wrapKey(byte[] key, String algorithm, String keyName, byte[] nonce)
        throws KeyProviderException {
      if (!keyName.equals("k")) {
        throw new KeyProviderException("key not found");
      }
      byte[] out = key.clone();
      for (int i = 0; i < out.length; i++) {
        out[i] ^= 0x5a;
      }
      return new WrappedKey(out, null);
    }

    @Override
    public byte[] unwrapKey(byte[] wrapped, String algorithm, String keyName, byte[] nonce, byte[] tag)
        throws KeyProviderException {
      return wrapKey(wrapped, algorithm, keyName, nonce).wrappedKey();
    }
  };

  private static String error(Runnable call) {
    try {
      call.run();
      return "no error";
    } catch (DaprException e) {
      return e.errorCode() + " " + e.getMessage();
    }
  }

  private static CryptoBlock.EncryptRequest request(String component, String key, String algorithm) {
    return new CryptoBlock.EncryptRequest(component, key, algorithm, false, "", "");
  }

  @Test
  void httpChecksTheComponentFirstGrpcTheOptions() {
    CryptoBlock none = new CryptoBlock(Map.of());
    InputStream in = InputStream.nullInputStream();
    assertThat(error(() -> none.encrypt(Transport.HTTP, request("c", "", ""), in)))
        .isEqualTo("ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED crypto providers not configured");
    assertThat(error(() -> none.encrypt(Transport.GRPC, request("c", "", ""), in)))
        .isEqualTo("ERR_BAD_REQUEST invalid request: missing property 'keyName' in the options message");
    assertThat(error(() -> none.encrypt(Transport.GRPC, request("c", "k", ""), in)))
        .isEqualTo("ERR_BAD_REQUEST invalid request: missing property 'keyWrapAlgorithm' in the options message");
    assertThat(error(() -> none.encrypt(Transport.GRPC, request("c", "k", "A256KW"), in)))
        .isEqualTo("ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED crypto providers not configured");
    assertThat(error(() -> none.decrypt("c", "", in)))
        .isEqualTo("ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED crypto providers not configured");

    CryptoBlock block = new CryptoBlock(Map.of("keys", XOR));
    assertThat(error(() -> block.encrypt(Transport.HTTP, request("", "", ""), in)))
        .isEqualTo("ERR_BAD_REQUEST invalid request: missing component name");
    assertThat(error(() -> block.encrypt(Transport.HTTP, request("nope", "", ""), in)))
        .isEqualTo("ERR_CRYPTO_PROVIDER_NOT_FOUND crypto provider nope not found");
    assertThat(error(() -> block.encrypt(Transport.HTTP, request("keys", "", ""), in)))
        .isEqualTo("ERR_BAD_REQUEST invalid request: missing header 'dapr-key-name'");
    assertThat(error(() -> block.encrypt(Transport.HTTP, request("keys", "k", ""), in)))
        .isEqualTo("ERR_BAD_REQUEST invalid request: missing header 'dapr-key-wrap-algorithm'");
    assertThat(error(() -> block.encrypt(Transport.HTTP, request("keys", "other", "aes"), in)))
        .isEqualTo("ERR_CRYPTO failed to perform operation: failed to wrap the file key: key not found");
  }

  @Test
  void roundTripsThroughTheProvider() throws Exception {
    CryptoBlock block = new CryptoBlock(Map.of("keys", XOR));
    byte[] plain = "hello".getBytes();
    byte[] enc = block.encrypt(Transport.HTTP, new CryptoBlock.EncryptRequest("keys", "k", "a256kw", false, "",
        "chacha20-poly1305"), new ByteArrayInputStream(plain)).readAllBytes();
    assertThat(new String(enc).split("\n")[1]).startsWith("{\"k\":\"k\",\"kw\":1,").contains("\"cph\":2,");
    assertThat(block.decrypt("keys", "", new ByteArrayInputStream(enc)).readAllBytes()).isEqualTo(plain);
    assertThatThrownBy(() -> block.decrypt("keys", "other", new ByteArrayInputStream(enc)))
        .hasMessage("failed to perform operation: failed to validate the document's signature");
  }

  @Test
  void everyKeyWrapAndUnwrapIsCountedAsDaprdsCryptoOp() throws Exception {
    io.jdaprd.core.metrics.Metrics metrics = new io.jdaprd.core.metrics.Metrics("app", null,
        io.jdaprd.core.metrics.MetricsSpec.DEFAULT);
    CryptoBlock block = new CryptoBlock(Map.of("keys", XOR), metrics);
    byte[] enc = block.encrypt(Transport.HTTP, new CryptoBlock.EncryptRequest("keys", "k", "A256KW", false, "", ""),
        new ByteArrayInputStream("hello".getBytes())).readAllBytes();
    block.decrypt("keys", "", new ByteArrayInputStream(enc)).readAllBytes();
    assertThatThrownBy(() -> block.decrypt("keys", "other", new ByteArrayInputStream(enc)).readAllBytes());
    assertThat(metrics.scrape(false))
        .contains("dapr_component_crypto_count{app_id=\"app\",component=\"keys\",namespace=\"\","
            + "operation=\"crypto_op\",success=\"true\"} 2\n")
        .contains("dapr_component_crypto_count{app_id=\"app\",component=\"keys\",namespace=\"\","
            + "operation=\"crypto_op\",success=\"false\"} 1\n");
  }
}
