package io.jdaprd.api.grpc.access;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.core.runtime.ApiAccess;
import io.jdaprd.errors.factories.CommonErrors;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Configuration's API allow and deny lists on the gRPC API, as daprd applies them: a {@code grpc} rule names an
 * API and version ({@code state} {@code v1}) that stands for its RPCs of the Dapr service (daprd's table, below); a
 * call of a denied RPC, or of an RPC the allow list leaves out, fails with daprd's {@code Unimplemented}
 * {@code Not Implemented} ({@link CommonErrors#apiNotAvailable()}), before the API token is checked. Proxied calls
 * of other services are not concerned.
 */
public final class GrpcApiAccess implements ServerInterceptor {
  private static final String SERVICE = "dapr.proto.runtime.v1.Dapr/";

  /** daprd's RPCs of each API and version. */
  static final Map<String, List<String>> RPCS = Map.ofEntries(
      Map.entry("invoke.v1", List.of("InvokeService")),
      Map.entry("state.v1", List.of("GetState", "GetBulkState", "SaveState", "DeleteState", "DeleteBulkState", "ExecuteStateTransaction")),
      Map.entry("state.v1alpha1", List.of("QueryStateAlpha1")),
      Map.entry("publish.v1", List.of("PublishEvent", "BulkPublishEvent")),
      Map.entry("publish.v1alpha1", List.of("BulkPublishEventAlpha1")),
      Map.entry("bindings.v1", List.of("InvokeBinding")),
      Map.entry("secrets.v1", List.of("GetSecret", "GetBulkSecret")),
      Map.entry("actors.v1", List.of("RegisterActorTimer", "UnregisterActorTimer", "RegisterActorReminder", "GetActorReminder", "UnregisterActorReminder", "UnregisterActorRemindersByType", "ListActorReminders", "GetActorState", "ExecuteActorStateTransaction", "InvokeActor")),
      Map.entry("actors.v1alpha1", List.of("SubscribeActorEventsAlpha1")),
      Map.entry("metadata.v1", List.of("GetMetadata", "SetMetadata")),
      Map.entry("configuration.v1alpha1", List.of("GetConfigurationAlpha1", "SubscribeConfigurationAlpha1", "UnsubscribeConfigurationAlpha1")),
      Map.entry("configuration.v1", List.of("GetConfiguration", "SubscribeConfiguration", "UnsubscribeConfiguration")),
      Map.entry("lock.v1alpha1", List.of("TryLockAlpha1")),
      Map.entry("unlock.v1alpha1", List.of("UnlockAlpha1")),
      Map.entry("subtlecrypto.v1alpha1", List.of("SubtleGetKeyAlpha1", "SubtleEncryptAlpha1", "SubtleDecryptAlpha1", "SubtleSignAlpha1", "SubtleVerifyAlpha1", "SubtleWrapKeyAlpha1", "SubtleUnwrapKeyAlpha1")),
      Map.entry("crypto.v1alpha1", List.of("EncryptAlpha1", "DecryptAlpha1")),
      Map.entry("workflows.v1alpha1", List.of("StartWorkflowAlpha1", "GetWorkflowAlpha1", "TerminateWorkflowAlpha1", "RaiseEventWorkflowAlpha1", "PurgeWorkflowAlpha1", "PauseWorkflowAlpha1", "ResumeWorkflowAlpha1")),
      Map.entry("workflows.v1beta1", List.of("StartWorkflowBeta1", "GetWorkflowBeta1", "TerminateWorkflowBeta1", "RaiseEventWorkflowBeta1", "PurgeWorkflowBeta1", "PauseWorkflowBeta1", "ResumeWorkflowBeta1")),
      Map.entry("jobs.v1alpha1", List.of("ScheduleJobAlpha1", "DeleteJobAlpha1", "GetJobAlpha1", "DeleteJobsByPrefixAlpha1", "ListJobsAlpha1")),
      Map.entry("jobs.v1", List.of("ScheduleJob", "DeleteJob", "GetJob", "DeleteJobsByPrefix", "ListJobs")),
      Map.entry("shutdown.v1", List.of("Shutdown")),
      Map.entry("subscribe.v1alpha1", List.of("SubscribeTopicEventsAlpha1")),
      Map.entry("conversation.v1alpha1", List.of("ConverseAlpha1")),
      Map.entry("conversation.v1alpha2", List.of("ConverseAlpha2")));

  private final Set<String> allowed;
  private final Set<String> denied;
  private final GrpcCalls calls;

  /** @param calls renders the refusal as every error of the API is rendered */
  public GrpcApiAccess(ApiAccess access, GrpcCalls calls) {
    this.allowed = methods(access.allowed("grpc"));
    this.denied = methods(access.denied("grpc"));
    this.calls = calls;
  }

  /** Whether the lists name any RPC; without one the interceptor lets every call through. */
  public boolean any() {
    return !allowed.isEmpty() || !denied.isEmpty();
  }

  /** Whether a call of {@code fullMethodName} ({@code dapr.proto.runtime.v1.Dapr/GetState}) may go on. */
  public boolean permits(String fullMethodName) {
    if (!fullMethodName.startsWith(SERVICE)) {
      return true;
    }
    return !denied.contains(fullMethodName) && (allowed.isEmpty() || allowed.contains(fullMethodName));
  }

  private static Set<String> methods(List<ApiAccess.Rule> rules) {
    Set<String> out = new HashSet<>();
    for (ApiAccess.Rule rule : rules) {
      for (String rpc : RPCS.getOrDefault(rule.name() + "." + rule.version(), List.of())) {
        out.add(SERVICE + rpc);
      }
    }
    return out;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call, Metadata headers,
      ServerCallHandler<ReqT, RespT> next) {
    if (permits(call.getMethodDescriptor().getFullMethodName())) {
      return next.startCall(call, headers);
    }
    GrpcCalls.closeWith(call, calls.render(CommonErrors.apiNotAvailable(),
        headers.get(GrpcCalls.ACCEPT_LANGUAGE_HEADER)));
    return new ServerCall.Listener<>() {
    };
  }
}
