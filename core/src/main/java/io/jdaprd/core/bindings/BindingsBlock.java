package io.jdaprd.core.bindings;

import io.jdaprd.errors.factories.BindingErrors;

/** Output bindings. No binding component type is built yet, so every output binding is not found, as in daprd. */
public final class BindingsBlock {
  /** Invokes output binding {@code name}: daprd's {@code couldn't find output binding} error. */
  public void invoke(String name) {
    throw BindingErrors.notFound(name);
  }
}
