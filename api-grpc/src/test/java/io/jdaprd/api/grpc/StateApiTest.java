package io.jdaprd.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.LocalizedMessage;
import com.google.rpc.ResourceInfo;
import io.dapr.v1.CommonProtos.Etag;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.CommonProtos.StateOptions;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos.BulkStateItem;
import io.dapr.v1.DaprStateProtos.DeleteBulkStateRequest;
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.QueryStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprStateProtos.TransactionalStateOperation;
import io.grpc.Status;
import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.SetRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The state RPCs over the in-memory store, through a real gRPC client. */
class StateApiTest {
  private static Sidecar sidecar;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() {
    sidecar = Sidecar.start();
    dapr = sidecar.stub();
  }

  @AfterAll
  static void stop() {
    sidecar.close();
  }

  private static StateItem item(String key, String value) {
    return StateItem.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
  }

  private static void save(StateItem... items) {
    dapr.saveState(SaveStateRequest.newBuilder().setStoreName("statestore").addAllStates(List.of(items)).build());
  }

  private static GetStateResponse get(String key) {
    return dapr.getState(GetStateRequest.newBuilder().setStoreName("statestore").setKey(key).build());
  }

  @Test
  void savedBytesReadBackAsSent() {
    byte[] notJson = {0, (byte) 0xff, 'x'};
    save(StateItem.newBuilder().setKey("raw").setValue(ByteString.copyFrom(notJson)).build());

    GetStateResponse got = get("raw");

    assertThat(got.getData().toByteArray()).containsExactly(notJson);
    assertThat(got.getEtag()).isNotEmpty();
    assertThat(got.getMetadataMap()).isEmpty();
  }

  @Test
  void missingKeyIsEmptyNotAnError() {
    GetStateResponse got = get("never-saved");

    assertThat(got.getData()).isEqualTo(ByteString.EMPTY);
    assertThat(got.getEtag()).isEmpty();
    assertThat(got.getMetadataMap()).isEmpty();
  }

  @Test
  void ttlComesBackAsResponseMetadata() {
    save(item("ttl", "\"v\"").toBuilder().putMetadata("ttlInSeconds", "100").build());

    GetStateResponse got = get("ttl");

    assertThat(got.getData().toStringUtf8()).isEqualTo("\"v\"");
    assertThat(got.getMetadataMap()).containsOnlyKeys("ttlExpireTime");
    assertThat(got.getMetadataMap().get("ttlExpireTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d.*Z");
  }

  @Test
  void bulkGetAnswersInOrderWithMissingKeysEmpty() {
    save(item("b1", "one"), item("b2", "two"));

    List<BulkStateItem> items = dapr.getBulkState(GetBulkStateRequest.newBuilder().setStoreName("statestore")
        .addKeys("b2").addKeys("b-missing").addKeys("b1").build()).getItemsList();

    assertThat(items).extracting(BulkStateItem::getKey).containsExactly("b2", "b-missing", "b1");
    assertThat(items).extracting(i -> i.getData().toStringUtf8()).containsExactly("two", "", "one");
    assertThat(items.get(0).getEtag()).isNotEmpty();
    assertThat(items.get(1).getEtag()).isEmpty();
    assertThat(items).extracting(BulkStateItem::getError).containsOnly("");
  }

  @Test
  void bulkGetOfNoKeysIsEmpty() {
    assertThat(dapr.getBulkState(GetBulkStateRequest.newBuilder().setStoreName("statestore").build())
        .getItemsList()).isEmpty();
  }

  @Test
  void saveWithTheCurrentEtagReplacesTheValueAndTheEtag() {
    save(item("e1", "first"));
    String etag = get("e1").getEtag();

    save(item("e1", "second").toBuilder().setEtag(Etag.newBuilder().setValue(etag)).build());

    GetStateResponse got = get("e1");
    assertThat(got.getData().toStringUtf8()).isEqualTo("second");
    assertThat(got.getEtag()).isNotEqualTo(etag);
  }

  /**
   * What the in-memory store itself says about a conflict on {@code key} (stored as {@code myapp||key}): the cause
   * daprd embeds after {@code possible etag mismatch. error from state store: }.
   */
  private static String storeText(String key, String etag, Concurrency concurrency) throws Exception {
    try (InMemoryStateStore store = new InMemoryStateStore()) {
      store.init(new ComponentMetadata("statestore", InMemoryStateStore.TYPE, "v1", Sidecar.APP_ID, Map.of()));
      if (concurrency != null) {
        store.set(new SetRequest("myapp||" + key, new byte[] {1}, null, Map.of(), null, null));
      }
      EtagMismatchException e = catchThrowableOfType(EtagMismatchException.class, () -> store.set(
          new SetRequest("myapp||" + key, new byte[] {2}, etag, Map.of(), concurrency, null)));
      assertThat(e).as("the in-memory store refuses the write").isNotNull();
      return e.getMessage();
    }
  }

  @Test
  void etagOfAMissingKeyOnSaveIsAborted() throws Exception {
    GrpcErrors e = GrpcErrors.of(() -> save(item("e-missing", "v").toBuilder()
        .setEtag(Etag.newBuilder().setValue("some-etag")).build()));

    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.message()).isEqualTo("failed saving state in state store statestore: possible etag mismatch. "
        + "error from state store: " + storeText("e-missing", "some-etag", null));
    assertThat(e.detailTypes()).containsExactly("ErrorInfo");
    assertThat(e.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("ERR_STATE_SAVE")
        .setDomain("dapr.io").build());
  }

  @Test
  void etagMismatchOnSaveIsAbortedAndKeepsTheValue() {
    save(item("e2", "first"));
    String etag = get("e2").getEtag();

    GrpcErrors e = GrpcErrors.of(() -> save(item("e2", "second").toBuilder()
        .setEtag(Etag.newBuilder().setValue("not-the-etag")).build()));

    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.message())
        .startsWith("failed saving state in state store statestore: possible etag mismatch. error from state store: ")
        .endsWith("state etag not match for key=myapp||e2: current=" + etag + ", expect=not-the-etag");
    assertThat(e.detail(ErrorInfo.class).getReason()).isEqualTo("ERR_STATE_SAVE");
    assertThat(get("e2").getData().toStringUtf8()).isEqualTo("first");
  }

  @Test
  void firstWriteWithoutEtagRefusesAnExistingKey() throws Exception {
    StateItem firstWrite = item("fw", "v").toBuilder().setOptions(StateOptions.newBuilder()
        .setConcurrency(StateOptions.StateConcurrency.CONCURRENCY_FIRST_WRITE)
        .setConsistency(StateOptions.StateConsistency.CONSISTENCY_STRONG)).build();
    save(firstWrite);

    GrpcErrors e = GrpcErrors.of(() -> save(firstWrite));

    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.message()).isEqualTo("failed saving state in state store statestore: possible etag mismatch. "
        + "error from state store: " + storeText("fw", null, Concurrency.FIRST_WRITE));
  }

  @Test
  void illegalKeyIsInvalidArgumentWithBadRequestResourceInfoAndErrorInfo() {
    GrpcErrors e = GrpcErrors.of(() -> save(item("ke||y1", "v")));

    String message = "input key/keyPrefix 'ke||y1' can't contain '||'";
    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.message()).isEqualTo(message);
    assertThat(e.detailTypes()).containsExactly("BadRequest", "ResourceInfo", "ErrorInfo");
    BadRequest.FieldViolation violation = e.detail(BadRequest.class).getFieldViolations(0);
    assertThat(violation.getField()).isEqualTo("ke||y1");
    assertThat(violation.getDescription()).isEqualTo(message);
    assertThat(e.detail(ResourceInfo.class)).isEqualTo(ResourceInfo.newBuilder().setResourceType("state")
        .setResourceName("statestore").build());
    assertThat(e.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("DAPR_STATE_ILLEGAL_KEY")
        .setDomain("dapr.io").build());
  }

  @Test
  void illegalKeyOnGet() {
    GrpcErrors e = GrpcErrors.of(() -> get("a||b"));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.message()).isEqualTo("input key/keyPrefix 'a||b' can't contain '||'");
  }

  @Test
  void unknownStoreIsInvalidArgumentWithoutMetadata() {
    GrpcErrors e = GrpcErrors.of(() -> dapr.getState(GetStateRequest.newBuilder().setStoreName("nostore")
        .setKey("k").build()));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.message()).isEqualTo("state store nostore is not found");
    assertThat(e.detailTypes()).containsExactly("ErrorInfo");
    assertThat(e.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("DAPR_STATE_NOT_FOUND")
        .setDomain("dapr.io").build());
  }

  @Test
  void emptyKeyOnSave() {
    GrpcErrors e = GrpcErrors.of(() -> save(item("", "v")));

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.message()).isEqualTo("state key cannot be empty");
    assertThat(e.detail(ErrorInfo.class).getReason()).isEqualTo("ERR_STATE_SAVE");
  }

  @Test
  void deleteRemovesAndAMismatchedEtagIsAborted() {
    save(item("d1", "v"));
    String etag = get("d1").getEtag();

    GrpcErrors e = GrpcErrors.of(() -> dapr.deleteState(DeleteStateRequest.newBuilder().setStoreName("statestore")
        .setKey("d1").setEtag(Etag.newBuilder().setValue("stale")).build()));
    assertThat(e.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(e.message()).startsWith("failed deleting state with key d1: possible etag mismatch. error from state "
        + "store: ").endsWith("state etag not match for key=myapp||d1: current=" + etag + ", expect=stale");

    dapr.deleteState(DeleteStateRequest.newBuilder().setStoreName("statestore").setKey("d1")
        .setEtag(Etag.newBuilder().setValue(etag)).build());
    assertThat(get("d1").getData()).isEqualTo(ByteString.EMPTY);
    dapr.deleteState(DeleteStateRequest.newBuilder().setStoreName("statestore").setKey("d1").build());
  }

  @Test
  void bulkDeleteRemovesEveryKey() {
    save(item("bd1", "v"), item("bd2", "v"));

    dapr.deleteBulkState(DeleteBulkStateRequest.newBuilder().setStoreName("statestore")
        .addStates(StateItem.newBuilder().setKey("bd1")).addStates(StateItem.newBuilder().setKey("bd2")).build());

    assertThat(get("bd1").getData()).isEqualTo(ByteString.EMPTY);
    assertThat(get("bd2").getData()).isEqualTo(ByteString.EMPTY);
  }

  @Test
  void transactionUpsertsAndDeletes() {
    save(item("t-old", "v"));

    dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder().setStoreName("statestore")
        .addOperations(TransactionalStateOperation.newBuilder().setOperationType("upsert")
            .setRequest(item("t-new", "fresh")))
        .addOperations(TransactionalStateOperation.newBuilder().setOperationType("delete")
            .setRequest(StateItem.newBuilder().setKey("t-old")))
        .build());

    assertThat(get("t-new").getData().toStringUtf8()).isEqualTo("fresh");
    assertThat(get("t-old").getData()).isEqualTo(ByteString.EMPTY);
  }

  @Test
  void unknownTransactionOperationIsUnimplemented() {
    GrpcErrors e = GrpcErrors.of(() -> dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder()
        .setStoreName("statestore").addOperations(TransactionalStateOperation.newBuilder().setOperationType("foo")
            .setRequest(item("k", "v")))
        .build()));

    assertThat(e.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(e.message()).isEqualTo("operation type foo not supported");
    assertThat(e.detail(ErrorInfo.class).getReason()).isEqualTo("ERR_NOT_SUPPORTED_STATE_OPERATION");
  }

  @Test
  void queryOnAStoreWithoutQueryingIsInternal() {
    GrpcErrors e = GrpcErrors.of(() -> dapr.queryStateAlpha1(QueryStateRequest.newBuilder()
        .setStoreName("statestore").setQuery("{\"filter\":{\"EQ\":{\"a\":1}}}").build()));

    assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(e.message()).isEqualTo("state store does not support querying");
    assertThat(e.detailTypes()).containsExactly("ResourceInfo", "ErrorInfo");
    assertThat(e.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_STATE_QUERYING_NOT_SUPPORTED");
  }

  @Test
  void acceptLanguageAddsALocalizedMessage() {
    DaprGrpc.DaprBlockingStub chinese = sidecar.stub("accept-language", "zh-CN");

    GrpcErrors e = GrpcErrors.of(() -> chinese.getState(GetStateRequest.newBuilder().setStoreName("nostore")
        .setKey("k").build()));

    assertThat(e.message()).isEqualTo("state store nostore is not found");
    assertThat(e.detailTypes()).containsExactly("ErrorInfo", "LocalizedMessage");
    LocalizedMessage localized = e.detail(LocalizedMessage.class);
    assertThat(localized.getLocale()).isEqualTo("zh-CN");
    assertThat(localized.getMessage()).isNotEqualTo(e.message()).contains("nostore");
    assertThat(localized.getMessage().getBytes(StandardCharsets.UTF_8).length)
        .isGreaterThan(localized.getMessage().length());
  }

  @Test
  void languageIsReadPerCall() {
    GrpcErrors chinese = GrpcErrors.of(() -> sidecar.stub("accept-language", "zh-CN").getState(
        GetStateRequest.newBuilder().setStoreName("nostore").setKey("k").build()));
    GrpcErrors english = GrpcErrors.of(() -> sidecar.stub("accept-language", "en-US").getState(
        GetStateRequest.newBuilder().setStoreName("nostore").setKey("k").build()));
    GrpcErrors none = GrpcErrors.of(() -> dapr.getState(GetStateRequest.newBuilder().setStoreName("nostore")
        .setKey("k").build()));

    assertThat(chinese.detail(LocalizedMessage.class).getLocale()).isEqualTo("zh-CN");
    assertThat(english.detail(LocalizedMessage.class)).isEqualTo(LocalizedMessage.newBuilder().setLocale("en-US")
        .setMessage("state store nostore is not found").build());
    assertThat(none.detailTypes()).containsExactly("ErrorInfo");
  }
}
