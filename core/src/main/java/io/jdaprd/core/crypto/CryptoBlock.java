package io.jdaprd.core.crypto;

import io.jdaprd.core.Transport;
import io.jdaprd.core.component.LiveComponents;
import io.jdaprd.core.crypto.enc.EncV1;
import io.jdaprd.core.crypto.enc.SchemeException;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.CryptoErrors;
import io.jdaprd.spi.crypto.KeyProvider;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Cryptography: daprd's streamed encrypt and decrypt ({@code dapr.io/enc/v1}) with the file key wrapped by a
 * {@link KeyProvider}. Checks run in daprd's order: over HTTP the component (providers configured, name given,
 * provider known) then the required options; over gRPC the required options then the component. The subtle API is
 * {@code ERR_API_UNIMPLEMENTED}, as daprd's default build (without the {@code subtlecrypto} tag) answers it.
 *
 * <p>The answers are streams computed as they are read (see {@link EncV1}); a failure while reading one is an
 * {@link java.io.IOException} whose message is dapr/kit's text, which the adapters render.
 *
 * <p>The providers follow hot reload ({@link #providers()}): a request looks its provider up once; each key wrap or
 * unwrap on it is counted in flight, so that a provider taken out is closed only after them. A wrap that comes after
 * its provider was taken out fails with the provider's not-found text.
 */
public final class CryptoBlock {
  private final LiveComponents<KeyProvider> providers;
  private final Metrics metrics;

  /** The block over {@code providers}, by component name. */
  public CryptoBlock(Map<String, KeyProvider> providers) {
    this(providers, Metrics.NONE);
  }

  /**
   * The block over {@code providers}, each key wrap and unwrap recorded as daprd's
   * {@code dapr_component_crypto_count} and {@code _latencies}.
   */
  public CryptoBlock(Map<String, KeyProvider> providers, Metrics metrics) {
    this.providers = new LiveComponents<>(providers);
    this.metrics = metrics;
  }

  /** A provider call. */
  @FunctionalInterface
  private interface KeyCall {
    byte[] call() throws Exception;
  }

  /** Runs {@code call} on {@code provider} while it is in place, recording it for {@code component}. */
  private byte[] recorded(String component, KeyProvider provider, KeyCall call) throws Exception {
    LiveComponents.Entry<KeyProvider> entry = providers.acquire(component);
    if (entry == null || entry.component() != provider) {
      if (entry != null) {
        entry.inFlight().exit();
      }
      throw new IllegalStateException(CryptoErrors.providerNotFound(component).getMessage());
    }
    long start = System.nanoTime();
    boolean success = false;
    try {
      byte[] out = call.call();
      success = true;
      return out;
    } finally {
      entry.inFlight().exit();
      metrics.cryptoCall(component, success, System.nanoTime() - start);
    }
  }

  /**
   * An encryption request.
   *
   * @param component the provider's component name
   * @param keyName {@code dapr-key-name} / {@code keyName}
   * @param algorithm {@code dapr-key-wrap-algorithm} / {@code keyWrapAlgorithm}, any case
   * @param omitDecryptionKeyName whether the manifest carries no key name
   * @param decryptionKeyName the key name the manifest carries instead of {@code keyName}, or empty
   * @param cipher {@code dapr-data-encryption-cipher} / {@code dataEncryptionCipher}, any case, or empty
   */
  public record EncryptRequest(String component, String keyName, String algorithm, boolean omitDecryptionKeyName,
      String decryptionKeyName, String cipher) {
  }

  /**
   * Encrypts {@code plaintext} for a request that came on {@code transport}.
   *
   * @return the message, computed as it is read
   * @throws DaprException daprd's error for a missing option or component, or {@code ERR_CRYPTO} when the scheme
   *     refuses (unknown algorithm or cipher, the key did not wrap)
   */
  public InputStream encrypt(Transport transport, EncryptRequest request, InputStream plaintext) {
    KeyProvider provider = null;
    if (transport == Transport.HTTP) {
      provider = provider(request.component());
    }
    if (empty(request.keyName())) {
      throw CommonErrors.badRequest(transport == Transport.HTTP ? "missing header 'dapr-key-name'"
          : "missing property 'keyName' in the options message");
    }
    if (empty(request.algorithm())) {
      throw CommonErrors.badRequest(transport == Transport.HTTP ? "missing header 'dapr-key-wrap-algorithm'"
          : "missing property 'keyWrapAlgorithm' in the options message");
    }
    if (provider == null) {
      provider = provider(request.component());
    }
    KeyProvider kek = provider;
    EncV1.EncryptOptions options = new EncV1.EncryptOptions(request.keyName(), upper(request.algorithm()),
        nonNull(request.decryptionKeyName()), request.omitDecryptionKeyName(), upper(request.cipher()));
    try {
      return EncV1.encrypt(plaintext, options,
          (key, algorithm, keyName) -> recorded(request.component(), kek,
              () -> kek.wrapKey(key, algorithm, keyName, null).wrappedKey()));
    } catch (SchemeException e) {
      throw CryptoErrors.operation(request.component(), e.getMessage());
    }
  }

  /**
   * Decrypts {@code message} with key {@code keyName} (empty: the one its manifest names) of {@code component}.
   *
   * @return the plaintext, each segment authenticated before any of its bytes is answered
   * @throws DaprException daprd's error for a missing component, or {@code ERR_CRYPTO} when the header is invalid
   *     or does not verify with the key
   */
  public InputStream decrypt(String component, String keyName, InputStream message) {
    KeyProvider provider = provider(component);
    try {
      return EncV1.decrypt(message, nonNull(keyName),
          (wrapped, algorithm, name) -> recorded(component, provider,
              () -> provider.unwrapKey(wrapped, algorithm, name, null, null)));
    } catch (SchemeException e) {
      throw CryptoErrors.operation(component, e.getMessage());
    }
  }

  /** The providers of now; hot reload puts and removes them. */
  public LiveComponents<KeyProvider> providers() {
    return providers;
  }

  /** The provider named {@code name}, checked as daprd checks it. */
  private KeyProvider provider(String name) {
    if (providers.isEmpty()) {
      throw CryptoErrors.notConfigured();
    }
    if (empty(name)) {
      throw CommonErrors.badRequest("missing component name");
    }
    KeyProvider provider = providers.find(name);
    if (provider == null) {
      throw CryptoErrors.providerNotFound(name);
    }
    return provider;
  }

  /** Any operation of the subtle crypto API. */
  public void subtle() {
    throw CommonErrors.apiUnimplemented();
  }

  private static boolean empty(String s) {
    return s == null || s.isEmpty();
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static String upper(String s) {
    return s == null ? "" : s.toUpperCase(Locale.ROOT);
  }
}
