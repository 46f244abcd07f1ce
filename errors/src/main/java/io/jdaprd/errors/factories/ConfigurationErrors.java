package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import java.util.Collection;

/** Errors of the configuration API. */
public final class ConfigurationErrors {
  /** The component type of configuration stores. */
  public static final String RESOURCE_TYPE = "configuration";

  private ConfigurationErrors() {
  }

  /** No configuration store is loaded. */
  public static DaprException notConfigured() {
    return Errors.of(ErrorCode.CONFIGURATION_STORE_NOT_CONFIGURED);
  }

  /** The named store does not exist. */
  public static DaprException storeNotFound(String store) {
    return Errors.about(ErrorCode.CONFIGURATION_STORE_NOT_FOUND, RESOURCE_TYPE, store, store);
  }

  /** Getting {@code keys} failed. */
  public static DaprException get(String store, Collection<String> keys, Object cause) {
    return Errors.about(ErrorCode.CONFIGURATION_GET, RESOURCE_TYPE, store, keys, store, cause);
  }

  /** Subscribing to {@code keys} failed. */
  public static DaprException subscribe(String store, Collection<String> keys, Object cause) {
    return Errors.about(ErrorCode.CONFIGURATION_SUBSCRIBE, RESOURCE_TYPE, store, keys, store, cause);
  }

  /** Unsubscribing {@code id} failed. */
  public static DaprException unsubscribe(String id, Object cause) {
    return Errors.of(ErrorCode.CONFIGURATION_UNSUBSCRIBE, id, cause);
  }
}
