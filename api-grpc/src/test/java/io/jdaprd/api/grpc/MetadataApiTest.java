package io.jdaprd.api.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Empty;
import io.dapr.v1.DaprMetadataProtos.ActorRuntime;
import io.dapr.v1.DaprMetadataProtos.AppConnectionProperties;
import io.dapr.v1.DaprMetadataProtos.GetMetadataRequest;
import io.dapr.v1.DaprMetadataProtos.GetMetadataResponse;
import io.dapr.v1.DaprMetadataProtos.MetadataHTTPEndpoint;
import io.dapr.v1.DaprMetadataProtos.RegisteredComponents;
import io.dapr.v1.DaprMetadataProtos.SetMetadataRequest;
import io.dapr.v1.DaprProtos.ShutdownRequest;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GetMetadata}, {@code SetMetadata} and {@code Shutdown}. */
class MetadataApiTest {

  @Test
  void metadataDescribesTheSidecar() throws Exception {
    try (Sidecar sidecar = Sidecar.start()) {
      GetMetadataResponse metadata = sidecar.stub().getMetadata(GetMetadataRequest.getDefaultInstance());

      assertThat(metadata.getId()).isEqualTo("myapp");
      assertThat(metadata.getRuntimeVersion()).isEqualTo(Sidecar.RUNTIME_VERSION);
      assertThat(metadata.getEnabledFeaturesList()).containsExactlyInAnyOrder("HotReload", "WorkflowsRemoteActivityReminder");
      assertThat(metadata.getRegisteredComponentsList()).containsExactly(RegisteredComponents.newBuilder()
          .setName("statestore").setType("state.in-memory").setVersion("v1").addCapabilities("ETAG")
          .addCapabilities("TRANSACTIONAL").addCapabilities("TTL").addCapabilities("ACTOR").build());
      assertThat(metadata.getExtendedMetadataMap()).containsExactlyEntriesOf(
          java.util.Map.of("daprRuntimeVersion", Sidecar.RUNTIME_VERSION));
      assertThat(metadata.getAppConnectionProperties()).isEqualTo(AppConnectionProperties.newBuilder()
          .setProtocol("http").setChannelAddress("127.0.0.1").build());
      assertThat(metadata.getActorRuntime().getRuntimeStatus()).isEqualTo(ActorRuntime.ActorRuntimeStatus.DISABLED);
      assertThat(metadata.getSubscriptionsList()).isEmpty();
      assertThat(metadata.getHttpEndpointsList()).isEmpty();
    }
  }

  @Test
  void appPortIsReportedWhenThereIsOne() throws Exception {
    try (Sidecar sidecar = Sidecar.options().appPort(3000).start()) {
      AppConnectionProperties app = sidecar.stub().getMetadata(GetMetadataRequest.getDefaultInstance())
          .getAppConnectionProperties();

      assertThat(app.getPort()).isEqualTo(3000);
      assertThat(app.getProtocol()).isEqualTo("http");
    }
  }

  @Test
  void loadedHttpEndpointsAreListedByName() throws Exception {
    try (Sidecar sidecar = Sidecar.options().httpEndpoint("one", "http://127.0.0.1:1")
        .httpEndpoint("two", "http://127.0.0.1:2").start()) {
      assertThat(sidecar.stub().getMetadata(GetMetadataRequest.getDefaultInstance()).getHttpEndpointsList())
          .extracting(MetadataHTTPEndpoint::getName).containsExactly("one", "two");
    }
  }

  @Test
  void setMetadataAddsExtendedValuesAndIgnoresAnEmptyKey() throws Exception {
    try (Sidecar sidecar = Sidecar.start()) {
      assertThat(sidecar.stub().setMetadata(SetMetadataRequest.newBuilder().setKey("owner").setValue("team-a")
          .build())).isEqualTo(Empty.getDefaultInstance());
      sidecar.stub().setMetadata(SetMetadataRequest.newBuilder().setKey("").setValue("ignored").build());

      assertThat(sidecar.stub().getMetadata(GetMetadataRequest.getDefaultInstance()).getExtendedMetadataMap())
          .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("owner", "team-a",
              "daprRuntimeVersion", Sidecar.RUNTIME_VERSION));
    }
  }

  @Test
  void shutdownAnswersThenStartsTheShutdown() throws Exception {
    try (Sidecar sidecar = Sidecar.start()) {
      assertThat(sidecar.shutdown.getCount()).isEqualTo(1);

      assertThat(sidecar.stub().shutdown(ShutdownRequest.getDefaultInstance())).isEqualTo(Empty.getDefaultInstance());

      assertThat(sidecar.shutdown.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }
}
