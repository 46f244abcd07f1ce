package io.jdaprd.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.dapr.v1.CommonProtos.StateItem;
import io.dapr.v1.DaprStateProtos.GetStateRequest;
import io.dapr.v1.DaprStateProtos.SaveStateRequest;
import io.grpc.Status;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.testkit.grpc.RawBytes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Failures nobody anticipated, and requests larger than the limit. */
class FailureHandlingTest {

  /** A store with a bug: every read throws an unchecked exception that names internals. */
  private static final class BrokenStore implements StateStore {
    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Set<StateFeature> features() {
      return Set.of();
    }

    @Override
    public Optional<StoredValue> get(GetRequest request) {
      throw new IllegalStateException("connection pool of db-7.internal exhausted");
    }

    @Override
    public void set(SetRequest request) {
    }

    @Override
    public void delete(DeleteRequest request) {
    }
  }

  /** A store that records whether a read ran on an event loop. */
  private static final class ProbeStore implements StateStore {
    private volatile Boolean onEventLoop;

    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Set<StateFeature> features() {
      return Set.of();
    }

    @Override
    public Optional<StoredValue> get(GetRequest request) {
      onEventLoop = ServiceRequestContext.current().eventLoop().inEventLoop();
      return Optional.empty();
    }

    @Override
    public void set(SetRequest request) {
    }

    @Override
    public void delete(DeleteRequest request) {
    }
  }

  @Test
  void handlersRunOffTheEventLoop() throws Exception {
    ProbeStore probe = new ProbeStore();
    try (Sidecar sidecar = Sidecar.options().store("probe", probe).start()) {
      sidecar.stub().getState(GetStateRequest.newBuilder().setStoreName("probe").setKey("k").build());
    }

    assertThat(probe.onEventLoop).isFalse();
  }

  @Test
  void anUnexpectedExceptionIsAnInternalErrorThatRevealsNothingAndIsLogged() throws Exception {
    PrintStream stderr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    GrpcErrors e;
    try (Sidecar sidecar = Sidecar.options().store("broken", new BrokenStore()).start()) {
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      e = GrpcErrors.of(() -> sidecar.stub().getState(GetStateRequest.newBuilder().setStoreName("broken")
          .setKey("k").build()));
    } finally {
      System.setErr(stderr);
    }

    assertThat(e.code()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(e.message()).isEqualTo("internal error");
    assertThat(e.detailTypes()).doesNotContain("DebugInfo");
    assertThat(String.valueOf(e.details())).doesNotContain("db-7");
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).contains("WARN").contains("dapr.proto.runtime.v1.Dapr/GetState")
        .contains("connection pool of db-7.internal exhausted");
  }

  @Test
  void aMessageLargerThanTheBodyLimitIsResourceExhausted() throws Exception {
    try (Sidecar sidecar = Sidecar.options().maxBodySize(1024).start()) {
      SaveStateRequest small = SaveStateRequest.newBuilder().setStoreName("statestore").addStates(StateItem
          .newBuilder().setKey("k").setValue(ByteString.copyFrom(new byte[512]))).build();
      SaveStateRequest large = SaveStateRequest.newBuilder().setStoreName("statestore").addStates(StateItem
          .newBuilder().setKey("k").setValue(ByteString.copyFrom(new byte[2048]))).build();

      sidecar.stub().saveState(small);
      GrpcErrors e = GrpcErrors.of(() -> sidecar.stub().saveState(large));

      assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }
  }

  @Test
  void publishedCodesAnswerTheSeedTablesCodeWithoutDetails() throws Exception {
    try (Sidecar sidecar = Sidecar.options().noStores().publishedCodes().start()) {
      GrpcErrors e = GrpcErrors.of(() -> sidecar.stub().getState(GetStateRequest.newBuilder().setStoreName("x")
          .setKey("k").build()));

      assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.message()).isEqualTo("state store is not configured");
      assertThat(e.detailTypes()).isEmpty();
    }
  }

  @Test
  void noStoreAtAllIsNotConfigured() throws Exception {
    try (Sidecar sidecar = Sidecar.options().noStores().start()) {
      GrpcErrors e = GrpcErrors.of(() -> sidecar.stub().getState(GetStateRequest.newBuilder().setStoreName("x")
          .setKey("k").build()));

      assertThat(e.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
      assertThat(e.message()).isEqualTo("state store x is not configured");
      assertThat(e.detailTypes()).containsExactly("ErrorInfo");
      assertThat(e.detail(com.google.rpc.ErrorInfo.class)).isEqualTo(com.google.rpc.ErrorInfo.newBuilder()
          .setReason("DAPR_STATE_NOT_CONFIGURED").setDomain("dapr.io").build());
    }
  }

  @Test
  void aMessageThatIsNotProtobufGetsGrpcGosAnswer() throws Exception {
    io.grpc.MethodDescriptor<byte[], byte[]> getState = RawBytes.of(io.dapr.v1.DaprGrpc.getGetStateMethod());
    try (Sidecar sidecar = Sidecar.options().start()) {
      // field 1 as a length-delimited value claiming 100 bytes, followed by 2: truncated wire data
      RawCalls.Result<byte[]> result = RawCalls.call(sidecar.channel, getState, new byte[] {0x0a, 100, 1, 2});
      assertThat(result.status().getCode()).isEqualTo(Status.Code.INTERNAL);
      assertThat(result.status().getDescription())
          .isEqualTo("grpc: error unmarshalling request: proto: cannot parse invalid wire-format data");
    }
  }
}
