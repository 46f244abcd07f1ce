/**
 * Private backend servers for tests and the rule for missing ones: {@link io.jdaprd.spi.testkit.backend.PrivateServer}
 * (free ports, start with retries, readiness, stop and restart, its own temporary directory), the base of every
 * backend harness (Redis, PostgreSQL, RabbitMQ, NATS, and the ones to come), and {@link
 * io.jdaprd.spi.testkit.backend.EtcdServer}, a private etcd, shared here as more than one module needs it; {@link
 * io.jdaprd.spi.testkit.backend.Binaries}, the one list of server binaries the tests use and {@code .ci/run}
 * installs; {@link io.jdaprd.spi.testkit.backend.Ci}, which decides whether a missing binary skips or fails; {@link
 * io.jdaprd.spi.testkit.backend.FaultProxy}, a TCP proxy to put in front of a backend that adds latency, resets
 * connections and holds every byte (a black hole) on demand.
 */
package io.jdaprd.spi.testkit.backend;
