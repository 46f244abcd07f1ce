package io.jdaprd.components.redis;

import io.jdaprd.golang.Strconv;
import io.jdaprd.spi.state.Concurrency;
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
 * in a hash per key with the fields {@code data} (the bytes), {@code version} (the ETag, an integer counted up by
 * every write from 1) and, once the key was written under first-write, {@code first-write}. The script first checks
 * every write in order against what the earlier ones will leave, with daprd's rules, and only then applies them, so
 * a failing check changes nothing. Each set also makes the key expire ({@code EXPIRE}) or not ({@code PERSIST}).
 *
 * <p>daprd's rules, from its scripts: a set goes through when the key has no {@code version} (absent, whatever ETag
 * is sent), when the ETag equals {@code version}, or when it is sent without ETag (or under last-write, which
 * ignores the ETag) and the key has no {@code first-write} mark. A delete goes through when the key has no
 * {@code version}, when the ETag equals it, or when it is sent without ETag. A set under first-write (outside a
 * transaction, as daprd's transactions do not pass the flag) marks the key; a delete removes the mark with the key.
 *
 * <p>Sent with {@code checkOnly}, it only checks and applies nothing: a transaction over keys of several cluster
 * slots is checked slot by slot before it is applied slot by slot.
 *
 * <p>It returns 0 when every write was applied (or, checking only, would be), {@code i} when the check of the i-th
 * write (from 1) failed, and {@code -i} when the i-th key's {@code version} is not an integer. A key of another
 * type than hash (an old plain value) counts as absent and is replaced by a set, as Dapr's script does.
 */
final class WriteScript {
  static final String TEXT = """
      local seen = {}
      local function state(key)
        local s = seen[key]
        if s == nil then
          local version = redis.pcall('HGET', key, 'version')
          if type(version) == 'table' then
            s = {version = false, marked = false}
          else
            s = {version = version, marked = redis.call('HGET', key, 'first-write') ~= false}
          end
          seen[key] = s
        end
        return s
      end
      for i = 1, #KEYS do
        local s, at = state(KEYS[i]), (i - 1) * 5
        local etag = ARGV[at + 2]
        local free = not s.version or s.version == '' or s.version == etag
        if ARGV[at + 1] == 'set' then
          if not (free or (not s.marked and etag == '0')) then return i end
          if s.version and not string.match(s.version, '^%-?%d+$') then return -i end
          s.version = string.format('%d', (tonumber(s.version) or 0) + 1)
          s.marked = s.marked or ARGV[at + 3] == '1'
        else
          if not (free or etag == '0') then return i end
          s.version, s.marked = false, false
        end
      end
      if ARGV[#KEYS * 5 + 1] == 'check' then return 0 end
      for i = 1, #KEYS do
        local key, at = KEYS[i], (i - 1) * 5
        if ARGV[at + 1] == 'set' then
          local kind = redis.call('TYPE', key)['ok']
          if kind ~= 'hash' and kind ~= 'none' then redis.call('DEL', key) end
          redis.call('HSET', key, 'data', ARGV[at + 5])
          if ARGV[at + 3] == '1' then redis.call('HSET', key, 'first-write', 0) end
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
  /** What daprd sends for "no ETag": no stored version is 0, so it only matches through the script's other rules. */
  private static final String NO_ETAG = "0";

  /**
   * One write, checked and encoded before it is sent.
   *
   * @param etag what the stored {@code version} is compared with: the request's ETag, or {@code "0"} for a write
   *     without one and for a set under last-write, as daprd sends it
   * @param hasEtag whether the request carried an ETag, which makes a failure an ETag mismatch, as in daprd
   * @param markFirstWrite whether the set marks the key as written under first-write
   * @param ttl the seconds to live, or {@code ""} for no expiry
   */
  record Write(String key, boolean delete, String etag, boolean hasEtag, boolean markFirstWrite, String ttl,
      byte[] value, boolean inTransaction) {
  }

  private WriteScript() {
  }

  /**
   * Checks and encodes {@code operation}. A set's ETag must be an integer, as daprd parses it, except under
   * last-write, where daprd ignores it; a delete's ETag is compared as text, as daprd's script does.
   *
   * @param defaultTtl the component's {@code ttlInSeconds}, used when the request has none, or {@code null}
   * @param inTransaction whether the write is part of a transaction, whose error text has Dapr's ETag prefix
   */
  static Write of(TransactionOperation operation, Integer defaultTtl, boolean inTransaction) throws StateException {
    if (operation instanceof TransactionOperation.Delete delete) {
      DeleteRequest r = delete.request();
      requireKey(r.key(), "delete");
      boolean hasEtag = r.etag() != null && !r.etag().isEmpty();
      return new Write(r.key(), true, hasEtag ? r.etag() : NO_ETAG, hasEtag, false, "", EMPTY, inTransaction);
    }
    SetRequest r = ((TransactionOperation.Upsert) operation).request();
    requireKey(r.key(), "set");
    if (r.value() == null) {
      throw new StateException("missing value in set operation for key " + r.key());
    }
    boolean hasEtag = r.etag() != null && !r.etag().isEmpty();
    String etag = NO_ETAG;
    if (hasEtag && r.concurrency() != Concurrency.LAST_WRITE) {
      try {
        etag = Long.toString(Strconv.atoi(r.etag()));
      } catch (NumberFormatException e) {
        throw new EtagInvalidException(inTransaction ? "invalid etag value: " + e.getMessage() : e.getMessage());
      }
    }
    return new Write(r.key(), false, etag, hasEtag, r.firstWrite() && !inTransaction, ttl(r.metadata(), defaultTtl),
        r.value(), inTransaction);
  }

  /** Runs the script for {@code writes}; falls back from {@code EVALSHA} to {@code EVAL} when Redis lost it. */
  static CompletableFuture<Long> send(RedisClusterAsyncCommands<String, byte[]> commands, List<Write> writes) {
    return send(commands, writes, false);
  }

  /**
   * Runs the script for {@code writes}, all of whose keys must be in one hash slot in cluster mode; with
   * {@code checkOnly} it only answers whether they would be applied, and applies nothing.
   */
  static CompletableFuture<Long> send(RedisClusterAsyncCommands<String, byte[]> commands, List<Write> writes,
      boolean checkOnly) {
    String[] keys = new String[writes.size()];
    byte[][] args = new byte[writes.size() * 5 + 1][];
    for (int i = 0; i < keys.length; i++) {
      Write w = writes.get(i);
      keys[i] = w.key();
      args[i * 5] = ascii(w.delete() ? "del" : "set");
      args[i * 5 + 1] = w.etag().getBytes(StandardCharsets.UTF_8);
      args[i * 5 + 2] = ascii(w.markFirstWrite() ? "1" : "0");
      args[i * 5 + 3] = ascii(w.ttl());
      args[i * 5 + 4] = w.value();
    }
    args[args.length - 1] = ascii(checkOnly ? "check" : "apply");
    return commands.<Long>evalsha(SHA, ScriptOutputType.INTEGER, keys, args).toCompletableFuture()
        .handle((result, failure) -> failure == null ? CompletableFuture.completedFuture(result)
            : RedisFailures.noScript(failure)
                ? commands.<Long>eval(TEXT, ScriptOutputType.INTEGER, keys, args).toCompletableFuture()
                : CompletableFuture.<Long>failedFuture(failure))
        .thenCompose(f -> f);
  }

  /**
   * Throws what the script's {@code result} for {@code writes} means, if it is a failure: as daprd, a refused delete
   * or a refused set that carried an ETag is an ETag mismatch; a refused set without one (a key marked by
   * first-write) is a plain failure, which daprd reports as {@code failed to set key <key>: <script error>}.
   */
  static void check(long result, List<Write> writes, String storeName) throws StateException {
    if (result == 0) {
      return;
    }
    Write failed = writes.get((int) Math.abs(result) - 1);
    if (result < 0) {
      throw new StateException("redis store " + storeName + ": cannot write key " + failed.key()
          + ": its hash field version is not an integer");
    }
    if (failed.delete()) {
      throw new EtagMismatchException("failed to delete " + failed.key());
    }
    String refused = "failed to set key " + failed.key();
    if (failed.hasEtag()) {
      throw new EtagMismatchException(refused);
    }
    throw new StateException(failed.inTransaction() ? refused : refused + ": " + refused);
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
