/** Secrets: {@link io.jdaprd.core.secrets.SecretsBlock}. */
package io.jdaprd.core.secrets;
