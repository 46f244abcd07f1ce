package io.jdaprd.spi.state;

import java.util.List;
import java.util.Map;

/** A state store that runs several operations atomically: all of them happen, or none. */
public interface TransactionalStateStore extends StateStore {

  /**
   * Runs {@code operations} in one transaction, in order. When one fails (an ETag mismatch included) nothing of
   * the transaction is kept, and the failure is thrown.
   *
   * @param metadata transaction-level metadata, for example {@code partitionKey}
   */
  void multi(List<TransactionOperation> operations, Map<String, String> metadata) throws StateException;

  /** The most operations one transaction may have; 0 for no limit. */
  default int maxOperationsPerTransaction() {
    return 0;
  }
}
