package io.jdaprd.spi.state;

/** A state store that answers Dapr's query API (alpha). */
public interface QueryableStateStore extends StateStore {

  /** Runs {@code query}; keys in the result are stored keys, prefix included. */
  QueryResult query(Query query) throws StateException;
}
