package io.jdaprd.spi.state;

/** One operation of a transaction: an upsert or a delete. */
public sealed interface TransactionOperation {
  /** The stored key this operation touches. */
  String key();

  /** Writes {@code request}. */
  record Upsert(SetRequest request) implements TransactionOperation {
    @Override
    public String key() {
      return request.key();
    }
  }

  /** Deletes {@code request}. */
  record Delete(DeleteRequest request) implements TransactionOperation {
    @Override
    public String key() {
      return request.key();
    }
  }
}
