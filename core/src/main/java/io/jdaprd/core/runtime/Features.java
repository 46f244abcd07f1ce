package io.jdaprd.core.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The preview features of a Configuration's {@code spec.features}, decided as daprd 1.18 decides them: daprd's
 * defaults ({@code HotReload} and {@code WorkflowsRemoteActivityReminder} on) are added for every name the list
 * does not mention, then the list is read in order, an entry with {@code enabled: true} switching its feature on and
 * one with {@code enabled: false} (or without {@code enabled}) switching it off again. Names are compared exactly;
 * an entry without a name is skipped and names daprd does not know are kept (and reported) like any other, as daprd
 * does. A registered block asks {@link #enabled(String)}.
 */
public final class Features {
  /** daprd's {@code HotReload}: resources are reloaded when their files change (on by default since 1.15). */
  public static final String HOT_RELOAD = "HotReload";
  /** daprd's {@code WorkflowsRemoteActivityReminder} (on by default). */
  public static final String WORKFLOWS_REMOTE_ACTIVITY_REMINDER = "WorkflowsRemoteActivityReminder";

  private static final Map<String, Boolean> DEFAULTS = defaults();

  /** The features of a sidecar without a Configuration: daprd's defaults. */
  public static final Features DEFAULT = new Features(listWithDefaults(List.of()));

  private final Set<String> enabled;
  private final List<String> order;

  private Features(List<Map.Entry<String, Boolean>> entries) {
    Set<String> on = new LinkedHashSet<>();
    for (Map.Entry<String, Boolean> e : entries) {
      if (e.getKey().isEmpty()) {
        continue;
      }
      if (e.getValue()) {
        on.add(e.getKey());
      } else {
        on.remove(e.getKey());
      }
    }
    this.enabled = Set.copyOf(on);
    this.order = List.copyOf(on);
  }

  private static Map<String, Boolean> defaults() {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put(HOT_RELOAD, true);
    m.put(WORKFLOWS_REMOTE_ACTIVITY_REMINDER, true);
    return m;
  }

  /**
   * The features of a Configuration {@code spec} (a missing node for none).
   *
   * @throws IllegalArgumentException when {@code spec.features} is not a list of {@code {name, enabled}} items
   *     with a boolean {@code enabled} (daprd refuses to start on such a Configuration); the message names the item
   */
  public static Features parse(JsonNode spec) {
    JsonNode list = spec == null ? null : spec.path("features");
    if (list == null || list.isMissingNode() || list.isNull()) {
      return DEFAULT;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("spec.features: expected a list of {name, enabled} items");
    }
    List<Map.Entry<String, Boolean>> entries = new ArrayList<>();
    int i = 0;
    for (JsonNode item : list) {
      JsonNode name = item.path("name");
      JsonNode enabled = item.path("enabled");
      if (!item.isObject() || !(name.isMissingNode() || name.isNull() || name.isTextual())) {
        throw new IllegalArgumentException("spec.features[" + i + "]: expected {name, enabled}");
      }
      if (!(enabled.isMissingNode() || enabled.isNull() || enabled.isBoolean())) {
        throw new IllegalArgumentException("spec.features[" + i + "].enabled: " + enabled.asText()
            + " (expected: true or false)");
      }
      entries.add(Map.entry(name.asText(""), enabled.asBoolean(false)));
      i++;
    }
    return new Features(listWithDefaults(entries));
  }

  private static List<Map.Entry<String, Boolean>> listWithDefaults(List<Map.Entry<String, Boolean>> entries) {
    List<Map.Entry<String, Boolean>> out = new ArrayList<>(entries);
    DEFAULTS.forEach((name, on) -> {
      if (entries.stream().noneMatch(e -> e.getKey().equals(name))) {
        out.add(Map.entry(name, on));
      }
    });
    return out;
  }

  /** Whether the feature {@code name} (compared exactly) is on. */
  public boolean enabled(String name) {
    return enabled.contains(name);
  }

  /** The features that are on, in the order the Configuration switched them on (daprd's defaults last). */
  public List<String> enabledNames() {
    return order;
  }

  @Override
  public String toString() {
    return "Features" + order;
  }
}
