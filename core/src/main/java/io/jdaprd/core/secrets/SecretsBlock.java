package io.jdaprd.core.secrets;

import io.jdaprd.errors.factories.SecretErrors;

/** Secrets. No secret store type is built yet: every call is daprd's {@code ERR_SECRET_STORES_NOT_CONFIGURED}. */
public final class SecretsBlock {
  /** Reads secret {@code key} of {@code store}. */
  public void get(String store, String key) {
    throw SecretErrors.notConfigured();
  }

  /** Reads every secret of {@code store}. */
  public void bulkGet(String store) {
    throw SecretErrors.notConfigured();
  }
}
