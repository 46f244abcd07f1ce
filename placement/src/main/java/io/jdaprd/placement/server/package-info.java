/**
 * The placement service (dapr.proto.placement.v1.Placement), as daprd 1.18's: sidecars connect with
 * {@code ReportDaprStatus}, report their actor types, and receive each namespace's tables through rounds of lock,
 * update and unlock that every connected sidecar acknowledges; a sidecar that does not acknowledge within the
 * dissemination timeout, or whose connection fails (gRPC keepalive), is dropped and the tables disseminated again.
 * Replicas: only the leader serves ({@link io.jdaprd.placement.server.Leadership}); one replica always leads, several
 * elect their leader in etcd and keep each namespace's last table version there
 * ({@link io.jdaprd.placement.server.EtcdLeadership}), where daprd uses Raft.
 */
package io.jdaprd.placement.server;
