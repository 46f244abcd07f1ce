package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** Errors of the metadata API. Today's daprd raises none on {@code GET}; these are the published codes. */
public final class MetadataErrors {
  private MetadataErrors() {
  }

  /** The metadata could not be assembled or encoded ({@code ERR_METADATA_GET}, of Dapr's published table). */
  public static DaprException get(Object cause) {
    return Errors.of(ErrorCode.METADATA_GET, cause);
  }

  /**
   * A metadata value that is not UTF-8 text ({@code PUT /v1.0/metadata/{key}}): {@code ERR_BODY_READ}, which Dapr's
   * published table names {@code ERR_METADATA_GET}.
   */
  public static DaprException invalidValue(Object cause) {
    return DaprException.builder(ErrorCode.BODY_READ, cause).published(get(cause)).build();
  }
}
