package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.LocalizedMessage;
import com.google.rpc.ResourceInfo;
import io.dapr.v1.CommonProtos.Etag;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.dapr.v1.DaprStateProtos.BulkStateItem;
import io.dapr.v1.DaprStateProtos.DeleteStateRequest;
import io.dapr.v1.DaprStateProtos.ExecuteStateTransactionRequest;
import io.dapr.v1.DaprStateProtos.GetBulkStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.GetStateResponse;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.dapr.v1.DaprStateProtos.TransactionalStateOperation;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The state RPCs over raw gRPC stubs against one sidecar with a {@code state.in-memory} store. */
class GrpcStateTest {
  private static final String APP_ID = "it-grpc";
  private static SidecarProcess sidecar;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() {
    sidecar = SidecarProcess.withAppId(APP_ID).resources(Locations.testResource("components/inmemory")).start();
    channel = GrpcFailure.channel(sidecar);
    dapr = GrpcFailure.stub(channel);
  }

  @AfterAll
  static void stop() {
    if (channel != null) {
      channel.shutdownNow();
    }
    if (sidecar != null) {
      sidecar.close();
    }
  }

  private static StateItem item(String key, String value) {
    return StateItem.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
  }

  private static StateItem item(String key, String value, String etag) {
    return item(key, value).toBuilder().setEtag(Etag.newBuilder().setValue(etag)).build();
  }

  private static void save(String store, StateItem... items) {
    dapr.saveState(SaveStateRequest.newBuilder().setStoreName(store).addAllStates(List.of(items)).build());
  }

  private static GetStateResponse get(String key) {
    return dapr.getState(GetStateRequest.newBuilder().setStoreName("statestore").setKey(key).build());
  }

  @Test
  void saveGetDelete() {
    byte[] notJson = {0, (byte) 0xff, 'x'};
    save("statestore", StateItem.newBuilder().setKey("raw").setValue(ByteString.copyFrom(notJson)).build());

    GetStateResponse got = get("raw");
    assertThat(got.getData().toByteArray()).as("bytes as sent").containsExactly(notJson);
    assertThat(got.getEtag()).isNotEmpty();

    dapr.deleteState(DeleteStateRequest.newBuilder().setStoreName("statestore").setKey("raw").build());
    GetStateResponse gone = get("raw");
    assertThat(gone.getData().isEmpty()).isTrue();
    assertThat(gone.getEtag()).isEmpty();
  }

  @Test
  void bulkGetAnswersEveryKeyWithItsItem() {
    save("statestore", item("bulk-a", "\"A\""), item("bulk-b", "{\"b\":1}"));

    List<BulkStateItem> items = dapr.getBulkState(GetBulkStateRequest.newBuilder().setStoreName("statestore")
        .addKeys("bulk-a").addKeys("bulk-missing").addKeys("bulk-b").build()).getItemsList();

    assertThat(items).extracting(BulkStateItem::getKey)
        .containsExactlyInAnyOrder("bulk-a", "bulk-missing", "bulk-b");
    assertThat(items).filteredOn(i -> i.getKey().equals("bulk-a")).singleElement()
        .satisfies(i -> assertThat(i.getData().toStringUtf8()).isEqualTo("\"A\""))
        .satisfies(i -> assertThat(i.getEtag()).isEqualTo(get("bulk-a").getEtag()));
    assertThat(items).filteredOn(i -> i.getKey().equals("bulk-b")).singleElement()
        .satisfies(i -> assertThat(i.getData().toStringUtf8()).isEqualTo("{\"b\":1}"));
    assertThat(items).filteredOn(i -> i.getKey().equals("bulk-missing")).singleElement()
        .satisfies(i -> assertThat(i.getData().isEmpty()).isTrue())
        .satisfies(i -> assertThat(i.getEtag()).isEmpty())
        .satisfies(i -> assertThat(i.getError()).isEmpty());
  }

  @Test
  void transactionUpsertsAndDeletesTogether() {
    save("statestore", item("tx-old", "1"));

    dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder().setStoreName("statestore")
        .addOperations(TransactionalStateOperation.newBuilder().setOperationType("upsert")
            .setRequest(item("tx-new", "2")))
        .addOperations(TransactionalStateOperation.newBuilder().setOperationType("delete")
            .setRequest(StateItem.newBuilder().setKey("tx-old")))
        .build());

    assertThat(get("tx-new").getData().toStringUtf8()).isEqualTo("2");
    assertThat(get("tx-old").getData().isEmpty()).isTrue();
  }

  @Test
  void staleEtagIsAborted() {
    save("statestore", item("etag-k", "1"));
    String first = get("etag-k").getEtag();
    save("statestore", item("etag-k", "2", first));
    String current = get("etag-k").getEtag();

    GrpcFailure f = GrpcFailure.of(() -> save("statestore", item("etag-k", "3", first)));

    assertThat(f.code()).isEqualTo(Status.Code.ABORTED);
    assertThat(f.message()).isEqualTo("failed saving state in state store statestore: possible etag mismatch. "
        + "error from state store: state etag not match for key=" + APP_ID + "||etag-k: current=" + current
        + ", expect=" + first);
    assertThat(f.detailTypes()).containsExactly("ErrorInfo");
    assertThat(f.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("ERR_STATE_SAVE")
        .setDomain("dapr.io").build());
    assertThat(get("etag-k").getData().toStringUtf8()).as("unchanged").isEqualTo("2");
  }

  @Test
  void keyWithTheSeparatorIsInvalidArgumentWithThreeDetails() {
    GrpcFailure f = GrpcFailure.of(() -> get("ke||y1"));

    String message = "input key/keyPrefix 'ke||y1' can't contain '||'";
    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.message()).isEqualTo(message);
    assertThat(f.detailTypes()).containsExactly("BadRequest", "ResourceInfo", "ErrorInfo");
    assertThat(f.detail(BadRequest.class)).isEqualTo(BadRequest.newBuilder().addFieldViolations(
        BadRequest.FieldViolation.newBuilder().setField("ke||y1").setDescription(message)).build());
    assertThat(f.detail(ResourceInfo.class)).isEqualTo(ResourceInfo.newBuilder().setResourceType("state")
        .setResourceName("statestore").build());
    assertThat(f.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("DAPR_STATE_ILLEGAL_KEY")
        .setDomain("dapr.io").build());
  }

  @Test
  void acceptLanguageAddsALocalizedMessage() {
    DaprGrpc.DaprBlockingStub chinese = GrpcFailure.stub(channel, "accept-language", "zh-CN");

    GrpcFailure f = GrpcFailure.of(() -> chinese.getState(GetStateRequest.newBuilder().setStoreName("statestore")
        .setKey("ke||y1").build()));

    assertThat(f.detailTypes()).containsExactly("BadRequest", "ResourceInfo", "ErrorInfo", "LocalizedMessage");
    assertThat(f.detail(LocalizedMessage.class)).isEqualTo(LocalizedMessage.newBuilder().setLocale("zh-CN")
        .setMessage("输入键/键前缀 'ke||y1' 不能包含 '||'").build());
  }

  @Test
  void unknownStoreIsInvalidArgumentWithoutMetadata() {
    GrpcFailure f = GrpcFailure.of(() -> save("nostore", item("k", "1")));

    assertThat(f.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(f.message()).isEqualTo("state store nostore is not found");
    assertThat(f.detailTypes()).containsExactly("ErrorInfo");
    assertThat(f.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("DAPR_STATE_NOT_FOUND")
        .setDomain("dapr.io").build());
  }

  @Test
  void transactionWithAnUnknownOperationIsUnimplemented() {
    GrpcFailure f = GrpcFailure.of(() -> dapr.executeStateTransaction(ExecuteStateTransactionRequest.newBuilder()
        .setStoreName("statestore").addOperations(TransactionalStateOperation.newBuilder()
            .setOperationType("merge").setRequest(item("k", "1"))).build()));

    assertThat(f.code()).isEqualTo(Status.Code.UNIMPLEMENTED);
    assertThat(f.message()).isEqualTo("operation type merge not supported");
    assertThat(f.detail(ErrorInfo.class).getReason()).isEqualTo("ERR_NOT_SUPPORTED_STATE_OPERATION");
  }

  @Test
  void messageOverFourMebibytesIsRejected() {
    GrpcFailure f = GrpcFailure.of(() -> save("statestore", item("big", "x".repeat(4 * 1024 * 1024))));

    assertThat(f.code()).isNotEqualTo(Status.Code.OK);
    assertThat(get("big").getData().isEmpty()).as("nothing saved").isTrue();
  }

  @Test
  void messageOverFourMebibytesIsResourceExhausted() {
    SaveStateRequest big = SaveStateRequest.newBuilder().setStoreName("statestore")
        .addStates(item("big", "x".repeat(4 * 1024 * 1024))).build();

    GrpcFailure f = GrpcFailure.of(() -> dapr.saveState(big));

    assertThat(f.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(f.message()).isEqualTo("grpc: received message larger than max (" + big.getSerializedSize()
        + " vs. 4194304)");
  }

  @Test
  void getMetadataListsTheStore() {
    GetMetadataResponse metadata = dapr.getMetadata(GetMetadataRequest.getDefaultInstance());

    assertThat(metadata.getId()).isEqualTo(APP_ID);
    assertThat(metadata.getRuntimeVersion()).isEqualTo(Locations.version());
    assertThat(metadata.getRegisteredComponentsList()).containsExactly(RegisteredComponents.newBuilder()
        .setName("statestore").setType("state.in-memory").setVersion("v1")
        .addAllCapabilities(List.of("ETAG", "TRANSACTIONAL", "TTL", "ACTOR")).build());
    assertThat(metadata.getExtendedMetadataMap()).containsEntry("daprRuntimeVersion",
        Locations.version());
  }
}
