/**
 * Spring tests against an embedded jdaprd sidecar: {@link io.jdaprd.embedded.spring.EmbeddedDapr} on a test class
 * (a context customizer, as {@code @ServiceConnection} is for containers), {@link
 * io.jdaprd.embedded.spring.JdaprdContextInitializer} for any context, both pointing the Dapr SDK's properties at the
 * sidecar ({@link io.jdaprd.embedded.spring.SidecarProperties}), and with Spring Boot the SDK's clients as beans
 * ({@link io.jdaprd.embedded.spring.JdaprdClientAutoConfiguration}).
 */
package io.jdaprd.embedded.spring;
