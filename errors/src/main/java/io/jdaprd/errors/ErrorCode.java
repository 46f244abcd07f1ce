package io.jdaprd.errors;

import static io.grpc.Status.Code.ABORTED;
import static io.grpc.Status.Code.ALREADY_EXISTS;
import static io.grpc.Status.Code.FAILED_PRECONDITION;
import static io.grpc.Status.Code.INTERNAL;
import static io.grpc.Status.Code.INVALID_ARGUMENT;
import static io.grpc.Status.Code.NOT_FOUND;
import static io.grpc.Status.Code.PERMISSION_DENIED;
import static io.grpc.Status.Code.RESOURCE_EXHAUSTED;
import static io.grpc.Status.Code.UNAVAILABLE;
import static io.grpc.Status.Code.UNIMPLEMENTED;
import static io.grpc.Status.Code.UNKNOWN;
import static io.jdaprd.errors.BuildingBlock.ACTOR;
import static io.jdaprd.errors.BuildingBlock.BINDING;
import static io.jdaprd.errors.BuildingBlock.COMMON;
import static io.jdaprd.errors.BuildingBlock.CONFIGURATION;
import static io.jdaprd.errors.BuildingBlock.CONVERSATION;
import static io.jdaprd.errors.BuildingBlock.CRYPTO;
import static io.jdaprd.errors.BuildingBlock.HEALTH;
import static io.jdaprd.errors.BuildingBlock.JOB;
import static io.jdaprd.errors.BuildingBlock.LOCK;
import static io.jdaprd.errors.BuildingBlock.METADATA;
import static io.jdaprd.errors.BuildingBlock.PUBSUB;
import static io.jdaprd.errors.BuildingBlock.SECRET;
import static io.jdaprd.errors.BuildingBlock.SERVICE_INVOCATION;
import static io.jdaprd.errors.BuildingBlock.STATE;
import static io.jdaprd.errors.BuildingBlock.WORKFLOW;
import static io.jdaprd.errors.ErrorKind.BASIC;
import static io.jdaprd.errors.ErrorKind.FALLBACK;
import static io.jdaprd.errors.ErrorKind.HTTP_ONLY;
import static io.jdaprd.errors.ErrorKind.LEGACY;
import static io.jdaprd.errors.ErrorKind.RETIRED;
import static io.jdaprd.errors.ErrorKind.RICH;
import static io.jdaprd.errors.ErrorKind.RICH_UNTAGGED;
import static io.jdaprd.errors.ErrorKind.SIDECAR;

import io.grpc.Status;
import io.jdaprd.golang.GoFmt;
import java.util.regex.Pattern;

/**
 * The error catalog: every error daprd returns, one constant per distinct (code, reason, statuses, message) shape,
 * as read from Dapr's runtime (registry {@code pkg/messages/errorcodes}, {@code pkg/messages/predefined.go},
 * {@code pkg/api/errors}). Several constants may share one {@link #code()} string: {@code ERR_MALFORMED_REQUEST},
 * for example, is both the common body-decoding error and the illegal state key error.
 *
 * <p>The HTTP status and gRPC code of each entry are Dapr's own, which do not follow the usual gRPC-to-HTTP mapping
 * (a missing secret store is 401 / InvalidArgument). Message templates use Go's verbs {@code %s}, {@code %v},
 * {@code %d} and {@code %q}; {@link GoFmt#sprintf} fills them. Descriptions and Chinese message templates live
 * in the {@code texts} resource bundles, read through {@link #description(ErrorLocale)}.
 */
public enum ErrorCode {
  // Common and HTTP plumbing.
  BAD_REQUEST("ERR_BAD_REQUEST", null, 400, INVALID_ARGUMENT, COMMON, LEGACY, "invalid request: %v"),
  API_UNIMPLEMENTED("ERR_API_UNIMPLEMENTED", null, 501, UNIMPLEMENTED, COMMON, LEGACY,
      "this API is currently not implemented"),
  BODY_READ("ERR_BODY_READ", null, 400, INVALID_ARGUMENT, COMMON, LEGACY, "failed to read request body: %v"),
  MALFORMED_REQUEST("ERR_MALFORMED_REQUEST", null, 400, INVALID_ARGUMENT, COMMON, LEGACY,
      "failed deserializing HTTP body: %v"),
  MALFORMED_REQUEST_RAW("ERR_MALFORMED_REQUEST", null, 400, INVALID_ARGUMENT, COMMON, HTTP_ONLY, "%s"),
  MALFORMED_REQUEST_DATA("ERR_MALFORMED_REQUEST_DATA", null, 500, INTERNAL, COMMON, HTTP_ONLY,
      "can't serialize request data field: %s"),
  MALFORMED_RESPONSE("ERR_MALFORMED_RESPONSE", null, 500, INTERNAL, COMMON, HTTP_ONLY, "%s"),
  APP_CHANNEL_NIL("ERR_APP_CHANNEL_NIL", null, 500, INTERNAL, COMMON, HTTP_ONLY,
      "app channel is not initialized. cannot subscribe to configuration updates"),
  INTERNAL_ENCODE("ERR_INTERNAL", null, 500, INTERNAL, COMMON, HTTP_ONLY, "failed to encode response as JSON: %v"),
  ERROR("ERROR", null, 500, UNKNOWN, COMMON, FALLBACK, "%s"),

  // Health.
  HEALTH_NOT_READY("ERR_HEALTH_NOT_READY", null, 500, INTERNAL, HEALTH, LEGACY, "dapr is not ready: %v"),
  HEALTH_APPID_NOT_MATCH("ERR_HEALTH_APPID_NOT_MATCH", null, 500, INTERNAL, HEALTH, LEGACY,
      "dapr app-id does not match"),
  OUTBOUND_HEALTH_NOT_READY("ERR_OUTBOUND_HEALTH_NOT_READY", null, 500, INTERNAL, HEALTH, LEGACY,
      "dapr outbound is not ready"),

  // Metadata (retired codes of Dapr's published table).
  METADATA_GET("ERR_METADATA_GET", null, 500, INTERNAL, METADATA, RETIRED, "failed deserializing metadata: %s"),

  // Service invocation.
  DIRECT_INVOKE("ERR_DIRECT_INVOKE", null, 500, INTERNAL, SERVICE_INVOCATION, LEGACY,
      "failed to invoke, id: %s, err: %v"),
  DIRECT_INVOKE_NO_APP_ID("ERR_DIRECT_INVOKE", null, 404, NOT_FOUND, SERVICE_INVOCATION, LEGACY,
      "failed getting app id either from the URL path or the header dapr-app-id"),
  DIRECT_INVOKE_NOT_READY("ERR_DIRECT_INVOKE", null, 500, INTERNAL, SERVICE_INVOCATION, LEGACY,
      "invoke API is not ready"),
  DIRECT_INVOKE_ACCESS_DENIED("ERR_DIRECT_INVOKE", null, 403, PERMISSION_DENIED, SERVICE_INVOCATION, SIDECAR,
      "access control policy has denied access to id: %s operation: %s verb: %s"),
  DIRECT_INVOKE_MALFORMED_CALLER("ERR_DIRECT_INVOKE", null, 403, PERMISSION_DENIED, SERVICE_INVOCATION, SIDECAR,
      "malformed SPIFFE ID: %s"),
  DIRECT_INVOKE_INVALID_METHOD("ERR_DIRECT_INVOKE", null, 500, INVALID_ARGUMENT, SERVICE_INVOCATION, SIDECAR,
      "invalid method: %v"),

  // State.
  STATE_STORE_NOT_CONFIGURED("ERR_STATE_STORE_NOT_CONFIGURED", "DAPR_STATE_NOT_CONFIGURED", 500,
      FAILED_PRECONDITION, STATE, RICH, "state store %s is not configured"),
  STATE_STORE_NOT_FOUND("ERR_STATE_STORE_NOT_FOUND", "DAPR_STATE_NOT_FOUND", 400, INVALID_ARGUMENT, STATE, RICH,
      "state store %s is not found"),
  STATE_ILLEGAL_KEY("ERR_MALFORMED_REQUEST", "DAPR_STATE_ILLEGAL_KEY", 400, INVALID_ARGUMENT, STATE, RICH,
      "input key/keyPrefix '%s' can't contain '||'"),
  STATE_TRANSACTIONS_NOT_SUPPORTED("ERR_STATE_STORE_NOT_SUPPORTED", "DAPR_STATE_TRANSACTIONS_NOT_SUPPORTED", 500,
      UNIMPLEMENTED, STATE, RICH, "state store %s doesn't support transactions"),
  STATE_QUERYING_NOT_SUPPORTED("ERR_STATE_STORE_NOT_SUPPORTED", "DAPR_STATE_QUERYING_NOT_SUPPORTED", 500, INTERNAL,
      STATE, RICH, "state store does not support querying"),
  STATE_TOO_MANY_TRANSACTIONS("ERR_STATE_STORE_TOO_MANY_TRANSACTIONS", "DAPR_STATE_TOO_MANY_TRANSACTIONS", 400,
      INVALID_ARGUMENT, STATE, RICH,
      "the transaction contains %d operations, which is more than what the state store supports: %d"),
  STATE_QUERY("ERR_STATE_QUERY", "DAPR_STATE_QUERY_FAILED", 500, INTERNAL, STATE, RICH,
      "state store %s query failed: %s"),
  STATE_GET("ERR_STATE_GET", null, 500, INTERNAL, STATE, BASIC, "fail to get %s from state store %s: %s"),
  STATE_SAVE("ERR_STATE_SAVE", null, 500, INTERNAL, STATE, BASIC, "failed saving state in state store %s: %s"),
  STATE_SAVE_ETAG_MISMATCH("ERR_STATE_SAVE", null, 409, ABORTED, STATE, BASIC,
      "failed saving state in state store %s: %s"),
  STATE_SAVE_ETAG_INVALID("ERR_STATE_SAVE", null, 400, INVALID_ARGUMENT, STATE, BASIC,
      "failed saving state in state store %s: %s"),
  STATE_KEY_EMPTY("ERR_STATE_SAVE", null, 400, INVALID_ARGUMENT, STATE, BASIC, "state key cannot be empty"),
  STATE_DELETE("ERR_STATE_DELETE", null, 500, INTERNAL, STATE, BASIC, "failed deleting state with key %s: %s"),
  STATE_DELETE_ETAG_MISMATCH("ERR_STATE_DELETE", null, 409, ABORTED, STATE, BASIC,
      "failed deleting state with key %s: %s"),
  STATE_DELETE_ETAG_INVALID("ERR_STATE_DELETE", null, 400, INVALID_ARGUMENT, STATE, BASIC,
      "failed deleting state with key %s: %s"),
  STATE_BULK_DELETE("ERR_STATE_BULK_DELETE", null, 500, INTERNAL, STATE, BASIC,
      "failed deleting state in state store %s: %s"),
  STATE_BULK_DELETE_ETAG_MISMATCH("ERR_STATE_BULK_DELETE", null, 409, ABORTED, STATE, BASIC,
      "failed deleting state in state store %s: %s"),
  STATE_BULK_DELETE_ETAG_INVALID("ERR_STATE_BULK_DELETE", null, 400, INVALID_ARGUMENT, STATE, BASIC,
      "failed deleting state in state store %s: %s"),
  STATE_BULK_GET("ERR_STATE_BULK_GET", null, 500, INTERNAL, STATE, HTTP_ONLY, "%s"),
  NOT_SUPPORTED_STATE_OPERATION("ERR_NOT_SUPPORTED_STATE_OPERATION", null, 400, UNIMPLEMENTED, STATE, BASIC,
      "operation type %s not supported"),
  STATE_TRANSACTION("ERR_STATE_TRANSACTION", null, 500, INTERNAL, STATE, BASIC,
      "error while executing state transaction: %s"),
  STATE_STORES_NOT_CONFIGURED("ERR_STATE_STORES_NOT_CONFIGURED", null, 500, FAILED_PRECONDITION, STATE, RETIRED,
      "state store is not configured"),
  DESERIALIZE_HTTP_BODY("ERR_DESERIALIZE_HTTP_BODY", null, 400, INVALID_ARGUMENT, STATE, RETIRED, "%s"),

  // Pub/sub.
  PUBSUB_NOT_CONFIGURED("ERR_PUBSUB_NOT_CONFIGURED", "DAPR_PUBSUB_NOT_CONFIGURED", 400, FAILED_PRECONDITION,
      PUBSUB, RICH, "pubsub %s is not configured"),
  PUBSUB_EMPTY("ERR_PUBSUB_EMPTY", "DAPR_PUBSUB_NAME_EMPTY", 404, INVALID_ARGUMENT, PUBSUB, RICH,
      "pubsub name is empty"),
  PUBSUB_NOT_FOUND("ERR_PUBSUB_NOT_FOUND", "DAPR_PUBSUB_NOT_FOUND", 404, INVALID_ARGUMENT, PUBSUB, RICH,
      "pubsub %s is not found"),
  TOPIC_NAME_EMPTY("ERR_TOPIC_NAME_EMPTY", "DAPR_PUBSUB_TOPIC_NAME_EMPTY", 404, INVALID_ARGUMENT, PUBSUB, RICH,
      "topic is empty in pubsub %s"),
  PUBSUB_REQUEST_METADATA("ERR_PUBSUB_REQUEST_METADATA", "DAPR_PUBSUB_METADATA_DESERIALIZATION", 400,
      INVALID_ARGUMENT, PUBSUB, RICH, "failed deserializing metadata. Error: %s"),
  PUBSUB_CLOUD_EVENTS_SER("ERR_PUBSUB_CLOUD_EVENTS_SER", "DAPR_PUBSUB_CLOUD_EVENT_CREATION", 500, INVALID_ARGUMENT,
      PUBSUB, RICH, "cannot create cloudevent"),
  PUBSUB_MARSHAL_ENVELOPE("ERR_PUBSUB_EVENTS_SER", "DAPR_PUBSUB_MARSHAL_ENVELOPE", 400, INVALID_ARGUMENT, PUBSUB,
      RICH, "error when marshalling cloud event envelope for topic %s pubsub %s: %s"),
  PUBSUB_MARSHAL_EVENTS("ERR_PUBSUB_EVENTS_SER", "DAPR_PUBSUB_MARSHAL_EVENTS", 400, INVALID_ARGUMENT, PUBSUB, RICH,
      "error marshaling events to bytes for topic %s pubsub %s. error: %s"),
  PUBSUB_UNMARSHAL_EVENTS("ERR_PUBSUB_EVENTS_SER", "DAPR_PUBSUB_UNMARSHAL_EVENTS", 400, INVALID_ARGUMENT, PUBSUB,
      RICH, "error when unmarshaling the request for topic %s pubsub %s: %s"),
  PUBSUB_PUBLISH_MESSAGE("ERR_PUBSUB_PUBLISH_MESSAGE", "DAPR_PUBSUB_PUBLISH_MESSAGE", 500, INTERNAL, PUBSUB, RICH,
      "error when publishing to topic %s in pubsub %s: %s"),
  PUBSUB_FORBIDDEN("ERR_PUBSUB_FORBIDDEN", "DAPR_PUBSUB_FORBIDDEN", 403, PERMISSION_DENIED, PUBSUB, RICH,
      "topic %s is not allowed for app id %s"),
  PUBSUB_TEST_NOT_FOUND("ERR_PUBSUB_NOT_FOUND", "DAPR_PUBSUB_TEST_NOT_FOUND", 400, NOT_FOUND, PUBSUB, RICH,
      "pubsub '%s' not found"),
  PUBLISH_OUTBOX("ERR_PUBLISH_OUTBOX", "DAPR_PUBSUB_OUTBOX", 500, INTERNAL, PUBSUB, RICH,
      "error while publishing outbox message: %s"),

  // Bindings.
  INVOKE_OUTPUT_BINDING("ERR_INVOKE_OUTPUT_BINDING", null, 500, INTERNAL, BINDING, BASIC,
      "error invoking output binding %s: %s"),

  // Secrets.
  SECRET_STORES_NOT_CONFIGURED("ERR_SECRET_STORES_NOT_CONFIGURED", null, 500, FAILED_PRECONDITION, SECRET, LEGACY,
      "secret store is not configured"),
  SECRET_STORE_NOT_FOUND("ERR_SECRET_STORE_NOT_FOUND", null, 401, INVALID_ARGUMENT, SECRET, LEGACY,
      "failed finding secret store with key %s"),
  SECRET_PERMISSION_DENIED("ERR_PERMISSION_DENIED", null, 403, PERMISSION_DENIED, SECRET, LEGACY,
      "access denied by policy to get %q from %q"),
  SECRET_GET("ERR_SECRET_GET", null, 500, INTERNAL, SECRET, LEGACY,
      "failed getting secret with key %s from secret store %s: %s"),
  SECRET_BULK_GET("ERR_SECRET_GET", null, 500, INTERNAL, SECRET, LEGACY,
      "failed getting secrets from secret store %s: %v"),

  // Configuration.
  CONFIGURATION_STORE_NOT_CONFIGURED("ERR_CONFIGURATION_STORE_NOT_CONFIGURED", null, 500, FAILED_PRECONDITION,
      CONFIGURATION, BASIC, "configuration stores not configured"),
  CONFIGURATION_STORE_NOT_FOUND("ERR_CONFIGURATION_STORE_NOT_FOUND", null, 400, INVALID_ARGUMENT, CONFIGURATION,
      BASIC, "configuration store %s not found"),
  CONFIGURATION_GET("ERR_CONFIGURATION_GET", null, 500, INTERNAL, CONFIGURATION, BASIC,
      "failed to get %s from Configuration store %s: %v"),
  CONFIGURATION_SUBSCRIBE("ERR_CONFIGURATION_SUBSCRIBE", null, 500, INVALID_ARGUMENT, CONFIGURATION, BASIC,
      "failed to subscribe %s from Configuration store %s: %v"),
  CONFIGURATION_UNSUBSCRIBE("ERR_CONFIGURATION_UNSUBSCRIBE", null, 500, INTERNAL, CONFIGURATION, HTTP_ONLY,
      "failed to unsubscribe to configuration request %s: %v"),

  // Actors.
  ACTOR_RUNTIME_NOT_FOUND("ERR_ACTOR_RUNTIME_NOT_FOUND", null, 500, INTERNAL, ACTOR, LEGACY,
      "the state store is not configured to use the actor runtime. Have you set the - name: actorStateStore value:"
          + " \"true\" in your state store component file?"),
  ACTOR_NO_PLACEMENT("ERR_ACTOR_NO_PLACEMENT", null, 400, UNAVAILABLE, ACTOR, LEGACY,
      "placement service is not configured"),
  ACTOR_RUNTIME_CLOSED("ERR_ACTOR_RUNTIME_CLOSED", null, 503, UNAVAILABLE, ACTOR, LEGACY, "actor runtime is closed"),
  ACTOR_NAMESPACE_REQUIRED("ERR_ACTOR_NAMESPACE_REQUIRED", null, 412, FAILED_PRECONDITION, ACTOR, LEGACY,
      "actors must have a namespace configured when running in Kubernetes mode"),
  ACTOR_NO_ADDRESS("ERR_ACTOR_NO_ADDRESS", null, 404, FAILED_PRECONDITION, ACTOR, LEGACY,
      "did not find address for actor '%s'"),
  ACTOR_INSTANCE_MISSING("ERR_ACTOR_INSTANCE_MISSING", null, 400, INTERNAL, ACTOR, LEGACY,
      "actor instance is missing"),
  ACTOR_INVOKE_METHOD("ERR_ACTOR_INVOKE_METHOD", null, 500, INTERNAL, ACTOR, LEGACY, "error invoke actor method: %s"),
  ACTOR_STATE_GET("ERR_ACTOR_STATE_GET", null, 500, INTERNAL, ACTOR, LEGACY, "error getting actor state: %s"),
  ACTOR_STATE_TRANSACTION_SAVE("ERR_ACTOR_STATE_TRANSACTION_SAVE", null, 500, INTERNAL, ACTOR, LEGACY,
      "error saving actor transaction state: %s"),
  ACTOR_REMINDER_CREATE("ERR_ACTOR_REMINDER_CREATE", null, 500, INTERNAL, ACTOR, LEGACY,
      "error creating actor reminder: %s"),
  ACTOR_REMINDER_GET("ERR_ACTOR_REMINDER_GET", null, 500, INTERNAL, ACTOR, LEGACY, "error getting actor reminder: %s"),
  ACTOR_REMINDER_DELETE("ERR_ACTOR_REMINDER_DELETE", null, 500, INTERNAL, ACTOR, LEGACY,
      "error deleting actor reminder: %s"),
  ACTOR_REMINDER_NOT_FOUND("ERR_ACTOR_REMINDER_NOT_FOUND", null, 404, NOT_FOUND, ACTOR, LEGACY,
      "actor reminder not found: %s"),
  ACTOR_REMINDER_ALREADY_EXISTS("ERR_ACTOR_REMINDER_ALREADY_EXISTS", null, 409, ALREADY_EXISTS, ACTOR, LEGACY,
      "actor reminder already exists: %s"),
  ACTOR_REMINDER_NON_HOSTED("ERR_ACTOR_REMINDER_NON_HOSTED", null, 403, PERMISSION_DENIED, ACTOR, LEGACY,
      "operations on actor reminders are only possible on hosted actor types"),
  ACTOR_TIMER_CREATE("ERR_ACTOR_TIMER_CREATE", null, 500, INTERNAL, ACTOR, LEGACY, "error creating actor timer: %s"),
  ACTOR_STACK_DEPTH("ERR_ACTOR_STACK_DEPTH", null, 500, RESOURCE_EXHAUSTED, ACTOR, LEGACY,
      "maximum stack depth exceeded"),
  ACTOR_TYPE_RESERVED("ERR_ACTOR_TYPE_RESERVED", null, 403, PERMISSION_DENIED, ACTOR, LEGACY,
      "actor type %q is reserved for the Dapr workflow runtime; direct actor API access is not permitted"),
  ACTOR_NO_APP_CHANNEL("ERR_ACTOR_NO_APP_CHANNEL", null, 400, UNAVAILABLE, ACTOR, LEGACY,
      "app channel is not initialized"),
  ACTOR_STATE_DELETE("ERR_ACTOR_STATE_DELETE", null, 500, INTERNAL, ACTOR, RETIRED, "%s"),
  ACTOR_TIMER_DELETE("ERR_ACTOR_TIMER_DELETE", null, 500, INTERNAL, ACTOR, RETIRED, "error deleting actor timer: %s"),

  // Workflows.
  INSTANCE_ID_PROVIDED_MISSING("ERR_INSTANCE_ID_PROVIDED_MISSING", null, 400, INVALID_ARGUMENT, WORKFLOW, LEGACY,
      "no instance ID was provided"),
  INSTANCE_ID_TOO_LONG("ERR_INSTANCE_ID_TOO_LONG", null, 400, INVALID_ARGUMENT, WORKFLOW, LEGACY,
      "workflow instance ID exceeds the max length of %d characters"),
  INSTANCE_ID_INVALID("ERR_INSTANCE_ID_INVALID", null, 400, INVALID_ARGUMENT, WORKFLOW, LEGACY,
      "workflow instance ID '%s' is invalid: only alphanumeric and underscore characters are allowed"),
  WORKFLOW_NAME_MISSING("ERR_WORKFLOW_NAME_MISSING", null, 400, INVALID_ARGUMENT, WORKFLOW, LEGACY,
      "workflow name is not configured"),
  WORKFLOW_EVENT_NAME_MISSING("ERR_WORKFLOW_EVENT_NAME_MISSING", null, 400, INVALID_ARGUMENT, WORKFLOW, LEGACY,
      "missing workflow event name"),
  WORKFLOW_APP_ID_INVALID("ERR_WORKFLOW_APP_ID_INVALID", null, 400, INVALID_ARGUMENT, WORKFLOW, LEGACY,
      "workflow app ID '%s' is invalid: only alphanumeric, dash and underscore characters are allowed"),
  INSTANCE_ID_NOT_FOUND("ERR_INSTANCE_ID_NOT_FOUND", null, 404, NOT_FOUND, WORKFLOW, LEGACY,
      "unable to find workflow with the provided instance ID: %s"),
  START_WORKFLOW("ERR_START_WORKFLOW", null, 500, INTERNAL, WORKFLOW, LEGACY, "error starting workflow '%s': %s"),
  GET_WORKFLOW("ERR_GET_WORKFLOW", null, 500, INTERNAL, WORKFLOW, LEGACY,
      "error while getting workflow info on instance '%s': %s"),
  TERMINATE_WORKFLOW("ERR_TERMINATE_WORKFLOW", null, 500, INTERNAL, WORKFLOW, LEGACY,
      "error terminating workflow '%s': %s"),
  RAISE_EVENT_WORKFLOW("ERR_RAISE_EVENT_WORKFLOW", null, 500, INTERNAL, WORKFLOW, LEGACY,
      "error raising event on workflow '%s': %s"),
  PAUSE_WORKFLOW("ERR_PAUSE_WORKFLOW", null, 500, INTERNAL, WORKFLOW, LEGACY, "error pausing workflow %s: %s"),
  RESUME_WORKFLOW("ERR_RESUME_WORKFLOW", null, 500, INTERNAL, WORKFLOW, LEGACY, "error resuming workflow %s: %s"),
  PURGE_WORKFLOW("ERR_PURGE_WORKFLOW", null, 500, INTERNAL, WORKFLOW, LEGACY, "error purging workflow %s: %s"),
  WORKFLOW_COMPONENT_MISSING("ERR_WORKFLOW_COMPONENT_MISSING", null, 400, INVALID_ARGUMENT, WORKFLOW, LEGACY,
      "no workflow component was provided"),
  WORKFLOW_COMPONENT_NOT_FOUND("ERR_WORKFLOW_COMPONENT_NOT_FOUND", null, 400, INVALID_ARGUMENT, WORKFLOW, LEGACY,
      "workflow component '%s' does not exist"),

  // Jobs (scheduler): untagged, the reason is the HTTP errorCode.
  SCHEDULER_EMPTY("DAPR_SCHEDULER_EMPTY", "DAPR_SCHEDULER_EMPTY", 400, INVALID_ARGUMENT, JOB, RICH_UNTAGGED,
      "Job is empty"),
  SCHEDULER_JOB_NAME_EMPTY("DAPR_SCHEDULER_JOB_NAME_EMPTY", "DAPR_SCHEDULER_JOB_NAME_EMPTY", 400, INVALID_ARGUMENT,
      JOB, RICH_UNTAGGED, "Name is empty"),
  SCHEDULER_SCHEDULE_EMPTY("DAPR_SCHEDULER_SCHEDULE_EMPTY", "DAPR_SCHEDULER_SCHEDULE_EMPTY", 400, INVALID_ARGUMENT,
      JOB, RICH_UNTAGGED, "Schedule is empty"),
  SCHEDULER_JOB_NAME("DAPR_SCHEDULER_JOB_NAME", "DAPR_SCHEDULER_JOB_NAME", 400, INVALID_ARGUMENT, JOB,
      RICH_UNTAGGED, "Set the job name in the url only"),
  SCHEDULER_SCHEDULE_JOB("DAPR_SCHEDULER_SCHEDULE_JOB", "DAPR_SCHEDULER_SCHEDULE_JOB", 500, INTERNAL, JOB,
      RICH_UNTAGGED, "failed to schedule job due to: %s"),
  SCHEDULER_GET_JOB("DAPR_SCHEDULER_GET_JOB", "DAPR_SCHEDULER_GET_JOB", 500, INTERNAL, JOB, RICH_UNTAGGED,
      "failed to get job due to: %s"),
  SCHEDULER_LIST_JOBS("DAPR_SCHEDULER_LIST_JOBS", "DAPR_SCHEDULER_LIST_JOBS", 500, INTERNAL, JOB, RICH_UNTAGGED,
      "failed to list jobs due to: %s"),
  SCHEDULER_DELETE_JOB("DAPR_SCHEDULER_DELETE_JOB", "DAPR_SCHEDULER_DELETE_JOB", 500, INTERNAL, JOB, RICH_UNTAGGED,
      "failed to delete job due to: %s"),

  // Distributed lock.
  LOCK_STORE_NOT_CONFIGURED("ERR_LOCK_STORE_NOT_CONFIGURED", null, 500, FAILED_PRECONDITION, LOCK, LEGACY,
      "lock store is not configured"),
  LOCK_STORE_NOT_FOUND("ERR_LOCK_STORE_NOT_FOUND", null, 400, INVALID_ARGUMENT, LOCK, LEGACY,
      "lock store %s not found"),
  LOCK_RESOURCE_ID_EMPTY("ERR_MALFORMED_REQUEST", null, 400, INVALID_ARGUMENT, LOCK, LEGACY,
      "ResourceId is empty in lock store %s"),
  LOCK_OWNER_EMPTY("ERR_MALFORMED_REQUEST", null, 400, INVALID_ARGUMENT, LOCK, LEGACY,
      "LockOwner is empty in lock store %s"),
  LOCK_EXPIRY_NOT_POSITIVE("ERR_MALFORMED_REQUEST", null, 400, INVALID_ARGUMENT, LOCK, LEGACY,
      "ExpiryInSeconds is not positive in lock store %s"),
  TRY_LOCK("ERR_TRY_LOCK", null, 500, INTERNAL, LOCK, LEGACY, "failed to try acquiring lock: %s"),
  UNLOCK("ERR_UNLOCK", null, 500, INTERNAL, LOCK, LEGACY, "failed to release lock: %s"),

  // Cryptography.
  CRYPTO_PROVIDERS_NOT_CONFIGURED("ERR_CRYPTO_PROVIDERS_NOT_CONFIGURED", null, 500, INTERNAL, CRYPTO, LEGACY,
      "crypto providers not configured"),
  CRYPTO_PROVIDER_NOT_FOUND("ERR_CRYPTO_PROVIDER_NOT_FOUND", null, 400, INVALID_ARGUMENT, CRYPTO, LEGACY,
      "crypto provider %s not found"),
  CRYPTO_OPERATION("ERR_CRYPTO", null, 500, INTERNAL, CRYPTO, LEGACY, "failed to perform operation: %v"),
  CRYPTO_KEY("ERR_CRYPTO_KEY", null, 500, INTERNAL, CRYPTO, LEGACY, "failed to retrieve key %s: %v"),

  // Conversation.
  CONVERSATION_NOT_FOUND("ERR_CONVERSATION_NOT_FOUND", null, 400, INVALID_ARGUMENT, CONVERSATION, LEGACY,
      "failed finding conversation component %s"),
  CONVERSATION_MISSING_INPUTS("ERR_CONVERSATION_MISSING_INPUTS", null, 400, INVALID_ARGUMENT, CONVERSATION, LEGACY,
      "failed conversing with component %s: missing inputs in request"),
  CONVERSATION_INVALID_PARMS("ERR_CONVERSATION_INVALID_PARMS", null, 400, INVALID_ARGUMENT, CONVERSATION, LEGACY,
      "failed conversing with component %s: invalid params: %s"),
  CONVERSATION_INVOKE("ERR_CONVERSATION_INVOKE", null, 500, INTERNAL, CONVERSATION, LEGACY,
      "failed conversing with component %s: %s");

  private final String code;
  private final String reason;
  private final int httpStatus;
  private final Status.Code grpcCode;
  private final BuildingBlock block;
  private final ErrorKind kind;
  private final String template;
  private final int arity;
  private volatile Pattern messagePattern;

  ErrorCode(String code, String reason, int httpStatus, Status.Code grpcCode, BuildingBlock block, ErrorKind kind,
      String template) {
    this.code = code;
    this.reason = reason;
    this.httpStatus = httpStatus;
    this.grpcCode = grpcCode;
    this.block = block;
    this.kind = kind;
    this.template = template;
    this.arity = GoFmt.arity(template);
  }

  /** The HTTP {@code errorCode} string, for example {@code ERR_STATE_GET}; shared by some entries. */
  public String code() {
    return code;
  }

  /** The ErrorInfo reason daprd sends (for example {@code DAPR_STATE_ILLEGAL_KEY}), or {@code null} when none. */
  public String reason() {
    return reason;
  }

  /** The HTTP status daprd answers with. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The gRPC status code daprd answers with. */
  public Status.Code grpcCode() {
    return grpcCode;
  }

  /** The building block the error belongs to. */
  public BuildingBlock block() {
    return block;
  }

  /** How daprd builds the error, which decides its shape on each transport. */
  public ErrorKind kind() {
    return kind;
  }

  /** The English message template with Go verbs, exactly as daprd formats it. */
  public String template() {
    return template;
  }

  /** How many arguments {@link #template()} takes. */
  public int arity() {
    return arity;
  }

  /** The reason a rich rendering puts in ErrorInfo: Dapr's reason where it has one, otherwise the code. */
  public String richReason() {
    return reason != null ? reason : code;
  }

  /** A one-line description of the error in the given language. */
  public String description(ErrorLocale locale) {
    return ErrorTexts.description(this, locale);
  }

  /** The message template in the given language; Chinese templates take the same arguments as English ones. */
  public String template(ErrorLocale locale) {
    return locale == ErrorLocale.EN_US ? template : ErrorTexts.template(this, locale);
  }

  /** The anchor of this entry in the generated reference, for example {@code state-get}. */
  public String anchor() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  /** Whether {@code message} could have been produced by this entry's English template. */
  public boolean matchesMessage(String message) {
    Pattern p = messagePattern;
    if (p == null) {
      p = GoFmt.templatePattern(template);
      messagePattern = p;
    }
    return p.matcher(message).matches();
  }
}
