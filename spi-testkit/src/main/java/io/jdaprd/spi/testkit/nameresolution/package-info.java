/**
 * The conformance suite of the name-resolution SPI ({@link io.jdaprd.spi.testkit.nameresolution.NameResolverConformance}).
 */
package io.jdaprd.spi.testkit.nameresolution;
