/**
 * Configuration: {@link io.jdaprd.core.configuration.ConfigurationBlock} reads and watches the
 * {@link io.jdaprd.spi.configuration.ConfigurationStore}s, pushes HTTP subscriptions' updates to the app and keeps
 * the gRPC subscriptions by id.
 */
package io.jdaprd.core.configuration;
