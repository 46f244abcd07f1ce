package io.jdaprd.core.component;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The registry of component types this runtime can load, built explicitly by the server's wiring. A type is found
 * by its canonical name or any alias, without regard to case, as daprd's registries look names up.
 */
public final class ComponentTypes {
  private final Map<String, ComponentType> types = new LinkedHashMap<>();
  private final Map<String, ComponentType> byName = new LinkedHashMap<>();

  /** Adds a type; a name (canonical or alias) registered twice is a programming error. */
  public ComponentTypes register(ComponentType type) {
    if (types.putIfAbsent(type.type(), type) != null) {
      throw new IllegalArgumentException("component type registered twice: " + type.type());
    }
    index(type.type(), type);
    type.aliases().forEach(alias -> index(alias, type));
    return this;
  }

  private void index(String name, ComponentType type) {
    if (byName.putIfAbsent(name.toLowerCase(Locale.ROOT), type) != null) {
      throw new IllegalArgumentException("component type name registered twice: " + name);
    }
  }

  /** The type named {@code type} (its canonical name or an alias, any case), if registered. */
  public Optional<ComponentType> find(String type) {
    return Optional.ofNullable(byName.get(type.toLowerCase(Locale.ROOT)));
  }

  /** Every registered type, in registration order. */
  public Collection<ComponentType> all() {
    return Collections.unmodifiableCollection(types.values());
  }
}
