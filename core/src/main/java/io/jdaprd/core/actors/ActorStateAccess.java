package io.jdaprd.core.actors;

import io.jdaprd.errors.factories.ActorErrors;
import io.jdaprd.golang.GoFmt;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation;
import io.jdaprd.spi.state.TransactionalStateStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Actor state in the store marked {@code actorStateStore: "true"}, laid out as daprd lays it out so that either
 * sidecar reads what the other wrote: key {@code <appID>||<type>||<id>||<key>} whatever the store's
 * {@code keyPrefix}, metadata {@code partitionKey = <appID>||<type>||<id>} on every request.
 */
final class ActorStateAccess {
  static final String SEPARATOR = "||";
  private static final String PARTITION_KEY = "partitionKey";
  private static final String TTL = "ttlInSeconds";

  private final String appId;
  private final StateStore store;
  private final boolean ttlEnabled;

  /**
   * @param store the actor state store, {@code null} when none is configured
   * @param ttlEnabled whether {@code ttlInSeconds} is accepted in transactions (daprd's {@code ActorStateTTL}
   *     feature)
   */
  ActorStateAccess(String appId, StateStore store, boolean ttlEnabled) {
    this.appId = appId;
    this.store = store;
    this.ttlEnabled = ttlEnabled;
  }

  /** One operation of a transaction, as the API decoded it. */
  record Operation(String operation, boolean hasRequest, String key, byte[] value, String etag, Map<String, String> metadata) {
  }

  /**
   * The store, after daprd's checks: none configured is {@code ERR_ACTOR_RUNTIME_NOT_FOUND}; a store without ETags
   * or transactions fails with daprd's plain text (the caller wraps it in its operation's error).
   */
  TransactionalStateStore store() throws NotUsableException {
    if (store == null) {
      throw ActorErrors.runtimeNotFound();
    }
    if (!(store instanceof TransactionalStateStore tx) || !store.features().contains(StateFeature.ETAG)
        || !store.features().contains(StateFeature.TRANSACTIONAL)) {
      throw new NotUsableException();
    }
    return tx;
  }


  /** The value of {@code key} of {@code type/id}; empty when absent. */
  Optional<StoredValue> get(String type, String id, String key) throws NotUsableException, StateException {
    TransactionalStateStore s = store();
    String base = appId + SEPARATOR + type + SEPARATOR + id;
    return s.get(new GetRequest(base + SEPARATOR + key, Map.of(PARTITION_KEY, base), null));
  }

  /**
   * Runs {@code operations} as one transaction, checked as daprd checks them (an unknown operation, a missing key,
   * {@code ttlInSeconds} without the feature).
   *
   * @throws InvalidOperationException with daprd's text of the first bad operation
   */
  void transact(String type, String id, List<Operation> operations)
      throws NotUsableException, InvalidOperationException, StateException {
    String base = appId + SEPARATOR + type + SEPARATOR + id;
    Map<String, String> common = Map.of(PARTITION_KEY, base);
    List<TransactionOperation> ops = new ArrayList<>();
    for (Operation o : operations) {
      if (!o.hasRequest()) {
        throw new InvalidOperationException("request data is empty");
      }
      if (o.operation() == null || o.operation().isEmpty()) {
        throw new InvalidOperationException("operation is empty");
      }
      switch (o.operation()) {
        case "upsert" -> {
          if (o.key() == null || o.key().isEmpty()) {
            throw new InvalidOperationException("missing key");
          }
          Map<String, String> metadata = new HashMap<>(o.metadata() == null ? Map.of() : o.metadata());
          metadata.putAll(common);
          if (!ttlEnabled && metadata.containsKey(TTL)) {
            throw new InvalidOperationException(GoFmt.sprintf(
                "ttlInSeconds is not supported without the %q feature enabled", "ActorStateTTL"));
          }
          ops.add(new TransactionOperation.Upsert(new SetRequest(base + SEPARATOR + o.key(), o.value(), o.etag(),
              metadata, Concurrency.LAST_WRITE, null)));
        }
        case "delete" -> {
          if (o.key() == null || o.key().isEmpty()) {
            throw new InvalidOperationException("missing key");
          }
          ops.add(new TransactionOperation.Delete(new DeleteRequest(base + SEPARATOR + o.key(), o.etag(), common,
              Concurrency.LAST_WRITE, null)));
        }
        default -> throw new InvalidOperationException("operation type " + o.operation() + " not supported");
      }
    }
    TransactionalStateStore s = store();
    int max = s.maxOperationsPerTransaction();
    if (max > 0 && ops.size() > max) {
      throw new InvalidOperationException("the transaction contains more operations than supported by the state "
          + "store");
    }
    s.multi(ops, common);
  }

  /** The actor state store lacks ETags or transactions. */
  static final class NotUsableException extends Exception {
    private static final long serialVersionUID = 1L;

    NotUsableException() {
      super("actors: state store does not exist or incorrectly configured. Have you set the property "
          + "'{\"name\": \"actorStateStore\", \"value\": \"true\"}' in your state store component file?", null, false,
          false);
    }
  }

  /** An operation of a transaction that daprd refuses before the store sees it. */
  static final class InvalidOperationException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidOperationException(String message) {
      super(message, null, false, false);
    }
  }
}
