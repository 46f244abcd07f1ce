package io.jdaprd.components.crypto;

import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.crypto.KeyProviderException;
import java.security.PublicKey;
import java.util.Set;

/**
 * What the providers on local keys share (components-contrib's {@code LocalCryptoBaseComponent}): a key is looked
 * up by name, checked against its {@code key_ops}/{@code use} and {@code alg}, and used on the JDK. The texts of
 * failures are contrib's, as daprd passes them to the client.
 */
abstract class LocalKeyProvider implements KeyProvider {

  /**
   * The key named {@code name}.
   *
   * @throws KeyProviderException with the provider's text ({@code key not found}, {@code failed to load key ...})
   */
  abstract LocalKey retrieveKey(String name) throws KeyProviderException;

  @Override
  public Set<String> supportedAlgorithms() {
    return KeyWrapping.ALGORITHMS;
  }

  @Override
  public PublicKey getKey(String name) throws KeyProviderException {
    LocalKey key = retrieveKey(name);
    if (LocalKey.OCT.equals(key.type())) {
      throw new KeyProviderException("key not found");
    }
    if (key.publicKey() == null) {
      throw new KeyProviderException("failed to obtain public key: unsupported key type " + key.type());
    }
    return key.publicKey();
  }

  @Override
  public WrappedKey wrapKey(byte[] plaintextKey, String algorithm, String keyName, byte[] nonce)
      throws KeyProviderException {
    LocalKey kek;
    try {
      kek = retrieveKey(keyName);
    } catch (KeyProviderException e) {
      throw new KeyProviderException("failed to retrieve the key encryption key: " + e.getMessage());
    }
    check(kek, "wrapKey", algorithm);
    try {
      return new WrappedKey(KeyWrapping.encrypt(plaintextKey, algorithm, kek, nonce), new byte[0]);
    } catch (KeyWrapping.Failure e) {
      throw new KeyProviderException("failed to encrypt data: " + e.getMessage());
    }
  }

  @Override
  public byte[] unwrapKey(byte[] wrappedKey, String algorithm, String keyName, byte[] nonce, byte[] tag)
      throws KeyProviderException {
    LocalKey kek;
    try {
      kek = retrieveKey(keyName);
    } catch (KeyProviderException e) {
      throw new KeyProviderException("failed to retrieve the key encryption key: " + e.getMessage());
    }
    check(kek, "unwrapKey", algorithm);
    try {
      return KeyWrapping.decrypt(wrappedKey, algorithm, kek, nonce);
    } catch (KeyWrapping.Failure e) {
      throw new KeyProviderException("failed to decrypt data: " + e.getMessage());
    }
  }

  private static void check(LocalKey key, String operation, String algorithm) throws KeyProviderException {
    if (!key.canPerform(operation)) {
      throw new KeyProviderException("key cannot perform the '" + operation + "' operation");
    }
    if (!key.allows(algorithm)) {
      throw new KeyProviderException("key cannot be used with algorithm '" + algorithm + "'");
    }
  }
}
