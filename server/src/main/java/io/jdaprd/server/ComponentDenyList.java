package io.jdaprd.server;

import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.runtime.Resources;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Configuration's {@code spec.components.deny}, as daprd applies it when components load: an entry
 * {@code state.redis} denies every version of that type, {@code state.redis/v1} that version only (types compared
 * exactly); a denied component is not loaded and is logged at WARN in daprd's words. With a deny list, a component
 * without a type or version is not loaded either, as in daprd.
 */
final class ComponentDenyList {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentDenyList.class);

  private ComponentDenyList() {
  }

  /** {@code resources} without the components {@code deny} names. */
  static Resources apply(Resources resources, List<String> deny) {
    List<String[]> entries = new ArrayList<>();
    for (String entry : deny) {
      String[] parts = entry.split("/", -1);
      if (!entry.isEmpty() && parts.length <= 2) {
        entries.add(new String[] {parts[0], parts.length == 2 ? parts[1] : ""});
      }
    }
    if (entries.isEmpty()) {
      return resources;
    }
    List<ComponentDefinition> kept = new ArrayList<>();
    for (ComponentDefinition c : resources.components()) {
      if (allowed(c, entries)) {
        kept.add(c);
      }
    }
    return kept.size() == resources.components().size() ? resources
        : resources.withComponents(kept);
  }

  private static boolean allowed(ComponentDefinition c, List<String[]> entries) {
    String type = c.type() == null ? "" : c.type();
    String version = c.version() == null ? "" : c.version();
    if (type.isEmpty() || version.isEmpty()) {
      LOG.warn("component '{}' cannot be loaded because it has no type or version while the Configuration denies "
          + "component types", c.name());
      return false;
    }
    for (String[] e : entries) {
      if (e[0].equals(type) && (e[1].isEmpty() || e[1].equals(version))) {
        LOG.warn("component '{}' cannot be loaded because components of type '{} ({}/{})' are not allowed",
            c.name(), c.name(), type, version);
        return false;
      }
    }
    return true;
  }
}
