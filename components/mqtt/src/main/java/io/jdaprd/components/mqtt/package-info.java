/**
 * MQTT 3.1.1 components on the Eclipse Paho Java client: {@code pubsub.mqtt3} ({@link
 * io.jdaprd.components.mqtt.MqttPubSub}) and {@code bindings.mqtt3} ({@link io.jdaprd.components.mqtt.MqttBinding}),
 * both also known by daprd's alias {@code mqtt}. Their metadata names and defaults are daprd's: {@code url},
 * {@code consumerID} (the MQTT client id), {@code qos} (1), {@code retain}, {@code cleanSession} (false),
 * {@code caCert}, {@code clientCert}, {@code clientKey}; the binding adds {@code topic} and
 * {@code backOffMaxRetries}.
 */
package io.jdaprd.components.mqtt;
