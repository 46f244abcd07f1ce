package io.jdaprd.components.redis;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.lock.LockException;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.lock.UnlockStatus;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * {@code lock.redis}: Dapr's standalone Redis lock, with its data layout, so that daprd and jdaprd sidecars on one
 * Redis contend for the same locks. A lock is one string key (the runtime's {@code lock||<appid>||<resource>}) whose
 * value is the owner, taken with {@code SET key owner EX seconds NX} (taken when Redis answers {@code OK}); a
 * release runs one Lua script that reads the key and deletes it only when it holds the caller's owner, answering
 * -1 when there is no key ({@link UnlockStatus#LOCK_DOES_NOT_EXIST}), -2 when another owner holds it
 * ({@link UnlockStatus#LOCK_BELONGS_TO_OTHERS}) and the number of deleted keys otherwise
 * ({@link UnlockStatus#SUCCESS}).
 *
 * <p>Metadata as {@code state.redis} reads it ({@code redisHost}, {@code redisPassword}, {@code redisDB},
 * {@code failover} with {@code sentinelMasterName}, timeouts and retries). As Dapr's component, it refuses
 * {@code redisType: cluster} and a master with connected replicas unless it reaches it through sentinels
 * ({@code failover}): a lock written to a master that fails before replicating would be lost silently.
 *
 * <p>Locks live only in Redis: when Redis restarts without persistence, every lock is gone (anyone may take it, and
 * the former owner's release answers {@link UnlockStatus#LOCK_DOES_NOT_EXIST}); with an append-only file the locks
 * and their absolute expiry times survive. While Redis is unreachable every call fails at once with a
 * {@link LockException} naming the store and the address; the connection comes back by itself.
 */
public final class RedisLockStore implements LockStore {
  /** The component type. */
  public static final String TYPE = "lock.redis";

  /**
   * Release: -1 without a key, -2 when the key holds another owner, else what {@code DEL} answers (1). The same
   * answers as Dapr's script, which daprd reads the same way.
   */
  static final String UNLOCK_SCRIPT = "local held = redis.call('GET', KEYS[1])\n"
      + "if held == false then return -1 end\n"
      + "if held ~= ARGV[1] then return -2 end\n"
      + "return redis.call('DEL', KEYS[1])\n";

  private static final String CONNECTED_REPLICAS = "connected_slaves:";

  private RedisSettings settings;
  private RedisFailures failures;
  private RedisLink link;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    String label = "redis lock store " + metadata.name();
    settings = RedisSettings.from(metadata);
    if (settings.cluster()) {
      throw new ComponentException(label + ": this component does not support connecting to Redis Cluster");
    }
    failures = new RedisFailures(label, settings);
    link = RedisLink.open(settings, label);
    try {
      if (!settings.failover() && connectedReplicas() > 0) {
        throw new ComponentException(label + ": replication is not supported");
      }
    } catch (ComponentException e) {
      link.close();
      throw e;
    }
  }

  /** Sends {@code PING}. */
  @Override
  public void check() throws ComponentException {
    call("ping", RedisClusterAsyncCommands::ping);
  }

  @Override
  public boolean tryLock(String resourceId, String owner, int expiryInSeconds) throws LockException {
    String answer = call("try lock", commands -> commands.set(resourceId, owner.getBytes(StandardCharsets.UTF_8),
        SetArgs.Builder.nx().ex(expiryInSeconds)));
    return "OK".equals(answer);
  }

  @Override
  public UnlockStatus unlock(String resourceId, String owner) throws LockException {
    Long answer = call("unlock", commands -> commands.<Long>eval(UNLOCK_SCRIPT, ScriptOutputType.INTEGER,
        new String[] {resourceId}, owner.getBytes(StandardCharsets.UTF_8)));
    if (answer == null) {
      throw new LockException(settings.scrub("redis lock store: the unlock script answered nothing"));
    }
    if (answer >= 0) {
      return UnlockStatus.SUCCESS;
    }
    if (answer == -1) {
      return UnlockStatus.LOCK_DOES_NOT_EXIST;
    }
    return answer == -2 ? UnlockStatus.LOCK_BELONGS_TO_OTHERS : UnlockStatus.INTERNAL_ERROR;
  }

  @Override
  public void close() {
    if (link != null) {
      link.close();
      link = null;
    }
  }

  private int connectedReplicas() throws LockException {
    String info = call("reading the replication info", commands -> commands.info("replication"));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(CONNECTED_REPLICAS)) {
        try {
          return Integer.parseInt(line.substring(CONNECTED_REPLICAS.length()).trim());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 0;
  }

  private <T> T call(String operation, Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> send)
      throws LockException {
    try {
      return link.call(send);
    } catch (ExecutionException | RuntimeException | InterruptedException e) {
      throw new LockException(failures.message(operation, e), RedisFailures.unwrap(e));
    }
  }
}
