package io.jdaprd.components.redis;

import io.jdaprd.golang.Strconv;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.EtagInvalidException;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.TransactionOperation;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The one Lua script every write runs: a set, a delete, or a whole transaction. Values are kept as Dapr keeps them,
 * in a hash per key with the fields {@code data} (the bytes) and {@code version} (the ETag, an integer counted up by
 * every write from 1). The script first checks every write in order against what the earlier ones will leave (the
 * ETag must equal {@code version}; first-write without ETag needs a missing key) and only then applies them, so a
 * failing check changes nothing. Each set also makes the key expire ({@code EXPIRE}) or not ({@code PERSIST}).
 *
 * <p>It returns 0 when every write was applied, {@code i} when the check of the i-th write (from 1) failed, and
 * {@code -i} when the i-th key's {@code version} is not an integer. A key of another type than hash (an old plain
 * value) counts as existing without an ETag and is replaced by a set, as Dapr's script does.
 */
final class WriteScript {
  static final String TEXT = """
      local seen = {}
      local function state(key)
        local s = seen[key]
        if s == nil then
          local version = redis.pcall('HGET', key, 'version')
          if type(version) == 'table' then
            s = {exists = true, version = false}
          else
            s = {exists = version ~= false or redis.call('EXISTS', key) == 1, version = version}
          end
          seen[key] = s
        end
        return s
      end
      for i = 1, #KEYS do
        local s, at = state(KEYS[i]), (i - 1) * 5
        local etag = ARGV[at + 2]
        if etag ~= '' then
          if s.version ~= etag then return i end
        elseif ARGV[at + 1] == 'set' and ARGV[at + 3] == '1' and s.exists then
          return i
        end
        if ARGV[at + 1] == 'set' then
          if s.version and not string.match(s.version, '^%-?%d+$') then return -i end
          s.exists = true
          s.version = string.format('%d', (tonumber(s.version) or 0) + 1)
        else
          s.exists, s.version = false, false
        end
      end
      for i = 1, #KEYS do
        local key, at = KEYS[i], (i - 1) * 5
        if ARGV[at + 1] == 'set' then
          local kind = redis.call('TYPE', key)['ok']
          if kind ~= 'hash' and kind ~= 'none' then redis.call('DEL', key) end
          redis.call('HSET', key, 'data', ARGV[at + 5])
          redis.call('HINCRBY', key, 'version', 1)
          if ARGV[at + 4] == '' then redis.call('PERSIST', key) else redis.call('EXPIRE', key, ARGV[at + 4]) end
        else
          redis.call('DEL', key)
        end
      end
      return 0
      """;
  static final String SHA = sha1(TEXT);

  private static final String TTL_KEY = "ttlInSeconds";
  /** Redis refuses expiry times whose milliseconds from now overflow; stay far below that. */
  private static final long MAX_TTL_SECONDS = Long.MAX_VALUE / 1000 / 2;
  private static final byte[] EMPTY = new byte[0];

  /**
   * One write, checked and encoded before it is sent.
   *
   * @param etag the ETag the stored {@code version} must equal, or {@code ""} for none
   * @param ttl the seconds to live, or {@code ""} for no expiry
   */
  record Write(String key, boolean delete, String etag, boolean firstWrite, String ttl, byte[] value) {
  }

  private WriteScript() {
  }

  /**
   * Checks and encodes {@code operation}. A set's ETag must be an integer, as Dapr parses it; a delete's ETag is
   * compared as text, as Dapr's script does.
   *
   * @param defaultTtl the component's {@code ttlInSeconds}, used when the request has none, or {@code null}
   * @param inTransaction whether the write is part of a transaction, whose error text has Dapr's ETag prefix
   */
  static Write of(TransactionOperation operation, Integer defaultTtl, boolean inTransaction) throws StateException {
    if (operation instanceof TransactionOperation.Delete delete) {
      DeleteRequest r = delete.request();
      requireKey(r.key(), "delete");
      return new Write(r.key(), true, r.etag() == null ? "" : r.etag(), false, "", EMPTY);
    }
    SetRequest r = ((TransactionOperation.Upsert) operation).request();
    requireKey(r.key(), "set");
    if (r.value() == null) {
      throw new StateException("missing value in set operation for key " + r.key());
    }
    String etag = "";
    if (r.etag() != null) {
      try {
        etag = Long.toString(Strconv.atoi(r.etag()));
      } catch (NumberFormatException e) {
        throw new EtagInvalidException(inTransaction ? "invalid etag value: " + e.getMessage() : e.getMessage());
      }
    }
    return new Write(r.key(), false, etag, r.firstWrite(), ttl(r.metadata(), defaultTtl), r.value());
  }

  /** Runs the script for {@code writes}; falls back from {@code EVALSHA} to {@code EVAL} when Redis lost it. */
  static CompletableFuture<Long> send(RedisClusterAsyncCommands<String, byte[]> commands, List<Write> writes) {
    String[] keys = new String[writes.size()];
    byte[][] args = new byte[writes.size() * 5][];
    for (int i = 0; i < keys.length; i++) {
      Write w = writes.get(i);
      keys[i] = w.key();
      args[i * 5] = ascii(w.delete() ? "del" : "set");
      args[i * 5 + 1] = w.etag().getBytes(StandardCharsets.UTF_8);
      args[i * 5 + 2] = ascii(w.firstWrite() ? "1" : "0");
      args[i * 5 + 3] = ascii(w.ttl());
      args[i * 5 + 4] = w.value();
    }
    return commands.<Long>evalsha(SHA, ScriptOutputType.INTEGER, keys, args).toCompletableFuture()
        .handle((result, failure) -> failure == null ? CompletableFuture.completedFuture(result)
            : RedisFailures.noScript(failure)
                ? commands.<Long>eval(TEXT, ScriptOutputType.INTEGER, keys, args).toCompletableFuture()
                : CompletableFuture.<Long>failedFuture(failure))
        .thenCompose(f -> f);
  }

  /** Throws what the script's {@code result} for {@code writes} means, if it is a failure. */
  static void check(long result, List<Write> writes, String storeName) throws StateException {
    if (result == 0) {
      return;
    }
    Write failed = writes.get((int) Math.abs(result) - 1);
    if (result < 0) {
      throw new StateException("redis store " + storeName + ": cannot write key " + failed.key()
          + ": its hash field version is not an integer");
    }
    throw new EtagMismatchException(
        failed.delete() ? "failed to delete " + failed.key() : "failed to set key " + failed.key());
  }

  /** As Dapr: {@code ttlInSeconds} is a 64-bit integer; positive expires, zero or negative never expires. */
  private static String ttl(Map<String, String> metadata, Integer defaultTtl) throws StateException {
    String text = metadata.get(TTL_KEY);
    long seconds;
    if (text == null || text.isEmpty()) {
      seconds = defaultTtl == null ? 0 : defaultTtl;
    } else {
      try {
        seconds = Strconv.parseInt(text);
      } catch (NumberFormatException e) {
        throw new StateException("failed to parse ttl from metadata: " + e.getMessage());
      }
    }
    if (seconds > MAX_TTL_SECONDS) {
      throw new StateException("failed to parse ttl from metadata: " + TTL_KEY + ": " + text + " (expected: at most "
          + MAX_TTL_SECONDS + ")");
    }
    return seconds > 0 ? Long.toString(seconds) : "";
  }

  private static void requireKey(String key, String operation) throws StateException {
    if (key == null || key.isEmpty()) {
      throw new StateException("missing key in " + operation + " operation");
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
  }
}
