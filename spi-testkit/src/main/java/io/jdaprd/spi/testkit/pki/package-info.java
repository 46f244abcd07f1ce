/**
 * Test certificates for mTLS between sidecars: {@link io.jdaprd.spi.testkit.pki.SpiffeAuthority}, a CA made with
 * {@code openssl} that issues X.509 SVIDs (a SPIFFE ID as the one URI SAN) as Dapr's Sentry does.
 */
package io.jdaprd.spi.testkit.pki;
