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
}
