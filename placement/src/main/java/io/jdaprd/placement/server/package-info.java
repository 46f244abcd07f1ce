/**
 * The placement service (dapr.proto.placement.v1.Placement), as daprd 1.18's: sidecars connect with
 * {@code ReportDaprStatus}, report their actor types, and receive each namespace's tables through rounds of lock,
 * update and unlock that every connected sidecar acknowledges; a sidecar that does not acknowledge within the
 * dissemination timeout, or whose connection fails (gRPC keepalive), is dropped and the tables disseminated again.
 * One replica: {@link io.jdaprd.placement.server.Leadership} is the seam for leader election.
 */
package io.jdaprd.placement.server;
