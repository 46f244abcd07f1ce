/**
 * The conformance suite of the pub/sub SPI: {@link io.jdaprd.spi.testkit.pubsub.PubSubConformance}, which a broker
 * component's test extends, its fixture, its check interfaces and the {@link io.jdaprd.spi.testkit.pubsub.Inbox} that
 * records deliveries.
 */
package io.jdaprd.spi.testkit.pubsub;
