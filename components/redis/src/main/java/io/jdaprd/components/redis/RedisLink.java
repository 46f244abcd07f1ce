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
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One Lettuce client and its single, multiplexed connection to a Redis node, a cluster, or the master behind
 * sentinels. Keys are UTF-8 strings and values bytes. The connection reconnects by itself (after 20 ms, then doubling
 * up to 1 s between attempts); while it is down, commands are refused at once instead of queued, and commands in
 * flight when it broke fail instead of being sent again, so no write is ever applied twice.
 *
 * <p>In a cluster, Lettuce opens the connection to each node only when a command first needs that node, and refuses
 * ("Currently not connected") every command for the node while that connection is still being opened. go-redis
 * instead waits for its dial; so a cluster link opens the connections to every node serving slots before it is
 * handed out, and a command refused in a cluster waits for the connections still being opened before it is sent
 * again (each wait bounded by the dial timeout).
 *
 * <p>Commands that block their connection ({@code XREADGROUP ... BLOCK}) get a {@link #dedicated()} connection of
 * their own, so they never hold up the shared one; such a command may block for up to {@link #LONGEST_BLOCK}, which
 * its timeout allows on top of the command timeout.
 */
final class RedisLink implements AutoCloseable {
  /** What Lettuce says when the server closed the connection before its handshake answer was read. */
  private static final String HANDSHAKE_RACE = "RedisHandshakeHandler not registered";
  /** UTF-8 keys (and hash field names), binary values. */
  static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  /** The longest {@code BLOCK} a command may ask for: its timeout is the command timeout plus this. */
  static final Duration LONGEST_BLOCK = Duration.ofSeconds(1);

  private static final Duration NO_TIMEOUT_HANDSHAKE = Duration.ofSeconds(60);

  private final RedisSettings settings;
  private final ClientResources resources;
  private final AbstractRedisClient client;
  private final RedisURI nodeUri;
  private final StatefulConnection<String, byte[]> connection;
  private final RedisClusterAsyncCommands<String, byte[]> commands;

  /** A connection of its own, for commands that block it; closing it aborts the command in flight. */
  record Dedicated(StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> commands)
      implements AutoCloseable {
    @Override
    public void close() {
      connection.close();
    }
  }

  private RedisLink(RedisSettings settings, ClientResources resources, AbstractRedisClient client, RedisURI nodeUri,
      StatefulConnection<String, byte[]> connection, RedisClusterAsyncCommands<String, byte[]> commands) {
    this.settings = settings;
    this.resources = resources;
    this.client = client;
    this.nodeUri = nodeUri;
    this.connection = connection;
    this.commands = commands;
  }

  /**
   * Connects as {@code settings} say.
   *
   * @param component how error messages name the component, for example {@code redis store statestore}
   * @throws ComponentException when Redis cannot be reached or refuses the credentials; the message names the
   *     component and the address and contains no password
   */
  static RedisLink open(RedisSettings settings, String component) throws ComponentException {
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
        awaitNodeConnections(connection, settings.dialTimeout());
        return new RedisLink(settings, resources, client, null, connection, connection.async());
      }
      RedisClient node = RedisClient.create(resources);
      client = node;
      node.setOptions(options(settings));
      RedisURI uri = nodeUri(settings);
      StatefulRedisConnection<String, byte[]> connection;
      try {
        connection = node.connect(CODEC, uri);
      } catch (RuntimeException e) {
        if (!HANDSHAKE_RACE.equals(RedisFailures.rootMessage(e))) {
          throw e;
        }
        // Lettuce lost the server's answer to its handshake (the server closed first); asking again gets it.
        connection = node.connect(CODEC, uri);
      }
      return new RedisLink(settings, resources, client, uri, connection, connection.async());
    } catch (RuntimeException e) {
      if (client != null) {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      resources.shutdown(0, 2, TimeUnit.SECONDS);
      throw new ComponentException(settings.scrub(component + ": error connecting to redis at "
          + settings.hostText() + ": " + RedisFailures.rootMessage(e)), e);
    }
  }

  /**
   * Writes {@code batch} on the shared connection in one write and one flush, in order. Lettuce's asynchronous API
   * hands each command to the connection's event loop and flushes it on its own (a wake-up and a system call per
   * command); a read of several commands sent this way costs one of each. The commands complete as those of the
   * asynchronous API do (timeouts, refusals while disconnected), so {@link #call} waits for them the same way.
   */
  void sendTogether(List<? extends RedisCommand<String, byte[], ?>> batch) {
    connection.dispatch(batch);
  }

  /**
   * Sends what {@code send} sends on the shared connection and waits for the answer. A command refused because the
   * connection was down (so never sent) is sent again up to {@code redisMaxRetries} times, after a pause that doubles
   * from {@code redisMinRetryInterval} up to {@code redisMaxRetryInterval}.
   *
   * @throws ExecutionException when the command failed (Lettuce's exception is the cause)
   * @throws RuntimeException when sending failed at once
   * @throws InterruptedException when the calling thread was interrupted while waiting
   */
  <T> T call(Function<RedisClusterAsyncCommands<String, byte[]>, ? extends CompletionStage<T>> send)
      throws ExecutionException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      try {
        return send.apply(commands).toCompletableFuture().get();
      } catch (ExecutionException | RuntimeException e) {
        if (attempt >= settings.maxRetries() || !RedisFailures.refusedWhileDisconnected(e)) {
          throw e;
        }
      }
      if (connection instanceof StatefulRedisClusterConnection<String, byte[]> cluster) {
        awaitNodeConnections(cluster, settings.dialTimeout());
      }
      Thread.sleep(backoff(attempt));
    }
  }

  /**
   * Opens another connection with the same settings, for a command that blocks it.
   *
   * @throws io.lettuce.core.RedisException when Redis cannot be reached
   */
  Dedicated dedicated() {
    if (client instanceof RedisClusterClient cluster) {
      StatefulRedisClusterConnection<String, byte[]> own = cluster.connect(CODEC);
      awaitNodeConnections(own, settings.dialTimeout());
      return new Dedicated(own, own.async());
    }
    StatefulRedisConnection<String, byte[]> own = ((RedisClient) client).connect(CODEC, nodeUri);
    return new Dedicated(own, own.async());
  }

  /**
   * Opens a publish/subscribe connection with the same settings (in a cluster, to one node: Redis publishes keyspace
   * notifications only on the node that holds the key). Lettuce subscribes again by itself after a reconnect.
   *
   * @throws io.lettuce.core.RedisException when Redis cannot be reached
   */
  StatefulRedisPubSubConnection<String, byte[]> pubSub() {
    if (client instanceof RedisClusterClient cluster) {
      return cluster.connectPubSub(CODEC);
    }
    return ((RedisClient) client).connectPubSub(CODEC, nodeUri);
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

  /**
   * Asks for the connection to every node that serves slots, as the cluster connection knows them, and waits until
   * each is open or has failed, for at most {@code longest} in all. A node that cannot be reached is left to the
   * commands that need it, which then fail with the reason. An interrupted wait ends at once, the thread's interrupt
   * status kept.
   */
  private static void awaitNodeConnections(StatefulRedisClusterConnection<String, byte[]> cluster, Duration longest) {
    long deadline = System.nanoTime() + longest.toNanos();
    List<CompletableFuture<?>> opening = new ArrayList<>();
    for (RedisClusterNode node : cluster.getPartitions()) {
      if (node.getSlots().isEmpty() || node.getUri() == null) {
        continue;
      }
      try {
        opening.add(cluster.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort()));
      } catch (RuntimeException e) {
        // a node Lettuce will not connect to is reported by the commands that need it
      }
    }
    for (CompletableFuture<?> connecting : opening) {
      try {
        connecting.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // the commands that need this node report why it cannot be reached
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private Duration backoff(int attempt) {
    Duration pause = settings.minRetryInterval().multipliedBy(1L << Math.min(attempt, 20));
    return pause.compareTo(settings.maxRetryInterval()) > 0 ? settings.maxRetryInterval() : pause;
  }

  private static ClientOptions options(RedisSettings settings) {
    return ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(settings.dialTimeout()).keepAlive(true).build())
        .timeoutOptions(settings.commandTimeout() == null
            ? TimeoutOptions.builder().timeoutCommands(false).build()
            : TimeoutOptions.builder().timeoutCommands(true)
                .timeoutSource(new BlockAwareTimeout(settings.commandTimeout())).build())
        .build();
  }

  /** The command timeout, plus {@link #LONGEST_BLOCK} for {@code XREADGROUP}, which may block that long. */
  private static final class BlockAwareTimeout extends TimeoutOptions.TimeoutSource {
    private final long commandMillis;

    BlockAwareTimeout(Duration commandTimeout) {
      this.commandMillis = commandTimeout.toMillis();
    }

    @Override
    public long getTimeout(RedisCommand<?, ?, ?> command) {
      return command.getType() == CommandType.XREADGROUP ? commandMillis + LONGEST_BLOCK.toMillis() : commandMillis;
    }

    @Override
    public TimeUnit getTimeUnit() {
      return TimeUnit.MILLISECONDS;
    }
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
