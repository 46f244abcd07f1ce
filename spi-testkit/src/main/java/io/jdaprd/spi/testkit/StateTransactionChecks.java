package io.jdaprd.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.TransactionOperation;
import io.jdaprd.spi.state.TransactionOperation.Delete;
import io.jdaprd.spi.state.TransactionOperation.Upsert;
import io.jdaprd.spi.state.TransactionalStateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transactions, for stores that implement {@link TransactionalStateStore}: upserts and deletes are applied together
 * and in order, and a transaction with a failing operation leaves nothing behind.
 */
public interface StateTransactionChecks extends StateStoreFixture {

  /** The ways the last operation of a transaction can fail on its ETag. */
  enum LastOperationFailure {
    /** An upsert whose ETag is stale. */
    UPSERT_WITH_STALE_ETAG,
    /** An upsert with an ETag on a key that does not exist. */
    UPSERT_WITH_ETAG_ON_MISSING_KEY,
    /** A first-write upsert without ETag on an existing key. */
    FIRST_WRITE_ON_EXISTING_KEY,
    /** A delete whose ETag is stale. */
    DELETE_WITH_STALE_ETAG
  }

  /** The store as a transactional store; skips the test when it is not one. */
  default TransactionalStateStore transactional() {
    assumeTrue(store() instanceof TransactionalStateStore,
        "the store is not transactional; Dapr answers ERR_STATE_STORE_NOT_SUPPORTED for it");
    return (TransactionalStateStore) store();
  }

  @Test
  @DisplayName("transaction: upserts and deletes are applied together")
  default void transactionAppliesUpsertsAndDeletes() throws Exception {
    TransactionalStateStore store = transactional();
    String a = key("tx-a");
    String b = key("tx-b");
    String doomed = key("tx-doomed");
    set(doomed, "doomed");
    set(b, "old b");
    store.multi(List.of(
        new Upsert(setRequest(a, utf8("new a"))),
        new Upsert(setRequest(b, utf8("new b"))),
        new Delete(deleteRequest(doomed, null))), Map.of());
    assertThat(text(a)).as("Dapr: a transaction's upsert of a new key is applied").isEqualTo("new a");
    assertThat(text(b)).as("Dapr: a transaction's upsert of an existing key is applied").isEqualTo("new b");
    assertThat(get(doomed)).as("Dapr: a transaction's delete is applied").isEmpty();
  }

  @Test
  @DisplayName("transaction: operations run in order")
  default void transactionRunsInOrder() throws Exception {
    TransactionalStateStore store = transactional();
    String key = key("tx-order");
    String reborn = key("tx-reborn");
    set(reborn, "old");
    store.multi(List.of(
        new Upsert(setRequest(key, utf8("first"))),
        new Upsert(setRequest(key, utf8("second"))),
        new Delete(deleteRequest(reborn, null)),
        new Upsert(setRequest(reborn, utf8("reborn")))), Map.of());
    assertThat(text(key)).as("Dapr: later operations of a transaction on the same key win").isEqualTo("second");
    assertThat(text(reborn)).as("Dapr: an upsert after a delete of the same key in one transaction stores it")
        .isEqualTo("reborn");
  }

  @Test
  @DisplayName("transaction: an empty transaction succeeds")
  default void emptyTransactionSucceeds() {
    TransactionalStateStore store = transactional();
    assertThatCode(() -> store.multi(List.of(), Map.of()))
        .as("Dapr: a transaction with no operations answers 204").doesNotThrowAnyException();
    assertThat(store.maxOperationsPerTransaction()).as("the operation limit is 0 (none) or positive")
        .isGreaterThanOrEqualTo(0);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(LastOperationFailure.class)
  @DisplayName("transaction: a failing last operation leaves nothing of the transaction")
  default void failedTransactionLeavesNothing(LastOperationFailure failure) throws Exception {
    TransactionalStateStore store = transactional();
    assumeFeature(StateFeature.ETAG);
    assumeTrue(etagRules() != StateEtagRules.REDIS || failure == LastOperationFailure.UPSERT_WITH_STALE_ETAG
        || failure == LastOperationFailure.DELETE_WITH_STALE_ETAG,
        "under daprd's Redis rules this operation goes through: transactionKeepsTheRedisRules");
    String created = key("tx-created");
    String updated = key("tx-updated");
    String deleted = key("tx-deleted");
    String guarded = key("tx-guarded");
    set(updated, "before");
    set(deleted, "still here");
    set(guarded, "old");
    String stale = etagOf(guarded);
    set(guarded, "guarded");
    String updatedEtag = etagOf(updated);
    String guardedEtag = etagOf(guarded);

    List<TransactionOperation> operations = new ArrayList<>(List.of(
        new Upsert(setRequest(created, utf8("created"))),
        new Upsert(setRequest(updated, utf8("after"), updatedEtag, null, Map.of())),
        new Delete(deleteRequest(deleted, null))));
    operations.add(switch (failure) {
      case UPSERT_WITH_STALE_ETAG -> new Upsert(setRequest(guarded, utf8("x"), stale, null, Map.of()));
      case UPSERT_WITH_ETAG_ON_MISSING_KEY ->
          new Upsert(setRequest(key("tx-missing"), utf8("x"), stale, null, Map.of()));
      case FIRST_WRITE_ON_EXISTING_KEY ->
          new Upsert(setRequest(guarded, utf8("x"), null, Concurrency.FIRST_WRITE, Map.of()));
      case DELETE_WITH_STALE_ETAG -> new Delete(deleteRequest(guarded, stale));
    });

    assertThatThrownBy(() -> store.multi(operations, Map.of()))
        .as("Dapr: a transaction whose operation has an ETag conflict fails with the mismatch (HTTP 500 "
            + "ERR_STATE_TRANSACTION)")
        .isExactlyInstanceOf(failure == LastOperationFailure.FIRST_WRITE_ON_EXISTING_KEY
            ? etagRules().firstWriteConflict() : EtagMismatchException.class);
    assertThat(get(created)).as("Dapr: transactions are atomic: an earlier upsert of a new key is not kept")
        .isEmpty();
    assertThat(text(updated)).as("Dapr: transactions are atomic: an earlier upsert of an existing key is undone")
        .isEqualTo("before");
    assertThat(etagOf(updated)).as("Dapr: transactions are atomic: the undone upsert leaves the old ETag")
        .isEqualTo(updatedEtag);
    assertThat(text(deleted)).as("Dapr: transactions are atomic: an earlier delete is undone")
        .isEqualTo("still here");
    assertThat(text(guarded)).as("Dapr: the failing operation itself changes nothing").isEqualTo("guarded");
    assertThat(etagOf(guarded)).as("Dapr: the failing operation itself leaves the ETag").isEqualTo(guardedEtag);
    assertThat(get(key("tx-missing"))).as("Dapr: the failing operation itself stores nothing").isEmpty();
  }

  @Test
  @DisplayName("transaction: ETags follow daprd's Redis rules (Redis)")
  default void transactionKeepsTheRedisRules() throws Exception {
    TransactionalStateStore store = transactional();
    assumeTrue(etagRules() == StateEtagRules.REDIS, "only daprd's state.redis has these rules");
    String absent = key("tx-redis-absent");
    String existing = key("tx-redis-existing");
    String stale = key("tx-redis-stale");
    String gone = key("tx-redis-gone");
    set(existing, "old");
    set(stale, "old");
    String staleEtag = etagOf(stale);
    set(stale, "current");
    store.multi(List.of(
        new Upsert(setRequest(absent, utf8("a"), "1234", null, Map.of())),
        new Upsert(setRequest(existing, utf8("b"), null, Concurrency.FIRST_WRITE, Map.of())),
        new Upsert(setRequest(stale, utf8("c"), staleEtag, Concurrency.LAST_WRITE, Map.of())),
        new Delete(deleteRequest(gone, "99"))), Map.of());
    assertThat(text(absent)).as("daprd's state.redis: an ETag on an absent key writes, in a transaction too")
        .isEqualTo("a");
    assertThat(text(existing)).as("daprd's state.redis: first-write without ETag writes an unmarked key")
        .isEqualTo("b");
    assertThat(text(stale)).as("daprd's state.redis: last-write ignores the ETag").isEqualTo("c");
    set(existing, "not marked by the transaction");
    assertThat(text(existing)).as("daprd's state.redis: a transaction's first-write does not mark the key")
        .isEqualTo("not marked by the transaction");
  }
}
