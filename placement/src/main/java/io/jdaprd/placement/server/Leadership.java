package io.jdaprd.placement.server;

import io.jdaprd.proto.placement.v1.PlacementTables;

/**
 * Whether this placement replica may serve sidecars, and where the leader keeps what must outlive it. daprd's
 * placement serves only on its Raft leader and refuses other connections with FAILED_PRECONDITION so that sidecars
 * move on to the next address; jdaprd elects its leader in etcd instead ({@link EtcdLeadership}). A single replica
 * ({@link #single()}) is always the leader and keeps nothing.
 *
 * <p>The contract the service relies on: {@link #isLeader()} may be asked from any thread at any time; {@link
 * #watch} is called once, before the service accepts connections, and its listener hears of every loss of
 * leadership after which the service must end its open streams; {@link #lastVersion} is valid as soon as {@link
 * #isLeader()} is true (a new leader reads its predecessor's versions before it says it leads); {@link #record} is
 * called on the service's loop thread before a namespace's sidecars are sent a new version.
 */
@FunctionalInterface
public interface Leadership {
  /** Whether this replica leads now. */
  boolean isLeader();

  /** The single-replica case: always the leader. */
  static Leadership single() {
    return () -> true;
  }

  /** Tells {@code listener} of changes of leadership from now on; the default never has any. */
  default void watch(Listener listener) {
  }

  /**
   * The newest table version of {@code namespace} that this or an earlier leader recorded, 0 when none: the service
   * numbers the namespace's next tables after it, so versions never go back when the leader changes.
   */
  default long lastVersion(String namespace) {
    return 0;
  }

  /**
   * Records that {@code namespace}'s tables are now {@code tables} (their version in the text field
   * {@code version}), before they are disseminated. Returns false when this replica could not record them because it
   * no longer leads; it then stops leading and tells its listener. The default records nothing and returns true.
   */
  default boolean record(String namespace, PlacementTables tables) {
    return true;
  }

  /** Gives up leadership at once, if held, and stops campaigning; the default does nothing. */
  default void close() {
  }

  /** Hears of changes of leadership; called on a thread of the leadership's own. */
  interface Listener {
    /** This replica now leads; {@link Leadership#isLeader()} is already true. */
    void elected();

    /** This replica no longer leads ({@code why}, for the logs); {@link Leadership#isLeader()} is already false. */
    void lost(String why);
  }
}
