package io.jdaprd.api.grpc.workflows;

import io.dapr.v1.DaprGrpc;
import io.grpc.MethodDescriptor;
import io.jdaprd.api.grpc.calls.GrpcMethods;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.workflows.WorkflowsBlock;
import java.util.List;

/** Binds the workflow RPCs, alpha1 and beta1. */
public final class WorkflowsMethods {
  private WorkflowsMethods() {
  }

  /** Binds the RPCs of {@code blocks}' {@link WorkflowsBlock}. */
  @SuppressWarnings("deprecation")
  public static void bind(Blocks blocks, GrpcMethods methods) {
    WorkflowsBlock block = blocks.get(WorkflowsBlock.class);
    List<MethodDescriptor<?, ?>> rpcs = List.of(DaprGrpc.getStartWorkflowAlpha1Method(),
        DaprGrpc.getGetWorkflowAlpha1Method(), DaprGrpc.getPurgeWorkflowAlpha1Method(),
        DaprGrpc.getTerminateWorkflowAlpha1Method(), DaprGrpc.getPauseWorkflowAlpha1Method(),
        DaprGrpc.getResumeWorkflowAlpha1Method(), DaprGrpc.getRaiseEventWorkflowAlpha1Method(),
        DaprGrpc.getStartWorkflowBeta1Method(), DaprGrpc.getGetWorkflowBeta1Method(),
        DaprGrpc.getPurgeWorkflowBeta1Method(), DaprGrpc.getTerminateWorkflowBeta1Method(),
        DaprGrpc.getPauseWorkflowBeta1Method(), DaprGrpc.getResumeWorkflowBeta1Method(),
        DaprGrpc.getRaiseEventWorkflowBeta1Method());
    rpcs.forEach(rpc -> bind(methods, rpc, block));
  }

  private static <ReqT, RespT> void bind(GrpcMethods methods, MethodDescriptor<ReqT, RespT> rpc,
      WorkflowsBlock block) {
    methods.empty(rpc, r -> block.call());
  }
}
