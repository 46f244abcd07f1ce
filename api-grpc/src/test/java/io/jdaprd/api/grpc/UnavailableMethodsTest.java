package io.jdaprd.api.grpc;

import io.jdaprd.api.grpc.calls.GrpcCalls;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.rpc.ErrorInfo;
import com.google.rpc.LocalizedMessage;
import io.dapr.v1.DaprActorsProtos.InvokeActorRequest;
import io.dapr.v1.DaprAiProtos.ConversationRequestAlpha2;
import io.dapr.v1.DaprBindingsProtos.InvokeBindingRequest;
import io.dapr.v1.DaprConfigurationProtos.GetConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.SubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationRequest;
import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationResponse;
import io.dapr.v1.DaprCryptoProtos.EncryptRequest;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos.InvokeServiceRequest;
import io.dapr.v1.DaprJobsProtos.GetJobRequest;
import io.dapr.v1.DaprJobsProtos.Job;
import io.dapr.v1.DaprJobsProtos.ScheduleJobRequest;
import io.dapr.v1.DaprLockProtos.TryLockRequest;
import io.dapr.v1.DaprPubsubProtos.BulkPublishRequest;
import io.dapr.v1.DaprPubsubProtos.PublishEventRequest;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestInitialAlpha1;
import io.dapr.v1.DaprPubsubProtos.SubscribeTopicEventsRequestProcessedAlpha1;
import io.dapr.v1.DaprSecretProtos.GetSecretRequest;
import io.dapr.v1.DaprWorkflowProtos.StartWorkflowRequest;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RPCs of blocks without components answer daprd's errors, never the transport's UNIMPLEMENTED. */
class UnavailableMethodsTest {
  private static final String SUBTLE = "dapr.proto.runtime.v1.Dapr/Subtle";
  private static Sidecar sidecar;

  @BeforeAll
  static void start() {
    sidecar = Sidecar.start();
  }

  @AfterAll
  static void stop() {
    sidecar.close();
  }

  private static <ReqT> GrpcErrors fail(MethodDescriptor<ReqT, ?> method, ReqT request) throws Exception {
    RawCalls.Result<?> result = RawCalls.call(sidecar.channel, method, request);
    assertThat(result.status().isOk()).as(method.getFullMethodName() + " fails").isFalse();
    return result.errors();
  }

  @Test
  void everyRpcOfTheServiceAnswersAndNoneIsTheTransportsUnimplemented() throws Exception {
    List<String> unimplemented = new ArrayList<>();
    int answered = 0;
    for (MethodDescriptor<?, ?> method : DaprGrpcApi.SERVICE.getMethods()) {
      Status status = callWithDefaultRequest(method);
      String name = method.getFullMethodName();
      if (name.startsWith(SUBTLE)) {
        assertThat(status.getCode()).as(name).isEqualTo(Status.Code.UNIMPLEMENTED);
        assertThat(status.getDescription()).as(name).isEqualTo("this API is currently not implemented");
      } else if (status.getCode() == Status.Code.UNIMPLEMENTED) {
        unimplemented.add(name + ": " + status);
      }
      answered++;
    }
    assertThat(unimplemented).isEmpty();
    assertThat(answered).isEqualTo(DaprGrpc.getServiceDescriptor().getMethods().size() + 1).isGreaterThan(60);
  }

  private static <ReqT> Status callWithDefaultRequest(MethodDescriptor<ReqT, ?> method) throws Exception {
    return RawCalls.call(sidecar.channel, method, RawCalls.defaultRequest(method)).status();
  }

  @Test
  void theServiceIsBuiltOnlyWhenEveryRpcIsBoundExactlyOnce() {
    GrpcCalls calls = new GrpcCalls(new io.jdaprd.core.runtime.ApiSettings(io.jdaprd.errors.ErrorRendering.DAPR,
        null, 1024));
    io.jdaprd.core.runtime.Blocks blocks = sidecar.runtime.blocks();
    assertThat(DaprGrpcApi.definition(blocks, calls).getMethods())
        .as("the 1.17 service and daprd 1.18's SubscribeActorEventsAlpha1")
        .hasSize(DaprGrpc.getServiceDescriptor().getMethods().size() + 1);

    List<GrpcMethods.Binding> withoutState = new ArrayList<>(DaprGrpcApi.bindings());
    withoutState.remove(0);
    assertThatThrownBy(() -> DaprGrpcApi.definition(blocks, calls, withoutState))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no answer: dapr.proto.runtime.v1.Dapr/GetState");

    List<GrpcMethods.Binding> twice = new ArrayList<>(DaprGrpcApi.bindings());
    twice.add((b, methods) -> methods.empty(DaprGrpc.getGetStateMethod(), r -> { }));
    assertThatThrownBy(() -> DaprGrpcApi.definition(blocks, calls, twice))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("bound twice: dapr.proto.runtime.v1.Dapr/GetState");
  }

  @Test
  void publishToAnUnknownPubsubIsDaprsNotFoundByteForByte() throws Exception {
    GrpcErrors e = fail(DaprGrpc.getPublishEventMethod(), PublishEventRequest.newBuilder()
        .setPubsubName("unknown_pubsub").setTopic("t").build());

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.message()).isEqualTo("pubsub unknown_pubsub is not found");
    assertThat(e.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder().setReason("DAPR_PUBSUB_NOT_FOUND")
        .setDomain("dapr.io").build());
    assertThat(e.details().toByteArray()).hasSize(116);
  }

  @Test
  void publishWithoutPubsubsIsNotFoundAndAnEmptyNameIsItsOwnError() throws Exception {
    GrpcErrors notFound = fail(DaprGrpc.getBulkPublishEventMethod(),
        BulkPublishRequest.newBuilder().setPubsubName("ps").setTopic("t")
            .putMetadata("rawPayload", "true").build());
    assertThat(notFound.detail(ErrorInfo.class).getMetadataMap())
        .as("daprd's gRPC not-found error does not echo the request metadata").isEmpty();
    GrpcErrors topicEmpty = fail(DaprGrpc.getPublishEventMethod(), PublishEventRequest.newBuilder()
        .setPubsubName("").setTopic("").putMetadata("k", "v").build());
    assertThat(topicEmpty.detail(ErrorInfo.class).getMetadataMap()).as("name-empty echoes it")
        .isEqualTo(Map.of("k", "v"));

    GrpcErrors empty = fail(DaprGrpc.getPublishEventMethod(), PublishEventRequest.newBuilder().setTopic("t").build());
    assertThat(empty.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(empty.message()).isEqualTo("pubsub name is empty");
    assertThat(empty.detail(ErrorInfo.class).getReason()).isEqualTo("DAPR_PUBSUB_NAME_EMPTY");
  }

  @Test
  void streamingSubscriptionAnswersNotFoundForItsInitialRequest() throws Exception {
    GrpcErrors e = fail(DaprGrpc.getSubscribeTopicEventsAlpha1Method(), SubscribeTopicEventsRequestAlpha1
        .newBuilder().setInitialRequest(SubscribeTopicEventsRequestInitialAlpha1.newBuilder().setPubsubName("ps")
            .setTopic("orders")).build());

    assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(e.message()).isEqualTo("pubsub ps is not found");
  }

  @Test
  void streamingSubscriptionWantsItsInitialRequestFirstAsDaprd() throws Exception {
    GrpcErrors empty = fail(DaprGrpc.getSubscribeTopicEventsAlpha1Method(),
        SubscribeTopicEventsRequestAlpha1.getDefaultInstance());
    assertThat(empty.code()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(empty.message()).isEqualTo("initial request is required");

    GrpcErrors answerFirst = fail(DaprGrpc.getSubscribeTopicEventsAlpha1Method(), SubscribeTopicEventsRequestAlpha1
        .newBuilder().setEventProcessed(SubscribeTopicEventsRequestProcessedAlpha1.newBuilder().setId("e1"))
        .build());
    assertThat(answerFirst.code()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(answerFirst.message()).isEqualTo("initial request is required");
  }

  @Test
  void bindingSecretsActorsAndWorkflows() throws Exception {
    GrpcErrors binding = fail(DaprGrpc.getInvokeBindingMethod(), InvokeBindingRequest.newBuilder().setName("b")
        .setOperation("create").build());
    assertThat(binding.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(binding.message()).isEqualTo("error invoking output binding b: couldn't find output binding b");

    GrpcErrors secret = fail(DaprGrpc.getGetSecretMethod(), GetSecretRequest.newBuilder().setStoreName("s")
        .setKey("k").build());
    assertThat(secret.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(secret.message()).isEqualTo("secret store is not configured");
    assertThat(secret.detailTypes()).isEmpty();
    GrpcErrors localized = GrpcErrors.of(() -> sidecar.stub("accept-language", "zh-CN").getSecret(
        GetSecretRequest.newBuilder().setStoreName("s").setKey("k").build()));
    assertThat(localized.message()).isEqualTo("secret store is not configured");
    assertThat(localized.detailTypes()).containsExactly("LocalizedMessage");
    assertThat(localized.detail(LocalizedMessage.class).getLocale()).isEqualTo("zh-CN");

    for (GrpcErrors e : List.of(
        fail(DaprGrpc.getInvokeActorMethod(), InvokeActorRequest.newBuilder().setActorType("a").build()),
        fail(DaprGrpc.getStartWorkflowBeta1Method(), StartWorkflowRequest.newBuilder().setWorkflowName("w").build()),
        fail(DaprGrpc.getStartWorkflowAlpha1Method(), StartWorkflowRequest.getDefaultInstance()))) {
      assertThat(e.code()).isEqualTo(Status.Code.UNAVAILABLE);
      assertThat(e.message()).isEqualTo("placement service is not configured");
    }
  }

  @Test
  void configurationLockCryptoAndConversation() throws Exception {
    GrpcErrors config = fail(DaprGrpc.getGetConfigurationMethod(), GetConfigurationRequest.newBuilder()
        .setStoreName("c").build());
    assertThat(config.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(config.message()).isEqualTo("configuration stores not configured");

    GrpcErrors subscribe = fail(DaprGrpc.getSubscribeConfigurationMethod(),
        SubscribeConfigurationRequest.newBuilder().setStoreName("c").build());
    assertThat(subscribe.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(subscribe.message()).isEqualTo("configuration stores not configured");

    RawCalls.Result<UnsubscribeConfigurationResponse> unsubscribe = RawCalls.call(sidecar.channel,
        DaprGrpc.getUnsubscribeConfigurationMethod(), UnsubscribeConfigurationRequest.newBuilder().setId("x")
            .build());
    assertThat(unsubscribe.status().isOk()).isTrue();
    assertThat(unsubscribe.messages()).containsExactly(UnsubscribeConfigurationResponse.newBuilder().setOk(false)
        .setMessage("failed to unsubscribe to configuration request x: subscription does not exist").build());

    GrpcErrors expiry = fail(DaprGrpc.getTryLockAlpha1Method(), TryLockRequest.newBuilder().setStoreName("lk")
        .setResourceId("r").setLockOwner("o").build());
    assertThat(expiry.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(expiry.message()).isEqualTo("ExpiryInSeconds is not positive in lock store lk");
    GrpcErrors lock = fail(DaprGrpc.getTryLockAlpha1Method(), TryLockRequest.newBuilder().setStoreName("lk")
        .setResourceId("r").setLockOwner("o").setExpiryInSeconds(10).build());
    assertThat(lock.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(lock.message()).isEqualTo("lock store is not configured");

    GrpcErrors crypto = fail(DaprGrpc.getEncryptAlpha1Method(), EncryptRequest.newBuilder().setOptions(
        io.dapr.v1.DaprCryptoProtos.EncryptRequestOptions.newBuilder().setComponentName("c").setKeyName("k")
            .setKeyWrapAlgorithm("A256KW")).build());
    assertThat(crypto.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(crypto.message()).isEqualTo("crypto providers not configured");

    GrpcErrors conversation = fail(DaprGrpc.getConverseAlpha2Method(),
        ConversationRequestAlpha2.newBuilder().setName("llm").build());
    assertThat(conversation.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(conversation.message()).isEqualTo("failed finding conversation component llm");
  }

  @Test
  void jobsValidateThenReportTheDisabledScheduler() throws Exception {
    GrpcErrors empty = fail(DaprGrpc.getScheduleJobAlpha1Method(), ScheduleJobRequest.getDefaultInstance());
    assertThat(empty.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(empty.message()).isEqualTo("Job is empty");

    GrpcErrors noSchedule = fail(DaprGrpc.getScheduleJobAlpha1Method(), ScheduleJobRequest.newBuilder()
        .setJob(Job.newBuilder().setName("j")).build());
    assertThat(noSchedule.message()).isEqualTo("Schedule is empty");

    GrpcErrors schedule = fail(DaprGrpc.getScheduleJobAlpha1Method(), ScheduleJobRequest.newBuilder()
        .setJob(Job.newBuilder().setName("j").setDueTime("10s")).build());
    assertThat(schedule.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(schedule.message()).isEqualTo("failed to schedule job due to: scheduler clients are disabled");
    assertThat(schedule.detail(ErrorInfo.class)).isEqualTo(ErrorInfo.newBuilder()
        .setReason("DAPR_SCHEDULER_SCHEDULE_JOB").setDomain("dapr.io").putMetadata("appID", "myapp")
        .putMetadata("namespace", "default").build());

    GrpcErrors get = fail(DaprGrpc.getGetJobAlpha1Method(), GetJobRequest.newBuilder().setName("j").build());
    assertThat(get.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(get.message()).isEqualTo("failed to get job due to: scheduler clients are disabled");

    GrpcErrors noName = fail(DaprGrpc.getGetJobAlpha1Method(), GetJobRequest.getDefaultInstance());
    assertThat(noName.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(noName.message()).isEqualTo("Name is empty");
  }

  @Test
  void invokeServiceHasNoAppChannel() throws Exception {
    GrpcErrors self = fail(DaprGrpc.getInvokeServiceMethod(), InvokeServiceRequest.newBuilder().setId("myapp")
        .build());
    assertThat(self.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(self.message()).isEqualTo("failed to invoke, id: myapp, err: cannot invoke local endpoint: app "
        + "channel not initialized");

    GrpcErrors other = fail(DaprGrpc.getInvokeServiceMethod(), InvokeServiceRequest.newBuilder().setId("other")
        .build());
    assertThat(other.message()).isEqualTo("failed to invoke, id: other, err: name resolver not initialized");
  }
}
