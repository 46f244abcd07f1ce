package io.jdaprd.components.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.testkit.crypto.KeyProviderConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conformance suite on {@code crypto.dapr.localstorage}, each key in another of the formats it reads: a JWK
 * file ({@code .json}), a symmetric key in base64 without extension, an RSA key in PKCS #8 PEM; and contrib's texts.
 */
class LocalStorageKeyProviderTest extends KeyProviderConformance {
  @TempDir
  Path dir;

  @Override
  protected KeyProvider createProvider(Keys keys) throws Exception {
    Files.writeString(dir.resolve("aes256.json"), TestKeys.oct("aes256", keys.aes256().getEncoded()).toJSONString());
    Files.writeString(dir.resolve("aes128"), Base64.getEncoder().encodeToString(keys.aes128().getEncoded()));
    Files.writeString(dir.resolve("rsa.pem"), TestKeys.pkcs8Pem(keys));
    LocalStorageKeyProvider p = new LocalStorageKeyProvider();
    p.init(new ComponentMetadata("keys", LocalStorageKeyProvider.TYPE, "v1", "app", Map.of("path", dir.toString())));
    return p;
  }

  @Override
  protected String keyName(String logical) {
    return switch (logical) {
      case AES256 -> "aes256.json";
      case RSA -> "rsa.pem";
      default -> logical;
    };
  }

  @Test
  void contribTexts() throws Exception {
    LocalStorageKeyProvider p = (LocalStorageKeyProvider) createProvider(keysForTexts());
    assertThatThrownBy(() -> p.wrapKey(new byte[32], "A256KW", "missing", null))
        .hasMessage("failed to retrieve the key encryption key: failed to load key 'missing': open "
            + dir.resolve("missing") + ": no such file or directory");
    assertThatThrownBy(() -> p.wrapKey(new byte[32], "A256KW", "../x", null))
        .hasMessage("failed to retrieve the key encryption key: invalid key path: cannot contain '..'");
    assertThatThrownBy(() -> p.wrapKey(new byte[32], "A256KW", "rsa.pem", null))
        .hasMessage("failed to encrypt data: key type mismatch");
    assertThatThrownBy(() -> p.wrapKey(new byte[32], "A256CBC-NOPAD", "aes256.json", null))
        .hasMessage("failed to encrypt data: invalid nonce");
    assertThatThrownBy(() -> new LocalStorageKeyProvider().init(new ComponentMetadata("k",
        LocalStorageKeyProvider.TYPE, "v1", "app", Map.of()))).isInstanceOf(ComponentException.class)
        .hasMessage("failed to load metadata: metadata property 'path' is required");
  }

  @Test
  void restrictionsOfAJwkAreKept() throws Exception {
    createProvider(keysForTexts());
    Files.writeString(dir.resolve("sig.json"), "{\"kty\":\"oct\",\"use\":\"sig\",\"k\":\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]) + "\"}");
    Files.writeString(dir.resolve("alg.json"), "{\"kty\":\"oct\",\"alg\":\"A128KW\",\"k\":\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]) + "\"}");
    LocalStorageKeyProvider p = new LocalStorageKeyProvider();
    p.init(new ComponentMetadata("keys", LocalStorageKeyProvider.TYPE, "v1", "app", Map.of("path", dir.toString())));
    assertThatThrownBy(() -> p.wrapKey(new byte[32], "A256KW", "sig.json", null))
        .hasMessage("key cannot perform the 'wrapKey' operation");
    assertThatThrownBy(() -> p.wrapKey(new byte[32], "A256KW", "alg.json", null))
        .hasMessage("key cannot be used with algorithm 'A256KW'");
  }

  @Test
  void pkcs1RsaPemIsRead() throws Exception {
    Keys keys = keysForTexts();
    LocalStorageKeyProvider p = (LocalStorageKeyProvider) createProvider(keys);
    // PKCS #8 wraps the PKCS #1 key in an OCTET STRING after a fixed 26-byte prefix for RSA keys of this size
    byte[] pkcs8 = keys.rsa().getPrivate().getEncoded();
    byte[] pkcs1 = java.util.Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
    Files.writeString(dir.resolve("pkcs1.pem"), "-----BEGIN RSA PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PRIVATE KEY-----\n");
    assertThat(p.getKey("pkcs1.pem").getEncoded()).isEqualTo(keys.rsa().getPublic().getEncoded());
  }

  private static Keys keysForTexts() throws Exception {
    javax.crypto.KeyGenerator aes = javax.crypto.KeyGenerator.getInstance("AES");
    aes.init(256);
    javax.crypto.SecretKey k256 = aes.generateKey();
    aes.init(128);
    java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    return new Keys(k256, aes.generateKey(), rsa.generateKeyPair());
  }
}
