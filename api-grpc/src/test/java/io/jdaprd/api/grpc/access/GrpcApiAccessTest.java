package io.jdaprd.api.grpc.access;

import static org.assertj.core.api.Assertions.assertThat;

import io.dapr.v1.DaprGrpc;
import io.grpc.MethodDescriptor;
import io.jdaprd.api.grpc.actors.ActorCallbackStream;
import io.jdaprd.core.runtime.ApiAccess;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The gRPC API's allow and deny lists: daprd's RPCs per API and version, and the decision per call. */
class GrpcApiAccessTest {
  private static final String SERVICE = "dapr.proto.runtime.v1.Dapr/";

  private static GrpcApiAccess access(List<ApiAccess.Rule> allowed, List<ApiAccess.Rule> denied) {
    return new GrpcApiAccess(new ApiAccess(allowed, denied), null);
  }

  private static ApiAccess.Rule grpc(String name, String version) {
    return new ApiAccess.Rule(name, version, "grpc");
  }

  @Test
  void everyRpcOfTheTableIsAnRpcOfTheService() {
    Set<String> rpcs = DaprGrpc.getServiceDescriptor().getMethods().stream()
        .map(MethodDescriptor::getBareMethodName).collect(Collectors.toCollection(java.util.HashSet::new));
    rpcs.add(ActorCallbackStream.METHOD.getBareMethodName()); // served beside the 1.17 descriptor
    List<String> missing = GrpcApiAccess.RPCS.values().stream().flatMap(List::stream)
        .filter(rpc -> !rpcs.contains(rpc)).toList();
    // daprd's table names these, which the Dapr proto this runtime serves does not have (yet)
    assertThat(missing).containsExactlyInAnyOrder("ScheduleJob", "DeleteJob", "GetJob", "DeleteJobsByPrefix",
        "ListJobs");
  }

  @Test
  void aDeniedApiIsRefusedTheRestServed() {
    GrpcApiAccess a = access(List.of(), List.of(grpc("state", "v1")));
    assertThat(a.any()).isTrue();
    assertThat(a.permits(SERVICE + "GetState")).isFalse();
    assertThat(a.permits(SERVICE + "ExecuteStateTransaction")).isFalse();
    assertThat(a.permits(SERVICE + "QueryStateAlpha1")).isTrue();
    assertThat(a.permits(SERVICE + "PublishEvent")).isTrue();
    assertThat(a.permits("my.app.Service/Method")).as("proxied calls are not concerned").isTrue();
  }

  @Test
  void anAllowListServesOnlyItsApisAndDenyWins() {
    GrpcApiAccess a = access(List.of(grpc("publish", "v1"), grpc("state", "v1")), List.of(grpc("state", "v1")));
    assertThat(a.permits(SERVICE + "PublishEvent")).isTrue();
    assertThat(a.permits(SERVICE + "GetState")).isFalse();
    assertThat(a.permits(SERVICE + "InvokeService")).isFalse();
  }

  @Test
  void rulesForHttpOrUnknownNamesChangeNothing() {
    assertThat(access(List.of(new ApiAccess.Rule("state", "v1", "http")), List.of()).any()).isFalse();
    assertThat(access(List.of(grpc("state", "v1.0")), List.of()).any()).as("v1.0 is an HTTP version").isFalse();
    assertThat(access(List.of(new ApiAccess.Rule("state", "v1", "GRPC")), List.of()).any())
        .as("gRPC compares the protocol exactly, as daprd").isFalse();
  }
}
