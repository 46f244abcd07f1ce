/** The conformance suite of the secret store SPI: {@link io.jdaprd.spi.testkit.secrets.SecretStoreConformance}. */
package io.jdaprd.spi.testkit.secrets;
