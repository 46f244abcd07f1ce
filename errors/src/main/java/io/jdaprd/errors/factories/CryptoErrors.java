package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** Errors of the cryptography API. */
public final class CryptoErrors {
  /** The component type of cryptography providers. */
  public static final String RESOURCE_TYPE = "crypto";

  private CryptoErrors() {
  }

  /** No cryptography component is loaded. */
  public static DaprException notConfigured() {
    return Errors.of(ErrorCode.CRYPTO_PROVIDERS_NOT_CONFIGURED);
  }

  /** The named component does not exist. */
  public static DaprException providerNotFound(String name) {
    return Errors.about(ErrorCode.CRYPTO_PROVIDER_NOT_FOUND, RESOURCE_TYPE, name, name);
  }

  /** An encrypt or decrypt failed. */
  public static DaprException operation(String name, Object cause) {
    return Errors.about(ErrorCode.CRYPTO_OPERATION, RESOURCE_TYPE, name, cause);
  }

  /** Retrieving key {@code key} failed. */
  public static DaprException key(String name, String key, Object cause) {
    return Errors.about(ErrorCode.CRYPTO_KEY, RESOURCE_TYPE, name, key, cause);
  }
}
