package io.jdaprd.core.runtime;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The building blocks an API adapter serves, by type; the adapters parse, call one of these once, and render. Built
 * by {@link Runtime#assemble}; every block is registered once under its own class.
 */
public final class Blocks {
  private final String appId;
  private final Map<Class<?>, Object> blocks;

  private Blocks(String appId, Map<Class<?>, Object> blocks) {
    this.appId = appId;
    this.blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
  }

  /** This sidecar's app id. */
  public String appId() {
    return appId;
  }

  /**
   * The block of type {@code type}.
   *
   * @throws IllegalArgumentException when no such block was registered
   */
  public <T> T get(Class<T> type) {
    Object block = blocks.get(type);
    if (block == null) {
      throw new IllegalArgumentException("no block of type " + type.getName() + " (registered: "
          + blocks.keySet().stream().map(Class::getSimpleName).toList() + ")");
    }
    return type.cast(block);
  }

  /** A builder for a sidecar of app id {@code appId}. */
  static Builder builder(String appId) {
    return new Builder(appId);
  }

  /** Collects blocks, each under its own class, once. */
  static final class Builder {
    private final String appId;
    private final Map<Class<?>, Object> blocks = new LinkedHashMap<>();

    private Builder(String appId) {
      this.appId = appId;
    }

    /** Registers {@code block} under its class; a second block of one class is a wiring bug. */
    Builder add(Object block) {
      if (blocks.putIfAbsent(block.getClass(), block) != null) {
        throw new IllegalStateException("block registered twice: " + block.getClass().getName());
      }
      return this;
    }

    Blocks build() {
      return new Blocks(appId, blocks);
    }
  }
}
