package io.jdaprd.server;

import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.components.postgresql.PostgresStateStore;
import io.jdaprd.components.redis.RedisStateStore;
import io.jdaprd.components.sqlite.SqliteStateStore;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.core.component.ComponentTypes;
import java.util.Set;

/** The component types this runtime ships, listed explicitly: no class-path scanning, no service loader. */
final class BuiltInComponents {
  private BuiltInComponents() {
  }

  static ComponentTypes types() {
    return new ComponentTypes()
        .register(new ComponentType("state.in-memory", Set.of("v1"), InMemoryStateStore::new))
        .register(new ComponentType("state.sqlite", Set.of("v1"), SqliteStateStore::new))
        .register(new ComponentType("state.redis", Set.of("v1"), RedisStateStore::new))
        .register(new ComponentType(PostgresStateStore.TYPE, Set.of("v1", "v2"), PostgresStateStore::new));
  }
}
