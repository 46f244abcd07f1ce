package io.jdaprd.spi.crypto;

import io.jdaprd.spi.Component;
import java.security.PublicKey;
import java.util.Set;

/**
 * A cryptography provider (a "key vault"): named keys that never leave it, used to wrap and unwrap short keys. The
 * contract every implementation keeps (and {@code spi-testkit}'s {@code KeyProviderConformance} checks):
 *
 * <ul>
 *   <li><b>Round trip.</b> {@link #unwrapKey} of what {@link #wrapKey} answered, with the same algorithm and key
 *       name, gives back the plaintext key; a different key or a changed wrapped key does not.</li>
 *   <li><b>Algorithms.</b> A key is used only with an algorithm its type allows (AES key wrap with a symmetric key of
 *       the algorithm's size, RSA-OAEP with an RSA key) and that the key's own {@code alg} and {@code use} /
 *       {@code key_ops} permit; anything else fails with {@link KeyProviderException}.</li>
 *   <li><b>Missing keys</b> fail with {@link KeyProviderException} whose message names the key.</li>
 *   <li><b>Key material stays secret.</b> No key byte appears in a log line, an exception message or
 *       {@code toString}.</li>
 * </ul>
 *
 * <p>Messages are the ones components-contrib's providers word (for example {@code key not found},
 * {@code key cannot be used with algorithm 'A256KW'}), since daprd passes them on to the client.
 */
public interface KeyProvider extends Component {

  /** The key wrapping algorithms this provider knows, by their JOSE names ({@code A256KW}, {@code RSA-OAEP-256}). */
  Set<String> supportedAlgorithms();

  /**
   * The public part of key {@code name}.
   *
   * @throws KeyProviderException when the key does not exist or is symmetric (a symmetric key has no public part, and
   *     is answered as {@code key not found}, as components-contrib does)
   */
  PublicKey getKey(String name) throws KeyProviderException;

  /**
   * Wraps {@code plaintextKey} with key {@code keyName}.
   *
   * @param algorithm a JOSE algorithm name, for example {@code A256KW} or {@code RSA-OAEP-256}
   * @param nonce the nonce for algorithms that take one; {@code null} or empty for the others
   * @throws KeyProviderException when the key is missing, not usable with {@code algorithm}, or wrapping fails
   */
  WrappedKey wrapKey(byte[] plaintextKey, String algorithm, String keyName, byte[] nonce) throws KeyProviderException;

  /**
   * Unwraps {@code wrappedKey} with key {@code keyName}.
   *
   * @param nonce as given to {@link #wrapKey}; {@code null} or empty when the algorithm takes none
   * @param tag the tag {@link #wrapKey} answered; {@code null} or empty when the algorithm has none
   * @return the plaintext key
   * @throws KeyProviderException when the key is missing, not usable with {@code algorithm}, or the wrapped key does
   *     not unwrap (wrong key, changed bytes)
   */
  byte[] unwrapKey(byte[] wrappedKey, String algorithm, String keyName, byte[] nonce, byte[] tag)
      throws KeyProviderException;

  /**
   * A wrapped key.
   *
   * @param wrappedKey the wrapped bytes
   * @param tag the authentication tag of algorithms that make one separately, else empty
   */
  record WrappedKey(byte[] wrappedKey, byte[] tag) {
    public WrappedKey {
      wrappedKey = wrappedKey.clone();
      tag = tag == null ? new byte[0] : tag.clone();
    }

    @Override
    public byte[] wrappedKey() {
      return wrappedKey.clone();
    }

    @Override
    public byte[] tag() {
      return tag.clone();
    }

    @Override
    public String toString() {
      return "WrappedKey[" + wrappedKey.length + " bytes]";
    }
  }
}
