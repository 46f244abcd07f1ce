package io.jdaprd.api.http.metadata;


import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.jdaprd.api.http.calls.HttpCalls;
import io.jdaprd.core.apphealth.AppHealthConfig;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.metadata.MetadataView;
import io.jdaprd.core.pubsub.routing.RouteRule;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.core.runtime.Lifecycle;
import io.jdaprd.errors.factories.MetadataErrors;
import io.jdaprd.golang.GoDurations;
import io.jdaprd.golang.GoJson;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1.0/metadata} (daprd's JSON: fields in its struct order, empty ones left out),
 * {@code PUT /v1.0/metadata/{key}} (the raw body becomes the value) and {@code POST /v1.0/shutdown}.
 */
public final class MetadataRoutes {
  private final MetadataBlock metadata;
  private final Lifecycle lifecycle;
  private final HttpCalls calls;

  public MetadataRoutes(MetadataBlock metadata, Lifecycle lifecycle, HttpCalls calls) {
    this.metadata = metadata;
    this.lifecycle = lifecycle;
    this.calls = calls;
  }

  /** Adds the routes to {@code sb}. */
  public void addTo(ServerBuilder sb) {
    sb.route().get("/v1.0/metadata").build(this::get);
    sb.route().put("/v1.0/metadata/{key}").build(this::put);
    sb.route().post("/v1.0/shutdown").build(this::shutdown);
  }

  private HttpResponse get(ServiceRequestContext ctx, HttpRequest req) {
    return calls.call(ctx, req, agg -> HttpCalls.json(render(metadata.get())));
  }

  private HttpResponse put(ServiceRequestContext ctx, HttpRequest req) {
    String key = ctx.pathParam("key");
    return calls.call(ctx, req, agg -> {
      try {
        String value = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(agg.content().array()))
            .toString();
        metadata.set(key, value);
      } catch (java.nio.charset.CharacterCodingException e) {
        throw MetadataErrors.invalidValue("invalid UTF-8 in the value (expected: UTF-8 text)");
      }
      return HttpCalls.noContent();
    });
  }

  private HttpResponse shutdown(ServiceRequestContext ctx, HttpRequest req) {
    return calls.call(ctx, req, agg -> {
      lifecycle.requestShutdown();
      return HttpCalls.noContent();
    });
  }

  /** daprd's metadata JSON for {@code view}. */
  static String render(MetadataView view) {
    GoJson json = new GoJson(512).raw('{');
    boolean first = true;
    if (!view.id().isEmpty()) {
      json.key("id", true).string(view.id());
      first = false;
    }
    json.key("runtimeVersion", first).string(view.runtimeVersion());
    if (!view.enabledFeatures().isEmpty()) {
      json.key("enabledFeatures", false).raw('[');
      for (int i = 0; i < view.enabledFeatures().size(); i++) {
        json.raw(i > 0 ? "," : "").string(view.enabledFeatures().get(i));
      }
      json.raw(']');
    }
    ActorRuntimeJson.actorsAlias(json, view.actorRuntime());
    if (!view.components().isEmpty()) {
      json.key("components", false).raw('[');
      for (int i = 0; i < view.components().size(); i++) {
        MetadataView.ComponentView c = view.components().get(i);
        json.raw(i > 0 ? ",{" : "{").key("name", true).string(c.name()).key("type", false).string(c.type())
            .key("version", false).string(c.version());
        if (!c.capabilities().isEmpty()) {
          json.key("capabilities", false).raw('[');
          for (int j = 0; j < c.capabilities().size(); j++) {
            json.raw(j > 0 ? "," : "").string(c.capabilities().get(j));
          }
          json.raw(']');
        }
        json.raw('}');
      }
      json.raw(']');
    }
    if (!view.extended().isEmpty()) {
      json.key("extended", false).stringMap(view.extended());
    }
    if (!view.subscriptions().isEmpty()) {
      json.key("subscriptions", false).raw('[');
      for (int i = 0; i < view.subscriptions().size(); i++) {
        subscription(json.raw(i > 0 ? "," : ""), view.subscriptions().get(i));
      }
      json.raw(']');
    }
    if (!view.httpEndpoints().isEmpty()) {
      json.key("httpEndpoints", false).raw('[');
      for (int i = 0; i < view.httpEndpoints().size(); i++) {
        json.raw(i > 0 ? ",{" : "{").key("name", true).string(view.httpEndpoints().get(i)).raw('}');
      }
      json.raw(']');
    }
    MetadataView.AppConnection app = view.appConnection();
    json.key("appConnectionProperties", false).raw('{');
    boolean firstApp = true;
    if (app.port() > 0) {
      json.key("port", true).raw(Integer.toString(app.port()));
      firstApp = false;
    }
    json.key("protocol", firstApp).string(app.protocol()).key("channelAddress", false).string(app.channelAddress());
    if (app.maxConcurrency() > 0) {
      json.key("maxConcurrency", false).raw(Integer.toString(app.maxConcurrency()));
    }
    if (app.health() != null) {
      AppHealthConfig health = app.health();
      json.key("health", false).raw('{');
      if (app.http()) {
        json.key("healthCheckPath", true).string(health.path()).key("healthProbeInterval", false);
      } else {
        json.key("healthProbeInterval", true);
      }
      json.string(GoDurations.format(health.interval())).key("healthProbeTimeout", false)
          .string(GoDurations.format(health.timeout())).key("healthThreshold", false)
          .raw(Integer.toString(health.threshold())).raw('}');
    }
    json.raw('}');
    ActorRuntimeJson.actorRuntime(json, view.actorRuntime());
    return json.raw('}').toString();
  }

  /** One subscription as daprd's metadata JSON has it: the rules include the default path as a last rule. */
  private static void subscription(GoJson json, TopicSubscription s) {
    json.raw('{').key("pubsubname", true).string(s.pubsubName()).key("topic", false).string(s.topic());
    if (!s.metadata().isEmpty()) {
      json.key("metadata", false).stringMap(new java.util.TreeMap<>(s.metadata()));
    }
    java.util.List<RouteRule> rules = new java.util.ArrayList<>(s.rules());
    if (!s.defaultPath().isEmpty()) {
      rules.add(new RouteRule("", s.defaultPath()));
    }
    if (!rules.isEmpty()) {
      json.key("rules", false).raw('[');
      for (int j = 0; j < rules.size(); j++) {
        json.raw(j > 0 ? ",{" : "{");
        boolean first = true;
        if (!rules.get(j).match().isEmpty()) {
          json.key("match", true).string(rules.get(j).match());
          first = false;
        }
        if (!rules.get(j).path().isEmpty()) {
          json.key("path", first).string(rules.get(j).path());
        }
        json.raw('}');
      }
      json.raw(']');
    }
    json.key("deadLetterTopic", false).string(s.deadLetterTopic()).key("type", false).string(s.source().name())
        .raw('}');
  }
}
