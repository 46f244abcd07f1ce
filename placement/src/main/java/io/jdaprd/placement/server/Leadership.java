package io.jdaprd.placement.server;

/**
 * Whether this placement replica may serve sidecars. daprd's placement serves only on its Raft leader and refuses
 * other connections with FAILED_PRECONDITION so that sidecars move on to the next address. A replicated deployment
 * plugs an election (for instance over etcd) in here; a single replica is always the leader.
 */
public interface Leadership {
  /** Whether this replica leads now. */
  boolean isLeader();

  /** The single-replica case: always the leader. */
  static Leadership single() {
    return () -> true;
  }
}
