package io.jdaprd.api.http.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.api.http.calls.ProtoJsonBodies;
import io.jdaprd.core.Transport;
import io.jdaprd.core.jobs.JobsBlock;
import io.jdaprd.core.runtime.Blocks;

/**
 * {@code POST|GET|DELETE /v1.0/jobs/{name}} and the same under {@code /v1.0-alpha1}. A job's name comes from the
 * URL, trimmed of spaces as daprd trims it; its body is the job.
 */
public final class JobsRoutes implements HttpRoutes {
  private final JobsBlock jobs;
  private final HttpCalls calls;

  /** The routes of the blocks' jobs. */
  public JobsRoutes(Blocks blocks, HttpCalls calls) {
    this.jobs = blocks.get(JobsBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    for (String version : new String[] {"/v1.0", "/v1.0-alpha1"}) {
      sb.route().path(version + "/jobs/{name}").methods(HttpMethod.POST, HttpMethod.GET, HttpMethod.DELETE)
          .build((ctx, req) -> calls.call(ctx, req, agg -> {
            String name = ctx.pathParam("name");
            switch (ctx.method()) {
              case GET -> jobs.get(name);
              case DELETE -> jobs.delete(name);
              default -> {
                JsonNode body = ProtoJsonBodies.object(agg.content().array());
                jobs.schedule(new JobsBlock.Job(name.strip(), body.path("name").asText(""),
                    !ProtoJsonBodies.field(body, "schedule", "schedule").isMissingNode(),
                    !ProtoJsonBodies.field(body, "dueTime", "due_time").isMissingNode()), Transport.HTTP);
              }
            }
            return HttpCalls.noContent();
          }));
    }
  }
}
