package io.jdaprd.errors.factories;

import io.grpc.Status;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.errors.StatusMapping;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Errors of the jobs API. They are untagged rich errors: the HTTP {@code errorCode} is the reason, and the
 * ErrorInfo carries {@code appID} and {@code namespace}.
 */
public final class JobErrors {
  private static final String RESOURCE_TYPE = "job";

  private JobErrors() {
  }

  /** The gRPC request has no job. */
  public static DaprException jobEmpty(String appId, String namespace) {
    return job(ErrorCode.SCHEDULER_EMPTY, appNamespace(appId, namespace));
  }

  /** The job name is empty. */
  public static DaprException nameEmpty(String appId, String namespace) {
    return job(ErrorCode.SCHEDULER_JOB_NAME_EMPTY, appNamespace(appId, namespace));
  }

  /** The job has neither a schedule nor a due time. */
  public static DaprException scheduleEmpty(String appId, String namespace) {
    return job(ErrorCode.SCHEDULER_SCHEDULE_EMPTY, appNamespace(appId, namespace));
  }

  /** An HTTP body also names the job, which belongs in the URL only. */
  public static DaprException nameInBody(String appId) {
    return job(ErrorCode.SCHEDULER_JOB_NAME, Map.of("appID", appId));
  }

  /**
   * The scheduler refused the job with {@code causeCode}; that code (Unknown read as Internal) decides both
   * statuses, for example AlreadyExists and 409 when overwriting is not allowed.
   */
  public static DaprException schedule(String appId, String namespace, CauseCode causeCode, Object cause) {
    Status.Code code = causeCode == CauseCode.UNKNOWN ? Status.Code.INTERNAL : causeCode.grpc();
    return DaprException.builder(ErrorCode.SCHEDULER_SCHEDULE_JOB, cause).grpcCode(code)
        .httpStatus(StatusMapping.httpFromGrpc(code)).errorInfoMetadata(appNamespace(appId, namespace)).build();
  }

  /** Getting job {@code name} failed, including a job that does not exist (500, as in daprd). */
  public static DaprException get(String appId, String namespace, String name, Object cause) {
    return named(ErrorCode.SCHEDULER_GET_JOB, appId, namespace, name, cause);
  }

  /** Listing jobs failed. */
  public static DaprException list(String appId, String namespace, Object cause) {
    return job(ErrorCode.SCHEDULER_LIST_JOBS, appNamespace(appId, namespace), cause);
  }

  /** Deleting job {@code name} failed. */
  public static DaprException delete(String appId, String namespace, String name, Object cause) {
    return named(ErrorCode.SCHEDULER_DELETE_JOB, appId, namespace, name, cause);
  }

  private static DaprException named(ErrorCode code, String appId, String namespace, String name, Object cause) {
    return DaprException.builder(code, cause).resource(RESOURCE_TYPE, name)
        .errorInfoMetadata(appNamespace(appId, namespace)).build();
  }

  private static DaprException job(ErrorCode code, Map<String, String> metadata, Object... args) {
    return DaprException.builder(code, args).errorInfoMetadata(metadata).build();
  }

  private static Map<String, String> appNamespace(String appId, String namespace) {
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("appID", appId == null ? "" : appId);
    metadata.put("namespace", namespace == null ? "" : namespace);
    return metadata;
  }
}
