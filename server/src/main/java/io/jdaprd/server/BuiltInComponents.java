package io.jdaprd.server;

import io.jdaprd.components.bindings.CronBinding;
import io.jdaprd.components.bindings.HttpBinding;
import io.jdaprd.components.bindings.LocalStorageBinding;
import io.jdaprd.components.crypto.JwksKeyProvider;
import io.jdaprd.components.crypto.LocalStorageKeyProvider;
import io.jdaprd.components.inmemory.InMemoryPubSub;
import io.jdaprd.components.kafka.KafkaBinding;
import io.jdaprd.components.kafka.KafkaPubSub;
import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.components.mqtt.MqttBinding;
import io.jdaprd.components.mqtt.MqttPubSub;
import io.jdaprd.components.nameresolution.InProcessNameResolver;
import io.jdaprd.components.nameresolution.KubernetesNameResolver;
import io.jdaprd.components.nameresolution.MdnsNameResolver;
import io.jdaprd.components.nats.JetStreamPubSub;
import io.jdaprd.components.rabbitmq.RabbitMqBinding;
import io.jdaprd.components.rabbitmq.RabbitMqPubSub;
import io.jdaprd.components.postgresql.PostgresBinding;
import io.jdaprd.components.postgresql.PostgresConfigurationStore;
import io.jdaprd.components.postgresql.PostgresStateStore;
import io.jdaprd.components.redis.RedisBinding;
import io.jdaprd.components.redis.RedisConfigurationStore;
import io.jdaprd.components.redis.RedisLockStore;
import io.jdaprd.components.redis.RedisPubSub;
import io.jdaprd.components.redis.RedisStateStore;
import io.jdaprd.components.secretstores.LocalEnvSecretStore;
import io.jdaprd.components.secretstores.LocalFileSecretStore;
import io.jdaprd.components.sqlite.SqliteNameResolver;
import io.jdaprd.components.sqlite.SqliteStateStore;
import io.jdaprd.core.component.ComponentType;
import io.jdaprd.middleware.http.Bearer;
import io.jdaprd.middleware.http.RateLimit;
import io.jdaprd.middleware.http.RouterChecker;
import io.jdaprd.middleware.http.Uppercase;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.spi.nameresolution.NameResolver;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The component types this runtime ships, listed explicitly: no class-path scanning, no service loader. Aliases are
 * the other names daprd registers the same component under (its {@code cmd/daprd/components} registrations).
 */
final class BuiltInComponents {
  private BuiltInComponents() {
  }

  static ComponentTypes types() {
    return new ComponentTypes()
        .register(new ComponentType("state.in-memory", Set.of("v1"), InMemoryStateStore::new))
        .register(new ComponentType("state.sqlite", Set.of("v1"), SqliteStateStore::new)
            .withAliases("state.sqlite3"))
        .register(new ComponentType("state.redis", Set.of("v1"), RedisStateStore::new))
        .register(new ComponentType(PostgresStateStore.TYPE, Set.of("v1", "v2"), PostgresStateStore::new)
            .withAliases("state.postgres"))
        .register(new ComponentType(RedisConfigurationStore.TYPE, Set.of("v1"), RedisConfigurationStore::new))
        .register(new ComponentType(PostgresConfigurationStore.TYPE, Set.of("v1"), PostgresConfigurationStore::new)
            .withAliases("configuration.postgres"))
        .register(new ComponentType(InMemoryPubSub.TYPE, Set.of("v1"), InMemoryPubSub::new))
        .register(new ComponentType(RedisPubSub.TYPE, Set.of("v1"), RedisPubSub::new))
        .register(new ComponentType(RedisBinding.TYPE, Set.of("v1"), RedisBinding::new))
        .register(new ComponentType(PostgresBinding.TYPE, Set.of("v1"), PostgresBinding::new)
            .withAliases(PostgresBinding.ALIAS))
        .register(new ComponentType(RabbitMqBinding.TYPE, Set.of("v1"), RabbitMqBinding::new))
        .register(new ComponentType(RedisLockStore.TYPE, Set.of("v1"), RedisLockStore::new))
        .register(new ComponentType(RabbitMqPubSub.TYPE, Set.of("v1"), RabbitMqPubSub::new))
        .register(new ComponentType(JetStreamPubSub.TYPE, Set.of("v1"), JetStreamPubSub::new))
        .register(new ComponentType(LocalFileSecretStore.TYPE, Set.of("v1"), LocalFileSecretStore::new))
        .register(new ComponentType(LocalEnvSecretStore.TYPE, Set.of("v1"), LocalEnvSecretStore::new))
        .register(new ComponentType(MqttPubSub.TYPE, Set.of("v1"), MqttPubSub::new).withAliases(MqttPubSub.ALIAS))
        .register(new ComponentType(MqttBinding.TYPE, Set.of("v1"), MqttBinding::new).withAliases(MqttBinding.ALIAS))
        .register(new ComponentType(KafkaPubSub.TYPE, Set.of("v1"), KafkaPubSub::new))
        .register(new ComponentType(KafkaBinding.TYPE, Set.of("v1"), KafkaBinding::new))
        .register(new ComponentType(HttpBinding.TYPE, Set.of("v1"), HttpBinding::new))
        .register(new ComponentType(LocalStorageBinding.TYPE, Set.of("v1"), LocalStorageBinding::new))
        .register(new ComponentType(CronBinding.TYPE, Set.of("v1"), CronBinding::new))
        .register(new ComponentType(LocalStorageKeyProvider.TYPE, Set.of("v1"), LocalStorageKeyProvider::new))
        .register(new ComponentType(JwksKeyProvider.TYPE, Set.of("v1"), JwksKeyProvider::new))
        .register(new ComponentType(Uppercase.TYPE, Set.of("v1"), Uppercase::new))
        .register(new ComponentType(RouterChecker.TYPE, Set.of("v1"), RouterChecker::new))
        .register(new ComponentType(RateLimit.TYPE, Set.of("v1"), RateLimit::new))
        .register(new ComponentType(Bearer.TYPE, Set.of("v1"), Bearer::new));
  }

  /**
   * The name resolvers, by the name a Configuration's {@code spec.nameResolution.component} gives (daprd's
   * {@code cmd/daprd/components} registers mdns, sqlite and kubernetes under the same names, version {@code v1};
   * {@code inprocess}, the sidecars of one JVM, is jdaprd's, for embedded sidecars). Each supplier makes a new,
   * uninitialised resolver.
   */
  static Map<String, Supplier<NameResolver>> nameResolvers() {
    return Map.of(
        MdnsNameResolver.TYPE, MdnsNameResolver::new,
        InProcessNameResolver.TYPE, InProcessNameResolver::new,
        SqliteNameResolver.TYPE, SqliteNameResolver::new,
        KubernetesNameResolver.TYPE, KubernetesNameResolver::new);
  }
}
