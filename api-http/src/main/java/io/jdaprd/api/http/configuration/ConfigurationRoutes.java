package io.jdaprd.api.http.configuration;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.api.http.calls.HttpRoutes;
import io.jdaprd.core.configuration.ConfigurationBlock;
import io.jdaprd.core.configuration.ConfigurationJson;
import io.jdaprd.core.runtime.Blocks;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.golang.GoJson;
import io.jdaprd.spi.configuration.ConfigurationItem;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1.0/configuration/{store}?key=...}, {@code .../{store}/subscribe?key=...} and
 * {@code .../{store}/{id}/unsubscribe}, and the same under {@code /v1.0-alpha1}, as daprd answers them: a get with
 * no item is 204; the items, the subscription id and {@code {"ok":true}} are written by Go's {@code json.Encoder}
 * (trailing newline). A failed unsubscribe is 500 with {@code {"message":...}} (daprd's {@code ok:false} is left out
 * by its {@code omitempty}); {@code ERR_APP_CHANNEL_NIL} also carries the encoder's newline.
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
      String prefix = version + "/configuration/{store}";
      sb.route().get(prefix).build(this::get);
      sb.route().get(prefix + "/subscribe").build(this::subscribe);
      sb.route().get(prefix + "/{id}/unsubscribe").build(this::unsubscribe);
    }
  }

  private HttpResponse get(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    return calls.call(ctx, req, agg -> {
      Map<String, ConfigurationItem> items = configuration.get(store, keys(agg), HttpCalls.metadata(agg));
      if (items.isEmpty()) {
        return HttpCalls.noContent();
      }
      return HttpCalls.json(ConfigurationJson.items(items));
    });
  }

  private HttpResponse subscribe(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    String acceptLanguage = req.headers().get("accept-language");
    return calls.call(ctx, req, agg -> {
      String id;
      try {
        id = configuration.subscribeForApp(store, keys(agg), HttpCalls.metadata(agg));
      } catch (DaprException e) {
        if (e.code() != ErrorCode.APP_CHANNEL_NIL) {
          throw e;
        }
        var rendered = calls.errorResponse(e, acceptLanguage);
        return HttpResponse.of(rendered.headers(), HttpData.wrap(
            (rendered.contentUtf8() + "\n").getBytes(StandardCharsets.UTF_8)));
      }
      return HttpCalls.json(new GoJson(64).raw('{').key("id", true).string(id).raw("}\n").toString());
    });
  }

  private HttpResponse unsubscribe(ServiceRequestContext ctx, HttpRequest req) {
    String store = ctx.pathParam("store");
    String id = ctx.pathParam("id");
    return calls.call(ctx, req, agg -> {
      try {
        configuration.unsubscribe(store, id);
      } catch (DaprException e) {
        if (e.code() != ErrorCode.CONFIGURATION_UNSUBSCRIBE) {
          throw e;
        }
        return HttpResponse.of(ResponseHeaders.of(HttpStatus.INTERNAL_SERVER_ERROR, "content-type", "application/json"),
            HttpData.ofUtf8(new GoJson(64).raw('{').key("message", true).string(e.getMessage()).raw("}\n")
                .toString()));
      }
      return HttpCalls.json("{\"ok\":true}\n");
    });
  }

  /** Every {@code key} query parameter, in order, as Go's {@code r.URL.Query()["key"]}. */
  private static List<String> keys(AggregatedHttpRequest agg) {
    String path = agg.path();
    int q = path.indexOf('?');
    return q < 0 ? List.of() : QueryParams.fromQueryString(path.substring(q + 1)).getAll("key");
  }
}
