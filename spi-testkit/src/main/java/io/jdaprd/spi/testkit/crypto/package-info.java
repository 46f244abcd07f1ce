/** The conformance suite of the key-provider SPI: {@link io.jdaprd.spi.testkit.crypto.KeyProviderConformance}. */
package io.jdaprd.spi.testkit.crypto;
