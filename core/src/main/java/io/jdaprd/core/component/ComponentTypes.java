package io.jdaprd.core.component;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The registry of component types this runtime can load. Built explicitly by the server's wiring. */
public final class ComponentTypes {
  private final Map<String, ComponentType> types = new LinkedHashMap<>();

  /** Adds a type; a second type with the same name is a programming error. */
  public ComponentTypes register(ComponentType type) {
    if (types.putIfAbsent(type.type(), type) != null) {
      throw new IllegalArgumentException("component type registered twice: " + type.type());
    }
    return this;
  }

  /** The type named {@code type}, if registered. */
  public Optional<ComponentType> find(String type) {
    return Optional.ofNullable(types.get(type));
  }

  /** Every registered type, in registration order. */
  public Collection<ComponentType> all() {
    return Collections.unmodifiableCollection(types.values());
  }
}
