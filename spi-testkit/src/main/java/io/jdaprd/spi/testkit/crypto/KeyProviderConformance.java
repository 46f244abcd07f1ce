package io.jdaprd.spi.testkit.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.crypto.KeyProviderException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite of the key-provider SPI: what daprd's encryption scheme needs from a provider, checked
 * against a real one. The suite makes the keys (an AES-256 key, an AES-128 key, an RSA-2048 pair) with the JDK; a
 * provider's test extends this class and makes a provider holding them under the names {@link #keyName} gives. Each
 * check gets a new provider, closed after it.
 *
 * <p>Results are checked against the JDK's own algorithms (RFC 3394 AES key wrap is deterministic, RSA-OAEP-256
 * unwraps with the private key), so that a file key wrapped by the provider is one daprd unwraps.
 *
 * <pre>{@code
 * class MyProviderTest extends KeyProviderConformance {
 *   protected KeyProvider createProvider(Keys keys) { ...write keys, init... }
 *   protected String keyName(String logical) { return logical + ".json"; }
 * }
 * }</pre>
 */
public abstract class KeyProviderConformance {
  /** The logical names of the suite's keys. */
  public static final String AES256 = "aes256";
  public static final String AES128 = "aes128";
  public static final String RSA = "rsa";

  /**
   * The keys a provider must hold.
   *
   * @param aes256 a 256-bit AES key
   * @param aes128 a 128-bit AES key
   * @param rsa an RSA-2048 pair (the provider holds the private key)
   */
  public record Keys(SecretKey aes256, SecretKey aes128, KeyPair rsa) {
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  private static Keys keys;
  private KeyProvider provider;

  /** A new provider, initialised, holding {@code keys} under the names {@link #keyName} gives. */
  protected abstract KeyProvider createProvider(Keys keys) throws Exception;

  /** The provider's name for the suite's key {@code logical} ({@link #AES256}, {@link #AES128}, {@link #RSA}). */
  protected String keyName(String logical) {
    return logical;
  }

  private static synchronized Keys keys() throws Exception {
    if (keys == null) {
      KeyGenerator aes = KeyGenerator.getInstance("AES");
      aes.init(256);
      SecretKey k256 = aes.generateKey();
      aes.init(128);
      SecretKey k128 = aes.generateKey();
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(2048);
      keys = new Keys(k256, k128, rsa.generateKeyPair());
    }
    return keys;
  }

  @BeforeEach
  void openProvider() throws Exception {
    provider = createProvider(keys());
  }

  @AfterEach
  void closeProvider() {
    if (provider != null) {
      provider.close();
    }
  }

  private static byte[] fileKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return key;
  }

  @Test
  @DisplayName("AES key wrap: the wrapped key is RFC 3394's and unwraps to the file key")
  void aesKeyWrapRoundTrips() throws Exception {
    byte[] fileKey = fileKey();
    byte[] wrapped = provider.wrapKey(fileKey, "A256KW", keyName(AES256), null).wrappedKey();
    Cipher jdk = Cipher.getInstance("AES/KW/NoPadding");
    jdk.init(Cipher.ENCRYPT_MODE, keys().aes256());
    assertThat(wrapped).as("RFC 3394 wrap of the file key").isEqualTo(jdk.doFinal(fileKey));
    assertThat(provider.unwrapKey(wrapped, "A256KW", keyName(AES256), null, null)).isEqualTo(fileKey);
  }

  @Test
  @DisplayName("RSA-OAEP-256: the wrapped key opens with the private key and unwraps to the file key")
  void rsaOaepRoundTrips() throws Exception {
    byte[] fileKey = fileKey();
    byte[] wrapped = provider.wrapKey(fileKey, "RSA-OAEP-256", keyName(RSA), null).wrappedKey();
    Cipher jdk = Cipher.getInstance("RSA/ECB/OAEPPadding");
    jdk.init(Cipher.DECRYPT_MODE, keys().rsa().getPrivate(), new OAEPParameterSpec("SHA-256", "MGF1",
        MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
    assertThat(jdk.doFinal(wrapped)).as("the JDK's RSA-OAEP-256 unwrap").isEqualTo(fileKey);
    assertThat(provider.unwrapKey(wrapped, "RSA-OAEP-256", keyName(RSA), null, null)).isEqualTo(fileKey);
  }

  @Test
  @DisplayName("a changed wrapped key does not unwrap")
  void changedWrappedKeyIsRefused() throws Exception {
    for (String[] use : new String[][] {{"A256KW", AES256}, {"RSA-OAEP-256", RSA}}) {
      byte[] fileKey = fileKey();
      byte[] wrapped = provider.wrapKey(fileKey, use[0], keyName(use[1]), null).wrappedKey();
      wrapped[wrapped.length / 2] ^= 1;
      byte[] tampered = wrapped;
      refused(() -> provider.unwrapKey(tampered, use[0], keyName(use[1]), null, null));
    }
  }

  @Test
  @DisplayName("a key is used only with the algorithms its type and size allow")
  void unsuitableKeysAreRefused() throws Exception {
    byte[] fileKey = fileKey();
    refused(() -> provider.wrapKey(fileKey, "A256KW", keyName(AES128), null));
    refused(() -> provider.wrapKey(fileKey, "RSA-OAEP-256", keyName(AES256), null));
    refused(() -> provider.wrapKey(fileKey, "A256KW", keyName(RSA), null));
    refused(() -> provider.wrapKey(fileKey, "NOT-AN-ALGORITHM", keyName(AES256), null));
  }

  @Test
  @DisplayName("a key the provider does not hold fails with a message naming no key material")
  void missingKeyFails() {
    refused(() -> provider.wrapKey(fileKey(), "A256KW", keyName("no-such-key"), null));
    refused(() -> provider.unwrapKey(new byte[40], "A256KW", keyName("no-such-key"), null, null));
    refused(() -> provider.getKey(keyName("no-such-key")));
  }

  @Test
  @DisplayName("getKey answers the public part of an asymmetric key and nothing for a symmetric one")
  void getKeyAnswersPublicParts() throws Exception {
    assertThat(provider.getKey(keyName(RSA)).getEncoded()).isEqualTo(keys().rsa().getPublic().getEncoded());
    refused(() -> provider.getKey(keyName(AES256)));
  }

  @Test
  @DisplayName("the scheme's algorithms are supported")
  void schemeAlgorithmsAreSupported() {
    assertThat(provider.supportedAlgorithms()).contains("A256KW", "RSA-OAEP-256");
  }

  /** Fails unless {@code call} throws a {@link KeyProviderException} whose message shows no key material. */
  private void refused(ThrowableAssert.ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(KeyProviderException.class).satisfies(e -> {
      assertThat(e.getMessage()).isNotBlank();
      for (byte[] secret : new byte[][] {keys().aes256().getEncoded(), keys().aes128().getEncoded(),
          keys().rsa().getPrivate().getEncoded()}) {
        String b64 = Base64.getEncoder().encodeToString(secret);
        String b64url = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        assertThat(e.getMessage()).as("no key material in the message")
            .doesNotContain(b64.substring(0, 16), b64url.substring(0, 16),
                HexFormat.of().formatHex(secret).substring(0, 16));
      }
    });
  }
}
