package io.jdaprd.api.http.secrets;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.secrets.SecretsBlock;

/** {@code GET /v1.0/secrets/{store}/{key}} and {@code GET /v1.0/secrets/{store}/bulk}. */
public final class SecretsRoutes implements HttpRoutes {
  private static final String PREFIX = "/v1.0/secrets/";

  private final SecretsBlock secrets;
  private final HttpCalls calls;

  /** The routes of the blocks' secrets. */
  public SecretsRoutes(Blocks blocks, HttpCalls calls) {
    this.secrets = blocks.get(SecretsBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().path("prefix:" + PREFIX).methods(HttpMethod.GET).build((ctx, req) -> calls.call(ctx, req, agg -> {
      String[] parts = ctx.path().substring(PREFIX.length()).split("/", 2);
      String store = parts[0];
      String key = parts.length > 1 ? parts[1] : "";
      if (key.equals("bulk")) {
        secrets.bulkGet(store);
      } else {
        secrets.get(store, key);
      }
      return HttpCalls.noContent();
    }));
  }
}
