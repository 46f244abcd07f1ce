/**
 * The component SPI, JDK-only: what every backend implements. A component is created by its factory, configured
 * once with {@link io.jdaprd.spi.ComponentMetadata}, checked with {@link io.jdaprd.spi.Component#check()} and closed
 * with {@link io.jdaprd.spi.Component#close()}. Each building block has its own subpackage.
 */
package io.jdaprd.spi;
