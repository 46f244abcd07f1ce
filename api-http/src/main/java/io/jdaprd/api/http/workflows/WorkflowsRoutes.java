package io.jdaprd.api.http.workflows;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.workflows.WorkflowsBlock;

/** Every route under {@code /v1.0/workflows/}, {@code /v1.0-alpha1/workflows/} and {@code /v1.0-beta1/workflows/}. */
public final class WorkflowsRoutes implements HttpRoutes {
  private final WorkflowsBlock workflows;
  private final HttpCalls calls;

  /** The routes of the blocks' workflows. */
  public WorkflowsRoutes(Blocks blocks, HttpCalls calls) {
    this.workflows = blocks.get(WorkflowsBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    for (String version : new String[] {"/v1.0", "/v1.0-alpha1", "/v1.0-beta1"}) {
      sb.route().path("prefix:" + version + "/workflows/").methods(HttpMethod.knownMethods())
          .build((ctx, req) -> calls.call(ctx, req, agg -> {
            workflows.call();
            return HttpCalls.noContent();
          }));
    }
  }
}
