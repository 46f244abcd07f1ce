package io.jdaprd.api.http.configuration;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.ServerBuilder;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.configuration.ConfigurationBlock;
import io.jdaprd.core.runtime.Blocks;

/**
 * {@code GET /v1.0/configuration/{store}}, {@code .../{store}/subscribe} and {@code .../{store}/{id}/unsubscribe},
 * and the same under {@code /v1.0-alpha1}.
 */
public final class ConfigurationRoutes implements HttpRoutes {
  private final ConfigurationBlock configuration;
  private final HttpCalls calls;

  /** The routes of the blocks' configuration. */
  public ConfigurationRoutes(Blocks blocks, HttpCalls calls) {
    this.configuration = blocks.get(ConfigurationBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    for (String version : new String[] {"/v1.0", "/v1.0-alpha1"}) {
      String prefix = version + "/configuration/";
      sb.route().path("prefix:" + prefix).methods(HttpMethod.GET).build((ctx, req) -> calls.call(ctx, req, agg -> {
        configuration.get(ctx.path().substring(prefix.length()).split("/", 2)[0]);
        return HttpCalls.noContent();
      }));
    }
  }
}
