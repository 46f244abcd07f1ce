package io.jdaprd.core.component;

import io.jdaprd.spi.Component;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A built-in component type: its Dapr type name, the other names daprd registers the same component under, the
 * versions it answers to, and how to make an instance.
 *
 * @param type the canonical Dapr type, lower case, for example {@code state.postgresql}
 * @param versions the accepted {@code spec.version} values, lower case, for example {@code v1}
 * @param factory makes a new, uninitialised instance
 * @param aliases other type names that load this type, as daprd registers them (for example {@code state.postgres})
 */
public record ComponentType(String type, Set<String> versions, Supplier<? extends Component> factory,
    Set<String> aliases) {
  /** daprd's unstable and first stable versions: a type with one version answers to both, as daprd does. */
  private static final Set<String> INITIAL_VERSIONS = Set.of("v0", "v1");

  public ComponentType {
    versions = Set.copyOf(versions);
    aliases = Set.copyOf(aliases);
  }

  /** A type without aliases. */
  public ComponentType(String type, Set<String> versions, Supplier<? extends Component> factory) {
    this(type, versions, factory, Set.of());
  }

  /** This type, also loaded under the names {@code more} (daprd's other registrations of the same component). */
  public ComponentType withAliases(String... more) {
    return new ComponentType(type, versions, factory, Set.of(more));
  }

  /** The building-block category of the type: the part before the first dot ({@code state}, {@code pubsub}). */
  public String category() {
    return type.substring(0, type.indexOf('.'));
  }

  /**
   * Whether {@code version} (compared without case) selects this type: one of its versions, or, for a type with
   * only {@code v1}, daprd's unstable {@code v0} as well.
   */
  public boolean accepts(String version) {
    String v = version.toLowerCase(Locale.ROOT);
    return versions.contains(v) || (versions.equals(Set.of("v1")) && INITIAL_VERSIONS.contains(v));
  }
}
