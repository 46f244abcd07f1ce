package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** Errors of the secrets API. An unknown store is 401 in Dapr, and a missing secret is 500 {@code ERR_SECRET_GET}. */
public final class SecretErrors {
  /** The component type of secret stores. */
  public static final String RESOURCE_TYPE = "secretstores";

  private SecretErrors() {
  }

  /** No secret store is loaded. */
  public static DaprException notConfigured() {
    return Errors.of(ErrorCode.SECRET_STORES_NOT_CONFIGURED);
  }

  /** The named store does not exist. */
  public static DaprException storeNotFound(String store) {
    return Errors.about(ErrorCode.SECRET_STORE_NOT_FOUND, RESOURCE_TYPE, store, store);
  }

  /** The store's access policy denies {@code key}. */
  public static DaprException permissionDenied(String store, String key) {
    return Errors.about(ErrorCode.SECRET_PERMISSION_DENIED, RESOURCE_TYPE, store, key, store);
  }

  /** Getting {@code key} failed, including a secret that does not exist. */
  public static DaprException get(String store, String key, Object cause) {
    return Errors.about(ErrorCode.SECRET_GET, RESOURCE_TYPE, store, key, store, cause);
  }

  /** A bulk get failed. */
  public static DaprException bulkGet(String store, Object cause) {
    return Errors.about(ErrorCode.SECRET_BULK_GET, RESOURCE_TYPE, store, store, cause);
  }
}
