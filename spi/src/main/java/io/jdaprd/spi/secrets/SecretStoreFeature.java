package io.jdaprd.spi.secrets;

/** Optional capabilities of a secret store, listed by the metadata API as daprd names them. */
public enum SecretStoreFeature {
  /** One secret may hold several key/value pairs (daprd's {@code MULTIPLE_KEY_VALUES_PER_SECRET}). */
  MULTIPLE_KEY_VALUES("MULTIPLE_KEY_VALUES_PER_SECRET");

  private final String daprName;

  SecretStoreFeature(String daprName) {
    this.daprName = daprName;
  }

  /** The name daprd's metadata API lists. */
  public String daprName() {
    return daprName;
  }
}
