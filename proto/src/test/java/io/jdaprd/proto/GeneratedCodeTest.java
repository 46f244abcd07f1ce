package io.jdaprd.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.dapr.v1.AppCallbackAlphaGrpc;
import io.dapr.v1.AppCallbackGrpc;
import io.dapr.v1.AppCallbackHealthCheckGrpc;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprStateProtos;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Proves the Dapr protos were generated and compiled by this module and are usable. */
class GeneratedCodeTest {

  private static List<String> methodNames(ServiceDescriptor service) {
    return service.getMethods().stream().map(MethodDescriptor::getBareMethodName).toList();
  }

  @Test
  void daprServiceHasTheRuntimeApi() {
    ServiceDescriptor service = DaprGrpc.getServiceDescriptor();

    assertThat(service.getName()).isEqualTo("dapr.proto.runtime.v1.Dapr");
    assertThat(methodNames(service))
        .contains("GetState", "SaveState", "PublishEvent", "InvokeService", "GetMetadata", "Shutdown");
    assertThat(DaprGrpc.getSaveStateMethod().getFullMethodName())
        .isEqualTo("dapr.proto.runtime.v1.Dapr/SaveState");
    assertThat(DaprGrpc.getSubscribeConfigurationMethod().getType())
        .isEqualTo(MethodDescriptor.MethodType.SERVER_STREAMING);
  }

  @Test
  void appCallbackServicesExist() {
    assertThat(AppCallbackGrpc.getServiceDescriptor().getName())
        .isEqualTo("dapr.proto.runtime.v1.AppCallback");
    assertThat(methodNames(AppCallbackGrpc.getServiceDescriptor()))
        .contains("OnInvoke", "ListTopicSubscriptions", "OnTopicEvent", "OnBindingEvent");
    assertThat(methodNames(AppCallbackHealthCheckGrpc.getServiceDescriptor()))
        .containsExactly("HealthCheck");
    assertThat(methodNames(AppCallbackAlphaGrpc.getServiceDescriptor()))
        .contains("OnBulkTopicEventAlpha1", "OnJobEventAlpha1");
  }

  @Test
  void daprServiceCanBeImplemented() {
    ServerServiceDefinition definition = new DaprGrpc.DaprImplBase() {}.bindService();

    assertThat(definition.getServiceDescriptor().getName()).isEqualTo("dapr.proto.runtime.v1.Dapr");
    assertThat(definition.getMethod("dapr.proto.runtime.v1.Dapr/GetState")).isNotNull();
  }

  @Test
  void saveStateRequestRoundTrips() throws Exception {
    DaprStateProtos.SaveStateRequest request = DaprStateProtos.SaveStateRequest.newBuilder()
        .setStoreName("statestore")
        .addStates(CommonProtos.StateItem.newBuilder()
            .setKey("order-1")
            .setValue(ByteString.copyFromUtf8("{\"qty\":3}"))
            .setEtag(CommonProtos.Etag.newBuilder().setValue("7"))
            .putMetadata("ttlInSeconds", "60"))
        .build();

    DaprStateProtos.SaveStateRequest parsed =
        DaprStateProtos.SaveStateRequest.parseFrom(request.toByteArray());

    assertThat(parsed).isEqualTo(request);
    assertThat(parsed.getStates(0).getValue().toStringUtf8()).isEqualTo("{\"qty\":3}");
    assertThat(parsed.getStates(0).getMetadataMap()).containsEntry("ttlInSeconds", "60");
    assertThat(DaprStateProtos.getDescriptor().getName()).isEqualTo("dapr/proto/runtime/v1/state.proto");
  }
}
