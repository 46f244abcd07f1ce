/**
 * Abstract JUnit 5 conformance suites, one per SPI, that every component runs against a real backend.
 */
package io.jdaprd.spi.testkit;
