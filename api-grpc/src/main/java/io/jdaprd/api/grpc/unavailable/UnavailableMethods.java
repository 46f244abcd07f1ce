package io.jdaprd.api.grpc.unavailable;

import io.dapr.v1.DaprConfigurationProtos.UnsubscribeConfigurationResponse;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprJobsProtos.Job;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.jdaprd.api.grpc.GrpcCalls;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.ActorErrors;
import io.jdaprd.errors.factories.BindingErrors;
import io.jdaprd.errors.factories.CommonErrors;
import io.jdaprd.errors.factories.ConfigurationErrors;
import io.jdaprd.errors.factories.ConversationErrors;
import io.jdaprd.errors.factories.CryptoErrors;
import io.jdaprd.errors.factories.InvokeErrors;
import io.jdaprd.errors.factories.JobErrors;
import io.jdaprd.errors.factories.LockErrors;
import io.jdaprd.errors.factories.SecretErrors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one table of the RPCs whose building block has no component here, each with daprd's answer for that case,
 * checks in daprd's order:
 *
 * <ul>
 *   <li>{@code InvokeBinding}: {@code couldn't find output binding {name}};
 *   <li>secrets: {@code ERR_SECRET_STORES_NOT_CONFIGURED};
 *   <li>actors and workflows, every version: {@code ERR_ACTOR_NO_PLACEMENT};
 *   <li>configuration: {@code ERR_CONFIGURATION_STORE_NOT_CONFIGURED}, except unsubscribe, which daprd answers OK with
 *       {@code ok=false} and {@code subscription does not exist};
 *   <li>lock: a non-positive expiry first ({@code TryLockAlpha1}), then {@code ERR_LOCK_STORE_NOT_CONFIGURED};
 *   <li>crypto: {@code ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED} for the streams, {@code ERR_API_UNIMPLEMENTED} for the
 *       Subtle* RPCs, as daprd's default build (without the {@code subtlecrypto} tag) answers them;
 *   <li>jobs: daprd's request validation, then the scheduler's failure {@code scheduler clients are disabled};
 *   <li>conversation: {@code ERR_CONVERSATION_NOT_FOUND};
 *   <li>{@code InvokeService}: {@code ERR_DIRECT_INVOKE}, {@code app channel is not initialized} for this app's own
 *       id, {@code couldn't find service: {id}} for any other.
 * </ul>
 */
public final class UnavailableMethods {
  /** The error daprd's scheduler client gives when no scheduler is configured. */
  static final String SCHEDULER_DISABLED = "scheduler clients are disabled";
  /** daprd's namespace is the {@code NAMESPACE} environment variable; this runtime runs outside Kubernetes. */
  private static final String NAMESPACE = "";

  private final String appId;
  private final Map<String, Answer<?, ?>> answers = new LinkedHashMap<>();

  /** One RPC and its answer, which returns a response or throws a {@link DaprException}. */
  private record Answer<ReqT, RespT>(MethodDescriptor<ReqT, RespT> method, Function<ReqT, RespT> answer) {
    ServerMethodDefinition<ReqT, RespT> definition(GrpcCalls calls) {
      return ServerMethodDefinition.create(method, new UnavailableCallHandler<>(answer, defaultRequest(), calls));
    }

    @SuppressWarnings("unchecked")
    private ReqT defaultRequest() {
      if (method.getRequestMarshaller() instanceof MethodDescriptor.PrototypeMarshaller<?> m) {
        return (ReqT) m.getMessagePrototype();
      }
      throw new IllegalStateException("no default request for " + method.getFullMethodName());
    }
  }

  /** The table for a sidecar whose app id is {@code appId}. */
  @SuppressWarnings("deprecation")
  public UnavailableMethods(String appId) {
    this.appId = appId == null ? "" : appId;


    fail(DaprGrpc.getInvokeBindingMethod(), r -> BindingErrors.notFound(r.getName()));

    failAll(SecretErrors::notConfigured, DaprGrpc.getGetSecretMethod(), DaprGrpc.getGetBulkSecretMethod());

    failAll(ActorErrors::noPlacement, DaprGrpc.getInvokeActorMethod(), DaprGrpc.getGetActorStateMethod(),
        DaprGrpc.getExecuteActorStateTransactionMethod(), DaprGrpc.getRegisterActorTimerMethod(),
        DaprGrpc.getUnregisterActorTimerMethod(), DaprGrpc.getRegisterActorReminderMethod(),
        DaprGrpc.getUnregisterActorReminderMethod(), DaprGrpc.getGetActorReminderMethod(),
        DaprGrpc.getListActorRemindersMethod(), DaprGrpc.getUnregisterActorRemindersByTypeMethod());

    failAll(ActorErrors::noPlacement, DaprGrpc.getStartWorkflowAlpha1Method(), DaprGrpc.getGetWorkflowAlpha1Method(),
        DaprGrpc.getPurgeWorkflowAlpha1Method(), DaprGrpc.getTerminateWorkflowAlpha1Method(),
        DaprGrpc.getPauseWorkflowAlpha1Method(), DaprGrpc.getResumeWorkflowAlpha1Method(),
        DaprGrpc.getRaiseEventWorkflowAlpha1Method(), DaprGrpc.getStartWorkflowBeta1Method(),
        DaprGrpc.getGetWorkflowBeta1Method(), DaprGrpc.getPurgeWorkflowBeta1Method(),
        DaprGrpc.getTerminateWorkflowBeta1Method(), DaprGrpc.getPauseWorkflowBeta1Method(),
        DaprGrpc.getResumeWorkflowBeta1Method(), DaprGrpc.getRaiseEventWorkflowBeta1Method());

    failAll(ConfigurationErrors::notConfigured, DaprGrpc.getGetConfigurationMethod(),
        DaprGrpc.getGetConfigurationAlpha1Method(), DaprGrpc.getSubscribeConfigurationMethod(),
        DaprGrpc.getSubscribeConfigurationAlpha1Method());
    answer(DaprGrpc.getUnsubscribeConfigurationMethod(), r -> unsubscribed(r.getId()));
    answer(DaprGrpc.getUnsubscribeConfigurationAlpha1Method(), r -> unsubscribed(r.getId()));

    fail(DaprGrpc.getTryLockAlpha1Method(), r -> r.getExpiryInSeconds() <= 0
        ? LockErrors.expiryNotPositive(r.getStoreName()) : LockErrors.notConfigured());
    failAll(LockErrors::notConfigured, DaprGrpc.getUnlockAlpha1Method());

    failAll(CryptoErrors::notConfigured, DaprGrpc.getEncryptAlpha1Method(), DaprGrpc.getDecryptAlpha1Method());
    failAll(CommonErrors::apiUnimplemented, DaprGrpc.getSubtleGetKeyAlpha1Method(),
        DaprGrpc.getSubtleEncryptAlpha1Method(), DaprGrpc.getSubtleDecryptAlpha1Method(),
        DaprGrpc.getSubtleWrapKeyAlpha1Method(), DaprGrpc.getSubtleUnwrapKeyAlpha1Method(),
        DaprGrpc.getSubtleSignAlpha1Method(), DaprGrpc.getSubtleVerifyAlpha1Method());

    fail(DaprGrpc.getScheduleJobAlpha1Method(), r -> scheduleJob(r.hasJob() ? r.getJob() : null));
    fail(DaprGrpc.getGetJobAlpha1Method(), r -> r.getName().isEmpty() ? JobErrors.nameEmpty(this.appId, NAMESPACE)
        : JobErrors.get(this.appId, NAMESPACE, r.getName(), SCHEDULER_DISABLED));
    fail(DaprGrpc.getDeleteJobAlpha1Method(), r -> r.getName().isEmpty() ? JobErrors.nameEmpty(this.appId, NAMESPACE)
        : JobErrors.delete(this.appId, NAMESPACE, r.getName(), SCHEDULER_DISABLED));
    fail(DaprGrpc.getDeleteJobsByPrefixAlpha1Method(),
        r -> JobErrors.delete(this.appId, NAMESPACE, r.getNamePrefix(), SCHEDULER_DISABLED));
    fail(DaprGrpc.getListJobsAlpha1Method(), r -> JobErrors.list(this.appId, NAMESPACE, SCHEDULER_DISABLED));

    fail(DaprGrpc.getConverseAlpha1Method(), r -> ConversationErrors.notFound(r.getName()));
    fail(DaprGrpc.getConverseAlpha2Method(), r -> ConversationErrors.notFound(r.getName()));

    fail(DaprGrpc.getInvokeServiceMethod(), r -> InvokeErrors.failed(r.getId(),
        r.getId().equals(this.appId) ? "app channel is not initialized" : "couldn't find service: " + r.getId(),
        Status.Code.INTERNAL));
  }

  /** The full names of the RPCs this table answers. */
  public Set<String> methods() {
    return Collections.unmodifiableSet(answers.keySet());
  }

  /** The definition that answers {@code fullMethodName}, which must be one of {@link #methods()}. */
  public ServerMethodDefinition<?, ?> definition(String fullMethodName, GrpcCalls calls) {
    Answer<?, ?> answer = answers.get(fullMethodName);
    if (answer == null) {
      throw new IllegalArgumentException("not an unavailable RPC: " + fullMethodName);
    }
    return answer.definition(calls);
  }

  private DaprException scheduleJob(Job job) {
    if (job == null) {
      return JobErrors.jobEmpty(appId, NAMESPACE);
    }
    if (job.getName().isEmpty() || job.getName().contains("|")) {
      return JobErrors.nameEmpty(appId, NAMESPACE);
    }
    if (!job.hasSchedule() && !job.hasDueTime()) {
      return JobErrors.scheduleEmpty(appId, NAMESPACE);
    }
    return JobErrors.schedule(appId, NAMESPACE, Status.Code.UNKNOWN, SCHEDULER_DISABLED);
  }

  private static UnsubscribeConfigurationResponse unsubscribed(String id) {
    return UnsubscribeConfigurationResponse.newBuilder().setOk(false)
        .setMessage(ConfigurationErrors.unsubscribe(id, "subscription does not exist").getMessage()).build();
  }

  private <ReqT, RespT> void answer(MethodDescriptor<ReqT, RespT> method, Function<ReqT, RespT> answer) {
    if (answers.put(method.getFullMethodName(), new Answer<>(method, answer)) != null) {
      throw new IllegalStateException("answered twice: " + method.getFullMethodName());
    }
  }

  private <ReqT, RespT> void fail(MethodDescriptor<ReqT, RespT> method, Function<ReqT, DaprException> error) {
    answer(method, r -> {
      throw error.apply(r);
    });
  }

  private void failAll(Supplier<DaprException> error, MethodDescriptor<?, ?>... methods) {
    for (MethodDescriptor<?, ?> method : methods) {
      fail(method, r -> error.get());
    }
  }
}
