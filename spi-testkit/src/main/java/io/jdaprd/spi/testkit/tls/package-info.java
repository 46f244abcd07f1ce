/**
 * TLS material for tests' private servers: {@link io.jdaprd.spi.testkit.tls.LoopbackCertificate}, a self-signed
 * certificate for {@code 127.0.0.1} made with the JDK's {@code keytool}, as PEM and as a server context.
 */
package io.jdaprd.spi.testkit.tls;
