package io.jdaprd.core.crypto;

import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.CryptoErrors;

/**
 * Cryptography. No crypto provider type is built yet: encrypt and decrypt are daprd's
 * {@code ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED}; the subtle API is {@code ERR_API_UNIMPLEMENTED}, as daprd's default
 * build (without the {@code subtlecrypto} tag) answers it.
 */
public final class CryptoBlock {
  /** Encrypts or decrypts a stream. */
  public void transform() {
    throw CryptoErrors.notConfigured();
  }

  /** Any operation of the subtle crypto API. */
  public void subtle() {
    throw CommonErrors.apiUnimplemented();
  }
}
