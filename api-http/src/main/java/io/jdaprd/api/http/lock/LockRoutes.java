package io.jdaprd.api.http.lock;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.api.http.calls.ProtoJsonBodies;
import io.jdaprd.core.lock.LockBlock;
import io.jdaprd.core.runtime.Blocks;

/** {@code POST /v1.0-alpha1/lock/{store}} and {@code POST /v1.0-alpha1/unlock/{store}}. */
public final class LockRoutes implements HttpRoutes {
  private final LockBlock lock;
  private final HttpCalls calls;

  /** The routes of the blocks' lock. */
  public LockRoutes(Blocks blocks, HttpCalls calls) {
    this.lock = blocks.get(LockBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().path("/v1.0-alpha1/lock/{store}").methods(HttpMethod.POST)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          JsonNode body = ProtoJsonBodies.object(agg.content().array());
          lock.tryLock(ctx.pathParam("store"),
              ProtoJsonBodies.field(body, "expiryInSeconds", "expiry_in_seconds").asLong(0));
          return HttpCalls.noContent();
        }));
    sb.route().path("/v1.0-alpha1/unlock/{store}").methods(HttpMethod.POST)
        .build((ctx, req) -> calls.call(ctx, req, agg -> {
          ProtoJsonBodies.object(agg.content().array());
          lock.unlock(ctx.pathParam("store"));
          return HttpCalls.noContent();
        }));
  }
}
