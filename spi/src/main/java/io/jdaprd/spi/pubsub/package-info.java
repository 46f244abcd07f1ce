/**
 * The pub/sub component SPI: a broker publishes messages to topics and delivers them to subscribers. The runtime
 * builds and reads CloudEvents, applies topic scopes, routes and retries; a component only moves opaque bytes.
 */
package io.jdaprd.spi.pubsub;
