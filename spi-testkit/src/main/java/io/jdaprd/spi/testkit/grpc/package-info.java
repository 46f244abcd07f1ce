/** gRPC helpers shared by tests: a marshaller of raw bytes for calls that bypass generated stubs. */
package io.jdaprd.spi.testkit.grpc;
