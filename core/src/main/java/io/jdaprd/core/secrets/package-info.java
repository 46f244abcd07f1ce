/**
 * Secrets: {@link io.jdaprd.core.secrets.SecretsBlock} (get and bulk get with daprd's checks and errors) and
 * {@link io.jdaprd.core.secrets.SecretScopes} (a Configuration's {@code spec.secrets.scopes}).
 */
package io.jdaprd.core.secrets;
