/**
 * Cryptography providers: {@link io.jdaprd.spi.crypto.KeyProvider} holds named keys and wraps or unwraps the file
 * keys of daprd's {@code dapr.io/enc/v1} scheme with them.
 */
package io.jdaprd.spi.crypto;
