/**
 * The conformance suites of the binding SPI: {@link io.jdaprd.spi.testkit.bindings.OutputBindingConformance} and
 * {@link io.jdaprd.spi.testkit.bindings.InputBindingConformance}, which a binding component's test extends and
 * completes with the few backend-specific steps the checks need (put an event into the backend, look at what an
 * invocation left there), and the {@link io.jdaprd.spi.testkit.bindings.EventLog} that records deliveries.
 */
package io.jdaprd.spi.testkit.bindings;
