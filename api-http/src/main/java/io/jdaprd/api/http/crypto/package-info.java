/** The HTTP routes of cryptography: {@link io.jdaprd.api.http.crypto.CryptoRoutes}. */
package io.jdaprd.api.http.crypto;
