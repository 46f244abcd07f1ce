/** Cryptography: {@link io.jdaprd.core.crypto.CryptoBlock}. */
package io.jdaprd.core.crypto;
