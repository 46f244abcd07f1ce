package io.jdaprd.components.redis;

import io.jdaprd.components.redis.RedisSettings.Address;
import io.jdaprd.spi.ComponentException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce client and its single, multiplexed connection to a Redis node, a cluster, or the master behind
 * sentinels. Keys are UTF-8 strings and values bytes. The connection reconnects by itself (after 20 ms, then doubling
 * up to 1 s between attempts); while it is down, commands are refused at once instead of queued, and commands in
 * flight when it broke fail instead of being sent again, so no write is ever applied twice.
 */
final class RedisLink implements AutoCloseable {
  /** UTF-8 keys (and hash field names), binary values. */
  static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private static final Duration NO_TIMEOUT_HANDSHAKE = Duration.ofSeconds(60);

  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> commands;

  private RedisLink(ClientResources resources, AbstractRedisClient client,
      StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> commands) {
    this.resources = resources;
    this.client = client;
    this.connection = connection;
    this.commands = commands;
  }

  /**
   * Connects as {@code settings} say.
   *
   * @throws ComponentException when Redis cannot be reached or refuses the credentials; the message names the
   *     store and the address and contains no password
   */
  static RedisLink open(RedisSettings settings, String storeName) throws ComponentException {
    ClientResources resources = DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(20), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    AbstractRedisClient client = null;
    try {
      if (settings.cluster()) {
        List<RedisURI> seeds = new ArrayList<>();
        for (Address address : settings.hosts()) {
          seeds.add(uri(settings, address).build());
        }
        RedisClusterClient cluster = RedisClusterClient.create(resources, seeds);
        client = cluster;
        cluster.setOptions(ClusterClientOptions.builder(options(settings))
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .build())
            .build());
        StatefulRedisClusterConnection<String, byte[]> connection = cluster.connect(CODEC);
        return new RedisLink(resources, client, connection, connection.async());
      }
      RedisClient node = RedisClient.create(resources);
      client = node;
      node.setOptions(options(settings));
      StatefulRedisConnection<String, byte[]> connection = node.connect(CODEC, nodeUri(settings));
      return new RedisLink(resources, client, connection, connection.async());
    } catch (RuntimeException e) {
      if (client != null) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      throw new ComponentException(settings.scrub("redis store " + storeName + ": error connecting to redis at "
          + settings.hostText() + ": " + RedisFailures.rootMessage(e)), e);
    }
  }

  /** The commands, asynchronous: the store waits for their futures. */
  RedisClusterAsyncCommands<String, byte[]> commands() {
    return commands;
  }

  @Override
  public void close() {
    try {
      connection.close();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
    }
  }

  private static ClientOptions options(RedisSettings settings) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(settings.dialTimeout()).keepAlive(true).build())
        .timeoutOptions(settings.commandTimeout() == null
            ? TimeoutOptions.builder().timeoutCommands(false).build()
            : TimeoutOptions.enabled(settings.commandTimeout()))
        .build();
  }

  private static RedisURI nodeUri(RedisSettings settings) {
    if (!settings.failover()) {
      return uri(settings, settings.hosts().get(0)).withDatabase(settings.database()).build();
    }
    RedisURI.Builder master = RedisURI.builder()
        .withSentinelMasterId(settings.sentinelMasterName())
        .withDatabase(settings.database())
        .withSsl(settings.tls())
        .withVerifyPeer(settings.verifyPeer())
        .withTimeout(handshakeTimeout(settings));
    credentials(master, settings.username(), settings.password());
    for (Address sentinel : settings.hosts()) {
      RedisURI.Builder uri = RedisURI.builder().withHost(sentinel.host()).withPort(sentinel.port())
          .withSsl(settings.tls()).withVerifyPeer(settings.verifyPeer()).withTimeout(handshakeTimeout(settings));
      credentials(uri, settings.sentinelUsername(), settings.sentinelPassword());
      master.withSentinel(uri.build());
    }
    return master.build();
  }

  private static RedisURI.Builder uri(RedisSettings settings, Address address) {
    RedisURI.Builder uri = RedisURI.builder().withHost(address.host()).withPort(address.port())
        .withSsl(settings.tls()).withVerifyPeer(settings.verifyPeer()).withTimeout(handshakeTimeout(settings));
    return credentials(uri, settings.username(), settings.password());
  }

  private static RedisURI.Builder credentials(RedisURI.Builder uri, String username, String password) {
    if (password != null && username != null) {
      uri.withAuthentication(username, password);
    } else if (password != null) {
      uri.withPassword(password.toCharArray());
    }
    return uri;
  }

  private static Duration handshakeTimeout(RedisSettings settings) {
    return settings.commandTimeout() == null ? NO_TIMEOUT_HANDSHAKE : settings.commandTimeout();
  }
}
