package io.jdaprd.bench.floor;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.MapOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The floor of a state get on Redis: {@code GET} {@value #PATH_PREFIX}{@code <key>} reads the Redis hash
 * {@value #KEY_PREFIX}{@code <key>} the way {@code state.redis} reads one ({@code HGETALL} and {@code PTTL} sent in
 * one write on one shared Lettuce connection) and answers {@code 200} with its {@code data} field, or {@code 204}
 * when there is none; straight from Armeria's event loop to Lettuce's and back, with nothing else. What a server on
 * this stack pays to serve a Redis read, minus everything a sidecar does around it.
 */
final class RedisFloor implements AutoCloseable {
  /** The path prefix of the floor's Redis read, the sidecar's for a store named {@code redisstore}. */
  static final String PATH_PREFIX = "/v1.0/state/redisstore/";
  /** The prefix of the Redis keys the floor reads. */
  static final String KEY_PREFIX = "floor||";
  private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

  private final RedisClient client;
  private final StatefulRedisConnection<String, byte[]> connection;

  private RedisFloor(RedisClient client, StatefulRedisConnection<String, byte[]> connection) {
    this.client = client;
    this.connection = connection;
  }

  /**
   * Connects to Redis on {@code 127.0.0.1:port} and writes the hash that {@code GET} {@value #PATH_PREFIX}{@code key}
   * reads: {@code data} a JSON string of {@code valueBytes} bytes, {@code version} 1.
   */
  static RedisFloor connect(int port, String key, int valueBytes) {
    RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
    StatefulRedisConnection<String, byte[]> connection = client.connect(CODEC);
    byte[] data = ("\"" + "f".repeat(Math.max(0, valueBytes - 2)) + "\"").getBytes(StandardCharsets.UTF_8);
    connection.sync().hset(KEY_PREFIX + key, Map.of("data", data, "version", "1".getBytes(StandardCharsets.UTF_8)));
    return new RedisFloor(client, connection);
  }

  /** Serves {@code GET} {@value #PATH_PREFIX}{@code <key>}. */
  HttpResponse get(ServiceRequestContext ctx) {
    String key = KEY_PREFIX + ctx.path().substring(PATH_PREFIX.length());
    AsyncCommand<String, byte[], Map<String, byte[]>> hash = new AsyncCommand<>(new Command<>(CommandType.HGETALL,
        new MapOutput<>(CODEC), new CommandArgs<>(CODEC).addKey(key)));
    AsyncCommand<String, byte[], Long> ttl = new AsyncCommand<>(new Command<>(CommandType.PTTL,
        new IntegerOutput<>(CODEC), new CommandArgs<>(CODEC).addKey(key)));
    connection.dispatch(List.of(hash, ttl));
    return HttpResponse.of(hash.thenCombine(ttl, (fields, millis) -> {
      byte[] data = fields == null ? null : fields.get("data");
      return data == null ? HttpResponse.of(HttpStatus.NO_CONTENT) : HttpResponse.of(HttpStatus.OK, MediaType.JSON,
          data);
    }));
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown();
  }
}
