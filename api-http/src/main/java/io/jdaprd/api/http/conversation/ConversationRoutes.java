package io.jdaprd.api.http.conversation;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.conversation.ConversationBlock;
import io.jdaprd.core.runtime.Blocks;

/** {@code POST /v1.0-alpha1/conversation/{name}/converse} and the same under {@code /v1.0-alpha2}. */
public final class ConversationRoutes implements HttpRoutes {
  private final ConversationBlock conversation;
  private final HttpCalls calls;

  /** The routes of the blocks' conversation. */
  public ConversationRoutes(Blocks blocks, HttpCalls calls) {
    this.conversation = blocks.get(ConversationBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    for (String version : new String[] {"/v1.0-alpha1", "/v1.0-alpha2"}) {
      sb.route().path(version + "/conversation/{name}/converse").methods(HttpMethod.POST)
          .build((ctx, req) -> calls.call(ctx, req, agg -> {
            conversation.converse(ctx.pathParam("name"));
            return HttpCalls.noContent();
          }));
    }
  }
}
