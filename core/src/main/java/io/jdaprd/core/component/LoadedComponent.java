package io.jdaprd.core.component;

import io.jdaprd.spi.Component;

/**
 * A component that initialised and serves requests.
 *
 * @param definition what the resources said
 * @param instance the initialised instance
 */
public record LoadedComponent(ComponentDefinition definition, Component instance) {

  /** {@code metadata.name}. */
  public String name() {
    return definition.name();
  }
}
