package io.jdaprd.api.http.metadata;

import io.jdaprd.core.actors.ActorRuntimeStatus;
import io.jdaprd.golang.GoJson;
import java.util.Map;

/**
 * daprd's JSON of the actor parts of the metadata: {@code actorRuntime} ({@code runtimeStatus}, then
 * {@code activeActors} when there are hosted types, {@code hostReady}, then {@code placement} when it has a text)
 * and the deprecated top-level {@code actors} alias of the active actors. daprd marshals each count with Go's
 * {@code omitempty} tags, so a type without active actors renders as {@code {"type":"T"}}.
 */
final class ActorRuntimeJson {
  private ActorRuntimeJson() {
  }

  /** The {@code "actors"} alias, when there are hosted types. */
  static void actorsAlias(GoJson json, ActorRuntimeStatus status) {
    if (!status.activeActors().isEmpty()) {
      json.key("actors", false);
      counts(json, status.activeActors());
    }
  }

  /** The {@code "actorRuntime"} member. */
  static void actorRuntime(GoJson json, ActorRuntimeStatus status) {
    json.key("actorRuntime", false).raw('{').key("runtimeStatus", true).string(status.status());
    if (!status.activeActors().isEmpty()) {
      json.key("activeActors", false);
      counts(json, status.activeActors());
    }
    json.key("hostReady", false).raw(Boolean.toString(status.hostReady()));
    if (!status.placement().isEmpty()) {
      json.key("placement", false).string(status.placement());
    }
    json.raw('}');
  }

  private static void counts(GoJson json, Map<String, Integer> counts) {
    json.raw('[');
    boolean firstItem = true;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      json.raw(firstItem ? "{" : ",{");
      firstItem = false;
      boolean first = true;
      if (!e.getKey().isEmpty()) {
        json.key("type", true).string(e.getKey());
        first = false;
      }
      if (e.getValue() != 0) {
        json.key("count", first).raw(Integer.toString(e.getValue()));
      }
      json.raw('}');
    }
    json.raw(']');
  }
}
