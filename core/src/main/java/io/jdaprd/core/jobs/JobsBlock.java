package io.jdaprd.core.jobs;

import io.jdaprd.core.Transport;
import io.jdaprd.errors.factories.CauseCode;
import io.jdaprd.errors.factories.JobErrors;

/**
 * The jobs API. There is no scheduler here, so daprd's scheduler client is disabled: after daprd's validation, every
 * call fails with {@code scheduler clients are disabled}, the same on HTTP and gRPC (both wires run daprd's one
 * implementation). Errors carry the app id and the namespace ({@code default} when {@code NAMESPACE} is not set).
 */
public final class JobsBlock {
  /** What daprd's scheduler client answers when no scheduler address is configured. */
  static final String SCHEDULER_DISABLED = "scheduler clients are disabled";

  private final String appId;
  private final String namespace;

  /**
   * @param appId this sidecar's app id
   * @param namespace the namespace as daprd reports it
   */
  public JobsBlock(String appId, String namespace) {
    this.appId = appId == null ? "" : appId;
    this.namespace = namespace;
  }

  /**
   * A job to schedule, as far as validation needs it.
   *
   * @param name the job's name (over HTTP, from the URL)
   * @param nameInBody over HTTP, the name the body also gives ({@code null} or empty when none); unused over gRPC
   * @param hasSchedule whether a schedule is given
   * @param hasDueTime whether a due time is given
   */
  public record Job(String name, String nameInBody, boolean hasSchedule, boolean hasDueTime) {
  }

  /**
   * Schedules {@code job}, checked in daprd's order: over HTTP a name in the body, then no job (gRPC), an empty
   * name, neither schedule nor due time, then the scheduler.
   *
   * @param job the job, {@code null} when a gRPC request has none
   */
  public void schedule(Job job, Transport transport) {
    if (transport == Transport.HTTP && job != null && job.nameInBody() != null && !job.nameInBody().isEmpty()) {
      throw JobErrors.nameInBody(appId);
    }
    if (job == null) {
      throw JobErrors.jobEmpty(appId, namespace);
    }
    if (job.name() == null || job.name().isEmpty()) {
      throw JobErrors.nameEmpty(appId, namespace);
    }
    if (!job.hasSchedule() && !job.hasDueTime()) {
      throw JobErrors.scheduleEmpty(appId, namespace);
    }
    throw JobErrors.schedule(appId, namespace, CauseCode.UNKNOWN, SCHEDULER_DISABLED);
  }

  /** Reads job {@code name}. */
  public void get(String name) {
    if (name == null || name.isEmpty()) {
      throw JobErrors.nameEmpty(appId, namespace);
    }
    throw JobErrors.get(appId, namespace, name, SCHEDULER_DISABLED);
  }

  /** Deletes job {@code name}. */
  public void delete(String name) {
    if (name == null || name.isEmpty()) {
      throw JobErrors.nameEmpty(appId, namespace);
    }
    throw JobErrors.delete(appId, namespace, name, SCHEDULER_DISABLED);
  }

  /** Deletes the jobs whose names start with {@code prefix}. */
  public void deleteByPrefix(String prefix) {
    throw JobErrors.delete(appId, namespace, prefix, SCHEDULER_DISABLED);
  }

  /** Lists the jobs. */
  public void list() {
    throw JobErrors.list(appId, namespace, SCHEDULER_DISABLED);
  }
}
