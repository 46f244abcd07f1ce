/**
 * The configuration store SPI: a store answers configuration items (value, version, metadata) by key and tells
 * subscribers when items change. The runtime validates requests, tracks the subscriptions of the gRPC streams, pushes
 * updates to the app and renders errors; a store only reads and watches its backend.
 */
package io.jdaprd.spi.configuration;
