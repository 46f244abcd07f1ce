package io.jdaprd.core.workflows;

import io.jdaprd.errors.factories.ActorErrors;

/**
 * Workflows, every API version. Workflows run on actors, and there is no placement service here: every call is
 * daprd's {@code ERR_ACTOR_NO_PLACEMENT}.
 */
public final class WorkflowsBlock {
  /** Any workflow operation (start, get, purge, terminate, pause, resume, raise event). */
  public void call() {
    throw ActorErrors.noPlacement();
  }
}
