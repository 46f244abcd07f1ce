package io.jdaprd.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.core.state.StateRequests.Item;
import io.jdaprd.core.state.StateRequests.Operation;
import io.jdaprd.core.state.StateRequests.Transaction;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.ComponentMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The state block over the real in-memory store: daprd's validation order, prefixes and error mapping. */
class StateBlockTest {
  private InMemoryStateStore store;
  private StateBlock block;

  @BeforeEach
  void setUp() throws Exception {
    store = new InMemoryStateStore();
    store.init(new ComponentMetadata("statestore", "state.in-memory", "v1", "myapp", Map.of()));
    block = new StateBlock(new StateStores(Map.of("statestore",
        new StateStores.Store("statestore", store, KeyPrefix.of(null, "statestore", "myapp", null))), "myapp"));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private static Item item(String key, String value) {
    return new Item(key, value.getBytes(StandardCharsets.UTF_8), null, Map.of(), null, null);
  }

  private static DaprException error(Runnable r) {
    return catchThrowableOfType(DaprException.class, r::run);
  }

  @Test
  void saveGetDeleteWithTheAppIdPrefix() throws Exception {
    block.save("statestore", () -> List.of(item("k", "\"v\"")));
    assertThat(block.get("statestore", "k", null, Map.of())).get()
        .satisfies(e -> assertThat(new String(e.data(), StandardCharsets.UTF_8)).isEqualTo("\"v\""));
    assertThat(store.get(new io.jdaprd.spi.state.GetRequest("myapp||k", Map.of(), null))).isPresent();
    block.delete("statestore", "k", null, null, null, Map.of());
    assertThat(block.get("statestore", "k", null, Map.of())).isEmpty();
  }

  @Test
  void unknownStoreIsCheckedBeforeTheBodyIsDecoded() {
    AtomicBoolean decoded = new AtomicBoolean();
    DaprException e = error(() -> block.save("nostore", () -> {
      decoded.set(true);
      return List.of();
    }));
    assertThat(e.code()).isEqualTo(ErrorCode.STATE_STORE_NOT_FOUND);
    assertThat(e.forHttp().errorInfo().orElseThrow().metadata()).containsEntry("appID", "myapp");
    assertThat(decoded).isFalse();
  }

  @Test
  void noStoresAtAllIsNotConfigured() {
    StateBlock empty = new StateBlock(new StateStores(Map.of(), "myapp"));
    assertThat(error(() -> empty.get("s", "k", null, Map.of())).code())
        .isEqualTo(ErrorCode.STATE_STORE_NOT_CONFIGURED);
  }

  @Test
  void emptyKeyThenIllegalKeyInItemOrder() {
    assertThat(error(() -> block.save("statestore", () -> List.of(item("", "1")))).code())
        .isEqualTo(ErrorCode.STATE_KEY_EMPTY);
    DaprException illegal = error(() -> block.save("statestore", () -> List.of(item("ok", "1"), item("a||b", "2"))));
    assertThat(illegal.code()).isEqualTo(ErrorCode.STATE_ILLEGAL_KEY);
    assertThat(illegal.forHttp().getMessage())
        .isEqualTo("api error: code = InvalidArgument desc = input key/keyPrefix 'a||b' can't contain '||'");
    assertThat(block.get("statestore", "ok", null, Map.of())).as("nothing half-written").isEmpty();
  }

  @Test
  void etagMismatchAndFirstWriteMapToDaprsErrors() {
    block.save("statestore", () -> List.of(item("k", "1")));
    Item wrongEtag = new Item("k", "2".getBytes(StandardCharsets.UTF_8), "not-the-etag", Map.of(), null, null);
    DaprException e = error(() -> block.save("statestore", () -> List.of(wrongEtag)));
    assertThat(e.code()).isEqualTo(ErrorCode.STATE_SAVE_ETAG_MISMATCH);
    assertThat(e.httpStatus()).isEqualTo(409);
    assertThat(e.getMessage()).startsWith(
        "failed saving state in state store statestore: possible etag mismatch. error from state store");
    Item firstWrite = new Item("k", "3".getBytes(StandardCharsets.UTF_8), null, Map.of(), "first-write", null);
    assertThat(error(() -> block.save("statestore", () -> List.of(firstWrite))).code())
        .isEqualTo(ErrorCode.STATE_SAVE_ETAG_MISMATCH);
    DaprException delete = error(() -> block.delete("statestore", "k", "nope", null, null, Map.of()));
    assertThat(delete.code()).isEqualTo(ErrorCode.STATE_DELETE_ETAG_MISMATCH);
    assertThat(delete.getMessage()).startsWith("failed deleting state with key k: possible etag mismatch");
  }

  @Test
  void unknownConcurrencyFailsLikeAStoreFailure() {
    Item odd = new Item("k", "1".getBytes(StandardCharsets.UTF_8), null, Map.of(), "sometimes", null);
    DaprException e = error(() -> block.save("statestore", () -> List.of(odd)));
    assertThat(e.code()).isEqualTo(ErrorCode.STATE_SAVE);
    assertThat(e.getMessage()).isEqualTo(
        "failed saving state in state store statestore: unrecognized concurrency model 'sometimes'");
  }

  @Test
  void transactionIsAtomicAndMismatchIsATransactionError() {
    block.save("statestore", () -> List.of(item("a", "1")));
    Transaction tx = new Transaction(List.of(
        new Operation("upsert", item("b", "2")),
        new Operation("delete", item("a", "")),
        new Operation("upsert", new Item("c", "3".getBytes(StandardCharsets.UTF_8), "bad", Map.of(), null, null))),
        Map.of());
    DaprException e = error(() -> block.transact("statestore", () -> tx));
    assertThat(e.code()).isEqualTo(ErrorCode.STATE_TRANSACTION);
    assertThat(e.httpStatus()).isEqualTo(500);
    assertThat(e.getMessage())
        .startsWith("error while executing state transaction: possible etag mismatch. error from state store");
    assertThat(block.get("statestore", "b", null, Map.of())).isEmpty();
    assertThat(block.get("statestore", "a", null, Map.of())).isPresent();
  }

  @Test
  void transactionRefusesUnknownOperationsAndIllegalKeysWithoutTheField() {
    assertThat(error(() -> block.transact("statestore",
        () -> new Transaction(List.of(new Operation("merge", item("a", "1"))), Map.of()))).code())
        .isEqualTo(ErrorCode.NOT_SUPPORTED_STATE_OPERATION);
    DaprException illegal = error(() -> block.transact("statestore",
        () -> new Transaction(List.of(new Operation("upsert", item("x||y", "1"))), Map.of())));
    assertThat(illegal.forHttp().fieldViolations()).singleElement().satisfies(v -> assertThat(v.field()).isEmpty());
    assertThat(illegal.fieldViolations()).singleElement().satisfies(v -> assertThat(v.field()).isEqualTo("x||y"));
  }

  @Test
  void bulkGetKeepsOrderAndQueryIsNotSupportedByTheInMemoryStore() {
    block.save("statestore", () -> List.of(item("a", "1"), item("c", "3")));
    List<StateRequests.BulkItem> items = block.bulkGet("statestore",
        () -> new StateRequests.BulkGet(List.of("a", "b", "c"), 0, Map.of()));
    assertThat(items).extracting(StateRequests.BulkItem::key).containsExactly("a", "b", "c");
    assertThat(items.get(1).data()).isNull();
    assertThat(items.get(2).data()).isEqualTo("3".getBytes(StandardCharsets.UTF_8));
    assertThat(error(() -> block.query("statestore", () -> "{}", Map.of())).code())
        .isEqualTo(ErrorCode.STATE_QUERYING_NOT_SUPPORTED);
  }
}
