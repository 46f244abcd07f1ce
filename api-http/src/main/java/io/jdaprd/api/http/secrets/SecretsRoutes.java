package io.jdaprd.api.http.secrets;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.api.http.calls.ProtoJsonBodies;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.core.secrets.SecretsBlock;
import io.jdaprd.golang.GoJson;
import java.util.Map;

/**
 * {@code GET /v1.0/secrets/{store}/{key}} and {@code GET /v1.0/secrets/{store}/bulk}, with {@code metadata.*} query
 * parameters. As daprd's universal handlers: a body, if any, must be a JSON object; the answer is the secret's
 * key/value object (bulk: secret name to that object) written as Go's encoder writes a map (keys sorted, a
 * trailing newline), or 204 when the store answered no data.
 */
public final class SecretsRoutes implements HttpRoutes {
  private final SecretsBlock secrets;
  private final HttpCalls calls;

  /** The routes of the blocks' secrets. */
  public SecretsRoutes(Blocks blocks, HttpCalls calls) {
    this.secrets = blocks.get(SecretsBlock.class);
    this.calls = calls;
  }

  @Override
  public void addTo(ServerBuilder sb) {
    sb.route().get("/v1.0/secrets/{store}/{key}").build(this::get);
  }

  private HttpResponse get(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    String key = ctx.pathParam("key");
    return calls.call(ctx, req, agg -> {
      ProtoJsonBodies.object(agg.content().array());
      if (key.equals("bulk")) {
        Map<String, Map<String, String>> all = secrets.bulkGet(store, HttpCalls.metadata(agg));
        if (all == null) {
          return HttpCalls.noContent();
        }
        GoJson json = new GoJson(64 + 64 * all.size()).raw('{');
        boolean first = true;
        for (String name : all.keySet().stream().sorted(GoJson::compareUtf8).toList()) {
          json.key(name, first).stringMap(all.get(name));
          first = false;
        }
        return HttpCalls.json(json.raw("}\n").toString());
      }
      Map<String, String> secret = secrets.get(store, key, HttpCalls.metadata(agg));
      if (secret == null) {
        return HttpCalls.noContent();
      }
      return HttpCalls.json(new GoJson(64).stringMap(secret).raw('\n').toString());
    });
  }
}
