package io.jdaprd.core.component;

import io.jdaprd.spi.Component;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A built-in component type: its Dapr type name, the versions it answers to, and how to make an instance.
 *
 * @param type the Dapr type, for example {@code state.sqlite}
 * @param versions the accepted {@code spec.version} values, for example {@code v1}
 * @param factory makes a new, uninitialised instance
 */
public record ComponentType(String type, Set<String> versions, Supplier<? extends Component> factory) {
  public ComponentType {
    versions = Set.copyOf(versions);
  }

  /** The building-block category of the type: the part before the first dot ({@code state}, {@code pubsub}). */
  public String category() {
    return type.substring(0, type.indexOf('.'));
  }
}
