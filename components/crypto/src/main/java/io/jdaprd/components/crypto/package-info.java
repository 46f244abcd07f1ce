/**
 * Cryptography providers on keys the sidecar holds: {@link io.jdaprd.components.crypto.LocalStorageKeyProvider}
 * ({@code crypto.dapr.localstorage}) and {@link io.jdaprd.components.crypto.JwksKeyProvider}
 * ({@code crypto.dapr.jwks}), sharing {@link io.jdaprd.components.crypto.LocalKeyProvider}'s wrapping on the JDK.
 */
package io.jdaprd.components.crypto;
