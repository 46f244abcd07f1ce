/** The conformance suite of the distributed lock SPI: {@link io.jdaprd.spi.testkit.lock.LockStoreConformance}. */
package io.jdaprd.spi.testkit.lock;
