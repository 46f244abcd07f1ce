package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import io.dapr.v1.DaprActorsProtos.GetActorStateRequest;
import io.dapr.v1.DaprActorsProtos.RegisterActorReminderRequest;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprJobsProtos.Job;
import io.dapr.v1.DaprJobsProtos.ScheduleJobRequest;
import io.dapr.v1.DaprLockProtos.TryLockRequest;
import io.dapr.v1.DaprLockProtos.UnlockRequest;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.jdaprd.spi.testkit.grpc.RawBytes;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The blocks this runtime has no component for answer as daprd answers without them, on both wires, and a call of a
 * gRPC service or method the API port does not serve gets daprd's gRPC status (issue #19 item 2 and bug 4).
 */
class BlocksWithoutComponentsTest {
  private static final String APP_ID = "it-noblocks";
  private static final String DISABLED = "failed to schedule job due to: scheduler clients are disabled";
  private static SidecarProcess sidecar;
  private static Http http;
  private static ManagedChannel channel;
  private static DaprGrpc.DaprBlockingStub dapr;

  @BeforeAll
  static void start() {
    sidecar = SidecarProcess.withAppId(APP_ID).resources(Locations.newDirectory("no-components")).start();
    http = new Http(sidecar);
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

  @Test
  void jobsValidateThenFailOnTheDisabledSchedulerAlikeOnBothWires() {
    HttpResponse<String> noSchedule = http.post("/v1.0-alpha1/jobs/j", "{}");
    assertThat(noSchedule.statusCode()).isEqualTo(400);
    assertThat(noSchedule.body()).startsWith("{\"errorCode\":\"DAPR_SCHEDULER_SCHEDULE_EMPTY\",\"message\":"
        + "\"Schedule is empty\"");
    HttpResponse<String> nameInBody = http.post("/v1.0/jobs/j", "{\"name\":\"j\",\"dueTime\":\"10s\"}");
    assertThat(nameInBody.statusCode()).isEqualTo(400);
    assertThat(nameInBody.body()).startsWith("{\"errorCode\":\"DAPR_SCHEDULER_JOB_NAME\",\"message\":"
        + "\"Set the job name in the url only\"");
    HttpResponse<String> schedule = http.post("/v1.0/jobs/j", "{\"dueTime\":\"10s\"}");
    assertThat(schedule.statusCode()).isEqualTo(500);
    assertThat(schedule.body()).isEqualTo("{\"errorCode\":\"DAPR_SCHEDULER_SCHEDULE_JOB\",\"message\":\""
        + DISABLED + "\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"domain\":"
        + "\"dapr.io\",\"metadata\":{\"appID\":\"" + APP_ID + "\",\"namespace\":\"default\"},\"reason\":"
        + "\"DAPR_SCHEDULER_SCHEDULE_JOB\"}]}");
    assertThat(http.get("/v1.0/jobs/j").body()).contains("failed to get job due to: scheduler clients are disabled")
        .contains("\"namespace\":\"default\"");

    GrpcFailure grpc = GrpcFailure.of(() -> dapr.scheduleJobAlpha1(ScheduleJobRequest.newBuilder()
        .setJob(Job.newBuilder().setName("j").setDueTime("10s")).build()));
    assertThat(grpc.code()).isEqualTo(Status.Code.INTERNAL);
    assertThat(grpc.message()).isEqualTo(DISABLED);
    assertThat(grpc.detail(ErrorInfo.class).getMetadataMap()).containsEntry("namespace", "default")
        .containsEntry("appID", APP_ID);
  }

  @Test
  void actorsRefuseReservedTypesAndBadBodiesBeforeThePlacementCheck() {
    String reserved = "{\"errorCode\":\"ERR_ACTOR_TYPE_RESERVED\",\"message\":\"actor type "
        + "\\\"dapr.internal.default.wf.workflow\\\" is reserved for the Dapr workflow runtime; direct actor API "
        + "access is not permitted\"}";
    HttpResponse<String> state = http.get("/v1.0/actors/dapr.internal.default.wf.workflow/1/state/k");
    assertThat(state.statusCode()).isEqualTo(403);
    assertThat(state.body()).isEqualTo(reserved);
    HttpResponse<String> malformed = http.post("/v1.0/actors/Cart/1/reminders/r", "{");
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(malformed.body()).startsWith("{\"errorCode\":\"ERR_MALFORMED_REQUEST\"");
    HttpResponse<String> badName = http.post("/v1.0/actors/Cart/1/timers/a%5Cb", "{}");
    assertThat(badName.statusCode()).isEqualTo(400);
    assertThat(badName.body()).startsWith("{\"errorCode\":\"ERR_BAD_REQUEST\",\"message\":\"invalid request: "
        + "name contains forbidden character: ");
    HttpResponse<String> placement = http.post("/v1.0/actors/Cart/1/reminders/r", "{\"dueTime\":\"1s\"}");
    assertThat(placement.statusCode()).isEqualTo(400);
    assertThat(placement.body()).startsWith("{\"errorCode\":\"ERR_ACTOR_NO_PLACEMENT\"");

    GrpcFailure grpcReserved = GrpcFailure.of(() -> dapr.getActorState(GetActorStateRequest.newBuilder()
        .setActorType("dapr.internal.default.wf.workflow").setActorId("1").setKey("k").build()));
    assertThat(grpcReserved.code()).isEqualTo(Status.Code.PERMISSION_DENIED);
    GrpcFailure grpcPlacement = GrpcFailure.of(() -> dapr.registerActorReminder(RegisterActorReminderRequest
        .newBuilder().setActorType("Cart").setActorId("1").setName("..").build()));
    assertThat(grpcPlacement.code()).as("over gRPC the placement check comes before the name")
        .isEqualTo(Status.Code.UNAVAILABLE);
  }

  @Test
  @SuppressWarnings("deprecation")
  void lockChecksTheExpiryFirstThenAnswersNotConfiguredOnBothWires() {
    HttpResponse<String> expiry = http.post("/v1.0-alpha1/lock/s", "{}");
    assertThat(expiry.statusCode()).isEqualTo(400);
    assertThat(expiry.body()).isEqualTo("{\"errorCode\":\"ERR_MALFORMED_REQUEST\",\"message\":"
        + "\"ExpiryInSeconds is not positive in lock store s\"}");
    String notConfigured = "{\"errorCode\":\"ERR_LOCK_STORE_NOT_CONFIGURED\",\"message\":\"lock store is not "
        + "configured\"}";
    HttpResponse<String> lock = http.post("/v1.0-alpha1/lock/s", "{\"expiryInSeconds\":5}");
    assertThat(lock.statusCode()).isEqualTo(500);
    assertThat(lock.body()).isEqualTo(notConfigured);
    HttpResponse<String> unlock = http.post("/v1.0-alpha1/unlock/s", "");
    assertThat(unlock.statusCode()).isEqualTo(500);
    assertThat(unlock.body()).isEqualTo(notConfigured);

    GrpcFailure grpc = GrpcFailure.of(() -> dapr.unlockAlpha1(UnlockRequest.newBuilder().setStoreName("s")
        .build()));
    assertThat(grpc.code()).isEqualTo(Status.Code.FAILED_PRECONDITION);
    assertThat(grpc.message()).isEqualTo("lock store is not configured");
    GrpcFailure grpcExpiry = GrpcFailure.of(() -> dapr.tryLockAlpha1(TryLockRequest.newBuilder().setStoreName("s")
        .build()));
    assertThat(grpcExpiry.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(grpcExpiry.message()).isEqualTo("ExpiryInSeconds is not positive in lock store s");
  }

  @Test
  void anUnknownServiceOrMethodIsAGrpcStatusNotAnHttp404() {
    String noAppId = "failed to proxy request: required metadata dapr-callee-app-id or dapr-app-id not found";
    Status unknownService = callRaw("foo.v1.Bar/Baz", new Metadata());
    assertThat(unknownService.getCode()).as(unknownService.toString()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(unknownService.getDescription()).isEqualTo(noAppId);
    Status unknownMethod = callRaw("dapr.proto.runtime.v1.Dapr/NoSuchMethod", new Metadata());
    assertThat(unknownMethod.getCode()).isEqualTo(Status.Code.UNKNOWN);
    assertThat(unknownMethod.getDescription()).isEqualTo(noAppId);

    Metadata target = new Metadata();
    target.put(Metadata.Key.of("dapr-app-id", Metadata.ASCII_STRING_MARSHALLER), "other");
    Status proxied = callRaw("foo.v1.Bar/Baz", target);
    assertThat(proxied.getCode()).as("proxied to an app id nobody registered: the resolver's answer")
        .isEqualTo(Status.Code.UNKNOWN);
    assertThat(proxied.getDescription()).isEqualTo("no host found with the given ID");
  }

  /** Calls {@code fullMethodName} with raw bytes, as a gRPC proxy client would, and returns its status. */
  private static Status callRaw(String fullMethodName, Metadata headers) {
    MethodDescriptor<byte[], byte[]> method = RawBytes.method(fullMethodName, MethodDescriptor.MethodType.UNARY);
    ClientCall<byte[], byte[]> call = io.grpc.ClientInterceptors.intercept(channel,
        MetadataUtils.newAttachHeadersInterceptor(headers)).newCall(method,
            CallOptions.DEFAULT.withDeadlineAfter(10, java.util.concurrent.TimeUnit.SECONDS));
    try {
      ClientCalls.blockingUnaryCall(call, ByteString.copyFromUtf8("x").toByteArray());
      throw new AssertionError(fullMethodName + " must fail");
    } catch (io.grpc.StatusRuntimeException e) {
      return e.getStatus();
    }
  }
}
