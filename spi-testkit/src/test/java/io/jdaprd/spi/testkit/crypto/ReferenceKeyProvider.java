package io.jdaprd.spi.testkit.crypto;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.crypto.KeyProviderException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * A key provider on the JDK that keeps the SPI's promises, and switches that each break one of them, to show that
 * {@link KeyProviderConformance} catches the break.
 */
class ReferenceKeyProvider implements KeyProvider {
  enum Break { NONE, WRAP_IS_IDENTITY, ONE_KEY_FOR_ALL, LEAKS_KEY, NO_SIZE_CHECK }

  private final KeyProviderConformance.Keys keys;
  private final Break broken;

  ReferenceKeyProvider(KeyProviderConformance.Keys keys, Break broken) {
    this.keys = keys;
    this.broken = broken;
  }

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public Set<String> supportedAlgorithms() {
    return Set.of("A256KW", "A128KW", "RSA-OAEP-256");
  }

  private Key key(String name, boolean forWrap) throws KeyProviderException {
    if (broken == Break.ONE_KEY_FOR_ALL) {
      return keys.aes256();
    }
    return switch (name) {
      case KeyProviderConformance.AES256 -> keys.aes256();
      case KeyProviderConformance.AES128 -> keys.aes128();
      case KeyProviderConformance.RSA -> forWrap ? keys.rsa().getPublic() : keys.rsa().getPrivate();
      default -> throw new KeyProviderException(broken == Break.LEAKS_KEY
          ? "key not found among " + Base64.getEncoder().encodeToString(keys.aes256().getEncoded())
          : "key not found");
    };
  }

  @Override
  public PublicKey getKey(String name) throws KeyProviderException {
    if (name.equals(KeyProviderConformance.RSA)) {
      return keys.rsa().getPublic();
    }
    key(name, true);
    throw new KeyProviderException("key not found");
  }

  @Override
  public WrappedKey wrapKey(byte[] plaintextKey, String algorithm, String keyName, byte[] nonce)
      throws KeyProviderException {
    if (broken == Break.WRAP_IS_IDENTITY) {
      return new WrappedKey(plaintextKey, null);
    }
    return new WrappedKey(crypt(Cipher.ENCRYPT_MODE, plaintextKey, algorithm, key(keyName, true)), null);
  }

  @Override
  public byte[] unwrapKey(byte[] wrappedKey, String algorithm, String keyName, byte[] nonce, byte[] tag)
      throws KeyProviderException {
    if (broken == Break.WRAP_IS_IDENTITY) {
      return wrappedKey;
    }
    return crypt(Cipher.DECRYPT_MODE, wrappedKey, algorithm, key(keyName, false));
  }

  private byte[] crypt(int mode, byte[] in, String algorithm, Key key) throws KeyProviderException {
    try {
      if (algorithm.endsWith("KW")) {
        if (!(key instanceof SecretKey)
            || broken != Break.NO_SIZE_CHECK && key.getEncoded().length * 8 != Integer.parseInt(
            algorithm.substring(1, 4))) {
          throw new KeyProviderException("key type mismatch");
        }
        Cipher c = Cipher.getInstance("AES/KW/NoPadding");
        c.init(mode, key);
        return c.doFinal(in);
      }
      if (algorithm.equals("RSA-OAEP-256")) {
        if (key instanceof SecretKey) {
          throw new KeyProviderException("key type mismatch");
        }
        Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
        c.init(mode, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT));
        return c.doFinal(in);
      }
      throw new KeyProviderException("unsupported algorithm");
    } catch (GeneralSecurityException e) {
      throw new KeyProviderException("failed: " + e.getClass().getSimpleName());
    }
  }

}
