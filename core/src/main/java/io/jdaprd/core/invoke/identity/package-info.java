/**
 * The sidecar's mTLS material in JDK types: trust anchors, certificate chain and private key read from PEM
 * ({@link io.jdaprd.core.invoke.identity.Pem}, {@link io.jdaprd.core.invoke.identity.MtlsMaterial}), and the SPIFFE
 * ID a peer's certificate carries ({@link io.jdaprd.core.invoke.identity.SpiffeIds}). JDK only
 * ({@code java.security}); the servers and clients that use it live in the adapters.
 */
package io.jdaprd.core.invoke.identity;
