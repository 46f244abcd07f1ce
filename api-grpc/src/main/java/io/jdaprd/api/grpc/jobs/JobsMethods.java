package io.jdaprd.api.grpc.jobs;

import io.dapr.v1.DaprGrpc;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.Transport;
import io.jdaprd.core.jobs.JobsBlock;
import io.jdaprd.core.runtime.Blocks;

/** Binds the jobs RPCs. */
public final class JobsMethods {
  private JobsMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link JobsBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    JobsBlock block = blocks.get(JobsBlock.class);
    methods.empty(DaprGrpc.getScheduleJobAlpha1Method(), r -> block.schedule(r.hasJob() ? new JobsBlock.Job(
            r.getJob().getName(), null, r.getJob().hasSchedule(), r.getJob().hasDueTime()) : null, Transport.GRPC))
        .empty(DaprGrpc.getGetJobAlpha1Method(), r -> block.get(r.getName()))
        .empty(DaprGrpc.getDeleteJobAlpha1Method(), r -> block.delete(r.getName()))
        .empty(DaprGrpc.getDeleteJobsByPrefixAlpha1Method(), r -> block.deleteByPrefix(r.getNamePrefix()))
        .empty(DaprGrpc.getListJobsAlpha1Method(), r -> block.list());
  }
}
