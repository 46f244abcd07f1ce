package io.jdaprd.api.http.bindings;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.bindings.BindingsBlock;
import io.jdaprd.core.runtime.Blocks;

/** {@code POST|PUT /v1.0/bindings/{name}}: invokes an output binding. */
public final class BindingsRoutes implements HttpRoutes {
  private final BindingsBlock bindings;
  private final HttpCalls calls;

  /** The routes of the blocks' output bindings. */
  public BindingsRoutes(Blocks blocks, HttpCalls calls) {
    this.bindings = blocks.get(BindingsBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().path("/v1.0/bindings/{name}").methods(HttpMethod.POST, HttpMethod.PUT)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          bindings.invoke(ctx.pathParam("name"));
          return HttpCalls.noContent();
        }));
  }
}
