package io.jdaprd.core.state;

import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metrics.Operations;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.core.state.StateRequests.BulkGet;
import io.jdaprd.core.state.StateRequests.BulkItem;
import io.jdaprd.core.state.StateRequests.Entry;
import io.jdaprd.core.state.StateRequests.Item;
import io.jdaprd.core.state.StateRequests.Operation;
import io.jdaprd.core.state.StateRequests.QueryPage;
import io.jdaprd.core.state.StateRequests.Transaction;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.StateErrors;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.Consistency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.EtagInvalidException;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.QueryResult;
import io.jdaprd.spi.state.QueryableStateStore;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation;
import io.jdaprd.spi.state.TransactionalStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The state API, once for HTTP and gRPC. Every method validates in daprd's order (store configured, store found,
 * body decoded, then each item), prefixes keys, calls the store once and turns its failures into Dapr's errors.
 * Methods throw only {@link DaprException}; a body supplier may throw one too (a malformed body).
 */
public final class StateBlock {
  private final StateStores stores;
  private final Metrics metrics;
  private final Resiliency resiliency;

  /**
   * A block over the loaded stores, with daprd's built-in policies only, recording each store call in the stores'
   * {@link StateStores#metrics()}.
   */
  public StateBlock(StateStores stores) {
    this(stores, Resiliency.builtIn());
  }

  /**
   * A block over the loaded stores whose calls run under the stores' outbound policies: a timeout or an open breaker
   * fails the operation as a failure of the store would, with daprd's text ({@code context deadline exceeded},
   * {@code circuit breaker is open}) as the cause.
   */
  public StateBlock(StateStores stores, Resiliency resiliency) {
    this.stores = stores;
    this.metrics = stores.metrics();
    this.resiliency = resiliency;
  }

  /**
   * Runs one call on {@code store} under its outbound policy, counted in its {@link StateStores.Store#inFlight()} so
   * that hot reload closes the store only after it. A store that hot reload replaced since its lookup (and is closing)
   * hands the call to its successor; one it removed answers as a missing store.
   */
  private <T> T call(StateStores.Store store, StoreCall<T> operation) throws StateException {
    StateStores.Store current = store;
    while (!current.inFlight().enter()) {
      StateStores.Store next = stores.all().get(current.name());
      if (next == null || next == current) {
        throw stores.gone(current.name());
      }
      current = next;
    }
    StateStore target = current.store();
    try {
      return resiliency.componentOutbound(current.name(), Resiliency.ComponentKind.STATESTORE)
          .run(() -> operation.run(target), StateException::new);
    } finally {
      current.inFlight().exit();
    }
  }

  private void run(StateStores.Store store, StoreRun operation) throws StateException {
    call(store, s -> {
      operation.run(s);
      return null;
    });
  }

  /** A store call with a result, on the store instance that serves it. */
  @FunctionalInterface
  private interface StoreCall<T> {
    T run(StateStore store) throws StateException;
  }

  /** A store call without a result, on the store instance that serves it. */
  @FunctionalInterface
  private interface StoreRun {
    void run(StateStore store) throws StateException;
  }

  /** {@code s} as a transactional store (checked before the call, unless hot reload replaced the store since). */
  private static TransactionalStateStore transactional(StateStore s) throws StateException {
    if (s instanceof TransactionalStateStore t) {
      return t;
    }
    throw new StateException("the state store no longer supports transactions");
  }

  /** {@code s} as a queryable store (checked before the call, unless hot reload replaced the store since). */
  private static QueryableStateStore queryable(StateStore s) throws StateException {
    if (s instanceof QueryableStateStore q) {
      return q;
    }
    throw new StateException("the state store no longer supports queries");
  }

  /** Reads {@code key}; empty when the key has no value. */
  public Optional<Entry> get(String storeName, String key, String consistency, Map<String, String> metadata) {
    StateStores.Store store = stores.require(storeName);
    String stored = store.storedKey(key);
    long start = System.nanoTime();
    boolean ok = false;
    try {
      Optional<StoredValue> v = call(store,
          s -> s.get(new GetRequest(stored, metadata, consistency(consistency))));
      ok = true;
      return v.map(s -> new Entry(s.data(), s.etag(), s.metadata()));
    } catch (StateException e) {
      throw StateErrors.get(storeName, key, cause(e));
    } finally {
      metrics.stateCall(storeName, Operations.GET, ok, System.nanoTime() - start);
    }
  }

  /** Reads many keys; one result per key, in order. */
  public List<BulkItem> bulkGet(String storeName, Supplier<BulkGet> body) {
    StateStores.Store store = stores.require(storeName);
    BulkGet request = body.get();
    List<GetRequest> gets = new ArrayList<>(request.keys().size());
    for (String key : request.keys()) {
      gets.add(new GetRequest(store.storedKey(key), request.metadata(), null));
    }
    if (gets.isEmpty()) {
      return List.of();
    }
    List<Optional<StoredValue>> values;
    long start = System.nanoTime();
    boolean ok = false;
    try {
      values = call(store, s -> s.bulkGet(gets));
      ok = true;
    } catch (StateException e) {
      throw StateErrors.bulkGet(storeName, cause(e));
    } finally {
      metrics.stateCall(storeName, Operations.BULK_GET, ok, System.nanoTime() - start);
    }
    List<BulkItem> out = new ArrayList<>(values.size());
    for (int i = 0; i < values.size(); i++) {
      String key = request.keys().get(i);
      out.add(values.get(i).map(v -> new BulkItem(key, v.data(), v.etag(), v.metadata(), null))
          .orElseGet(() -> new BulkItem(key, null, null, Map.of(), null)));
    }
    return out;
  }

  /** Saves items; a single item is a plain set, several a bulk set. */
  public void save(String storeName, Supplier<List<Item>> body) {
    StateStores.Store store = stores.require(storeName);
    List<Item> items = body.get();
    try {
      List<SetRequest> sets = new ArrayList<>(items.size());
      for (Item item : items) {
        if (item.key() == null || item.key().isEmpty()) {
          throw StateErrors.keyEmpty(storeName);
        }
        sets.add(setRequest(store, item, () -> StateErrors.illegalKey(storeName, item.key())));
      }
      long start = System.nanoTime();
      boolean ok = false;
      try {
        if (sets.size() == 1) {
          run(store, s -> s.set(sets.get(0)));
        } else if (!sets.isEmpty()) {
          run(store, s -> s.bulkSet(sets));
        }
        ok = true;
      } finally {
        metrics.stateCall(storeName, Operations.SET, ok, System.nanoTime() - start);
      }
    } catch (EtagMismatchException e) {
      throw StateErrors.saveEtagMismatch(storeName, e.getMessage());
    } catch (EtagInvalidException e) {
      throw StateErrors.saveEtagInvalid(storeName, e.getMessage());
    } catch (StateException e) {
      throw StateErrors.save(storeName, cause(e));
    }
  }

  /** Deletes {@code key}; a missing key is not an error unless an ETag was given. */
  public void delete(String storeName, String key, String etag, String concurrency, String consistency,
      Map<String, String> metadata) {
    StateStores.Store store = stores.require(storeName);
    String stored = store.storedKey(key, () -> StateErrors.illegalKey(storeName, key));
    long start = System.nanoTime();
    boolean ok = false;
    try {
      DeleteRequest delete = new DeleteRequest(stored, etag, metadata, concurrency(concurrency),
          consistency(consistency));
      run(store, s -> s.delete(delete));
      ok = true;
    } catch (EtagMismatchException e) {
      throw StateErrors.deleteEtagMismatch(storeName, key, e.getMessage());
    } catch (EtagInvalidException e) {
      throw StateErrors.deleteEtagInvalid(storeName, key, e.getMessage());
    } catch (StateException e) {
      throw StateErrors.delete(storeName, key, cause(e));
    } finally {
      metrics.stateCall(storeName, Operations.DELETE, ok, System.nanoTime() - start);
    }
  }

  /** Deletes many keys (gRPC {@code DeleteBulkState}). */
  public void bulkDelete(String storeName, List<Item> items) {
    StateStores.Store store = stores.require(storeName);
    try {
      List<DeleteRequest> deletes = new ArrayList<>(items.size());
      for (Item item : items) {
        String stored = store.storedKey(item.key(), () -> StateErrors.illegalKey(storeName, item.key()));
        deletes.add(new DeleteRequest(stored, item.etag(), item.metadata(), concurrency(item.concurrency()),
            consistency(item.consistency())));
      }
      long start = System.nanoTime();
      boolean ok = false;
      try {
        run(store, s -> s.bulkDelete(deletes));
        ok = true;
      } finally {
        metrics.stateCall(storeName, Operations.BULK_DELETE, ok, System.nanoTime() - start);
      }
    } catch (EtagMismatchException e) {
      throw StateErrors.bulkDeleteEtagMismatch(storeName, e.getMessage());
    } catch (EtagInvalidException e) {
      throw StateErrors.bulkDeleteEtagInvalid(storeName, e.getMessage());
    } catch (StateException e) {
      throw StateErrors.bulkDelete(storeName, cause(e));
    }
  }

  /** Runs a transaction atomically; the store's transaction support is checked before the body is decoded. */
  public void transact(String storeName, Supplier<Transaction> body) {
    StateStores.Store store = stores.require(storeName);
    if (!(store.store() instanceof TransactionalStateStore transactional)) {
      throw StateErrors.transactionsNotSupported(storeName);
    }
    Transaction tx = body.get();
    try {
      List<TransactionOperation> ops = new ArrayList<>(tx.operations().size());
      for (Operation op : tx.operations()) {
        Item item = op.request();
        switch (String.valueOf(op.operation())) {
          case "upsert" -> ops.add(new TransactionOperation.Upsert(
              setRequest(store, item, () -> StateErrors.illegalKeyInTransaction(storeName, item.key()))));
          case "delete" -> ops.add(new TransactionOperation.Delete(new DeleteRequest(
              store.storedKey(item.key(), () -> StateErrors.illegalKeyInTransaction(storeName, item.key())),
              item.etag(), item.metadata(), concurrency(item.concurrency()), consistency(item.consistency()))));
          default -> throw StateErrors.operationNotSupported(storeName, op.operation());
        }
      }
      int max = transactional.maxOperationsPerTransaction();
      if (max > 0 && ops.size() > max) {
        throw StateErrors.tooManyTransactionalOps(storeName, ops.size(), max);
      }
      if (!ops.isEmpty()) {
        long start = System.nanoTime();
        boolean ok = false;
        try {
          run(store, s -> transactional(s).multi(ops, tx.metadata()));
          ok = true;
        } finally {
          metrics.stateCall(storeName, Operations.TRANSACTION, ok, System.nanoTime() - start);
        }
      }
    } catch (EtagMismatchException e) {
      throw StateErrors.transactionEtagMismatch(storeName, e.getMessage());
    } catch (EtagInvalidException e) {
      throw StateErrors.transactionEtagInvalid(storeName, e.getMessage());
    } catch (StateException e) {
      throw StateErrors.transaction(storeName, cause(e));
    }
  }

  /** Runs a query (alpha); the store's query support is checked before the query is parsed. */
  public QueryPage query(String storeName, Supplier<String> queryJson, Map<String, String> metadata) {
    StateStores.Store store = stores.requireForQuery(storeName);
    if (!(store.store() instanceof QueryableStateStore queryable)) {
      throw StateErrors.queryNotSupported(storeName);
    }
    QueryResult result;
    try {
      var parsed = QueryParser.parse(queryJson.get(), store.prefix().value(), metadata);
      result = call(store, s -> queryable(s).query(parsed));
    } catch (QueryParser.InvalidQueryException e) {
      throw StateErrors.queryFailed(storeName, "failed to parse JSON query body: " + e.getMessage());
    } catch (StateException e) {
      throw StateErrors.queryFailed(storeName, cause(e));
    }
    List<BulkItem> items = new ArrayList<>(result.items().size());
    for (QueryResult.Item i : result.items()) {
      items.add(new BulkItem(KeyPrefix.strip(i.key()), i.data(), i.etag(), Map.of(), null));
    }
    return new QueryPage(items, result.token(), result.metadata());
  }

  private static SetRequest setRequest(StateStores.Store store, Item item, Supplier<DaprException> illegalKey)
      throws StateException {
    return new SetRequest(store.storedKey(item.key(), illegalKey), item.value(),
        item.etag() == null || item.etag().isEmpty() ? null : item.etag(), item.metadata(),
        concurrency(item.concurrency()), consistency(item.consistency()));
  }

  /** The store's error text, as daprd embeds it ({@code err.Error()}). */
  private static String cause(StateException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static Concurrency concurrency(String value) throws StateException {
    if (value == null || value.isEmpty()) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "first-write" -> Concurrency.FIRST_WRITE;
      case "last-write" -> Concurrency.LAST_WRITE;
      default -> throw new StateException("unrecognized concurrency model '" + value + "'");
    };
  }

  private static Consistency consistency(String value) throws StateException {
    if (value == null || value.isEmpty()) {
      return null;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "eventual" -> Consistency.EVENTUAL;
      case "strong" -> Consistency.STRONG;
      default -> throw new StateException("unrecognized consistency model '" + value + "'");
    };
  }
}
