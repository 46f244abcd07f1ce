package io.jdaprd.bench.load;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/** GET or SET of one key straight to Redis with Lettuce, on a connection of its own: the direct path. */
final class RedisRequester implements Requester {
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisAsyncCommands<byte[], byte[]> commands;
  private final byte[] key;
  private final byte[] value;
  private final boolean get;

  RedisRequester(RedisClient client, Target target, byte[] value) {
    if (!target.op().equals("get") && !target.op().equals("save")) {
      throw new IllegalArgumentException("op: " + target.op() + " (expected for Redis: get or save)");
    }
    this.connection = client.connect(ByteArrayCodec.INSTANCE);
    this.commands = connection.async();
    this.key = target.key().getBytes(StandardCharsets.UTF_8);
    this.value = value;
    this.get = target.op().equals("get");
  }

  @Override
  public CompletableFuture<Integer> send() {
    if (get) {
      return commands.get(key).toCompletableFuture().thenApply(v -> v == null ? 1 : 0);
    }
    return commands.set(key, value).toCompletableFuture().thenApply(ok -> "OK".equals(ok) ? 0 : 1);
  }

  @Override
  public void close() {
    connection.close();
  }
}
