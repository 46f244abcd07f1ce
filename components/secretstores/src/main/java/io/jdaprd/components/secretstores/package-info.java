/**
 * Secret stores without a client library, as components-contrib's local stores behave in daprd 1.18:
 * {@link io.jdaprd.components.secretstores.LocalFileSecretStore} ({@code secretstores.local.file}) and
 * {@link io.jdaprd.components.secretstores.LocalEnvSecretStore} ({@code secretstores.local.env}).
 */
package io.jdaprd.components.secretstores;
