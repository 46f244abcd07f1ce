/**
 * The component SPI, JDK-only: state, pub/sub, bindings and secrets contracts that every backend implements.
 */
package io.jdaprd.spi;
