/**
 * The configuration store conformance suite:
 * {@link io.jdaprd.spi.testkit.configuration.ConfigurationStoreConformance}.
 */
package io.jdaprd.spi.testkit.configuration;
