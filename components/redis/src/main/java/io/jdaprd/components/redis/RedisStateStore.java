package io.jdaprd.components.redis;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.Consistency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation;
import io.jdaprd.spi.state.TransactionalStateStore;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.MapOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * {@code state.redis}: state in Redis, laid out exactly as Dapr's store lays it out, so daprd and jdaprd can share a
 * database. Each key is a hash with the fields {@code data} (the value's bytes) and {@code version} (the ETag: an
 * integer, 1 after the first write, counted up by every write); a TTL is the key's own expiry. Features ETAG,
 * TRANSACTIONAL and TTL.
 *
 * <p>Metadata, as Dapr's: {@code redisHost} (required; {@code host:port}, a comma-separated list for a cluster or for
 * sentinels), {@code redisPort}, {@code redisUsername}, {@code redisPassword}, {@code redisDB} (0), {@code redisType}
 * ({@code node} or {@code cluster}), {@code failover} with {@code sentinelMasterName} (and {@code sentinelUsername},
 * {@code sentinelPassword}) for sentinels, {@code enableTLS}, {@code insecureSkipTLSVerify}, {@code ttlInSeconds}
 * (the TTL of writes that have none), {@code dialTimeout} (5s), {@code readTimeout}/{@code writeTimeout} (2s),
 * {@code redisMaxRetries} (3, alias {@code maxRetries}), {@code redisMinRetryInterval} (8ms) and
 * {@code redisMaxRetryInterval} (512ms).
 *
 * <p>Every write runs one Lua script ({@link WriteScript}) that checks ETags and first-write with the rules of
 * daprd's scripts (an ETag on an absent key writes; last-write ignores the ETag; a key once written under first-write
 * refuses writes without its ETag) and then writes, so writes are atomic per key and a transaction applies all of its
 * operations or none (Dapr's own store cannot undo the operations of a transaction before a failing one). A set's
 * ETag must be an integer unless the set is last-write (otherwise {@link io.jdaprd.spi.state.EtagInvalidException}
 * with Go's {@code strconv} text, as daprd); a write without
 * {@code ttlInSeconds} and without a component default removes an earlier expiry. In cluster mode, a transaction
 * whose keys lie in several hash slots succeeds, as daprd's (which sends one {@code MULTI} per slot): its writes are
 * checked slot by slot, and only when every check passes applied slot by slot, so a failing check leaves nothing,
 * but a concurrent write between the check and the apply can fail one slot's writes after others were applied.
 * {@code ttlExpireTime} is reported from the key's remaining time to live.
 *
 * <p>Reads pipeline {@code HGETALL} and {@code PTTL}; a key holding a plain string (an old Dapr layout) reads as
 * that value without an ETag. Commands time out after {@code readTimeout}; while the connection is down they fail at
 * once (after {@code redisMaxRetries} short retries) with a {@link StateException} that names the store, and the
 * connection comes back by itself when Redis does. Thread-safe: all requests share one multiplexed connection.
 */
public final class RedisStateStore implements TransactionalStateStore {
  /** The component type. */
  public static final String TYPE = "state.redis";

  private static final Set<StateFeature> FEATURES =
      Collections.unmodifiableSet(EnumSet.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL));
  private static final String EXPIRE_TIME_KEY = "ttlExpireTime";
  private static final String CONNECTED_REPLICAS = "connected_slaves:";

  private String name;
  private RedisSettings settings;
  private RedisFailures failures;
  private RedisLink link;
  private int replicas;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    name = metadata.name();
    settings = RedisSettings.from(metadata);
    failures = new RedisFailures("redis store " + name, settings);
    link = RedisLink.open(settings, "redis store " + name);
    try {
      replicas = settings.cluster() ? 0 : connectedReplicas();
    } catch (StateException e) {
      link.close();
      throw new ComponentException(e.getMessage(), e);
    }
  }

  @Override
  public Set<StateFeature> features() {
    return FEATURES;
  }

  /** Sends {@code PING}. */
  @Override
  public void check() throws ComponentException {
    call("ping", RedisClusterAsyncCommands::ping);
  }

  @Override
  public Optional<StoredValue> get(GetRequest request) throws StateException {
    return read("get", List.of(request)).get(0);
  }

  /** Reads every key in one pipeline. */
  @Override
  public List<Optional<StoredValue>> bulkGet(List<GetRequest> requests) throws StateException {
    return requests.isEmpty() ? List.of() : read("bulk get", requests);
  }

  @Override
  public void set(SetRequest request) throws StateException {
    write("set", List.of(WriteScript.of(new TransactionOperation.Upsert(request), settings.defaultTtlSeconds(),
        false)));
    if (request.consistency() == Consistency.STRONG && replicas > 0) {
      call("waiting for " + replicas + " replicas to acknowledge the write",
          commands -> commands.waitForReplication(replicas, 1000));
    }
  }

  @Override
  public void delete(DeleteRequest request) throws StateException {
    write("delete", List.of(WriteScript.of(new TransactionOperation.Delete(request), null, false)));
  }

  /**
   * Runs every operation in one script: all of them are applied, or none when a check fails. In cluster mode, keys
   * of several hash slots take one script per slot, as the class describes.
   */
  @Override
  public void multi(List<TransactionOperation> operations, Map<String, String> metadata) throws StateException {
    if (operations.isEmpty()) {
      return;
    }
    List<WriteScript.Write> writes = new ArrayList<>(operations.size());
    for (TransactionOperation operation : operations) {
      writes.add(WriteScript.of(operation, settings.defaultTtlSeconds(), true));
    }
    Collection<List<WriteScript.Write>> slots = settings.cluster() ? bySlot(writes) : List.of(writes);
    if (slots.size() == 1) {
      write("transaction", writes);
      return;
    }
    Map<WriteScript.Write, Integer> order = new IdentityHashMap<>();
    writes.forEach(w -> order.put(w, order.size()));
    List<WriteScript.Write> failedSlot = null;
    long failedResult = 0;
    for (List<WriteScript.Write> slot : slots) {
      long result = call("transaction", commands -> WriteScript.send(commands, slot, true));
      if (result != 0 && (failedSlot == null || order.get(slot.get((int) Math.abs(result) - 1))
          < order.get(failedSlot.get((int) Math.abs(failedResult) - 1)))) {
        failedSlot = slot;
        failedResult = result;
      }
    }
    if (failedSlot != null) {
      WriteScript.check(failedResult, failedSlot, name);
    }
    for (List<WriteScript.Write> slot : slots) {
      write("transaction", slot);
    }
  }

  /** {@code writes} grouped by the hash slot of their keys, in order within each group. */
  private static Collection<List<WriteScript.Write>> bySlot(List<WriteScript.Write> writes) {
    Map<Integer, List<WriteScript.Write>> slots = new LinkedHashMap<>();
    for (WriteScript.Write w : writes) {
      slots.computeIfAbsent(SlotHash.getSlot(w.key()), slot -> new ArrayList<>()).add(w);
    }
    return slots.values();
  }

  @Override
  public void close() {
    if (link != null) {
      link.close();
    }
  }

  private void write(String operation, List<WriteScript.Write> writes) throws StateException {
    long result = call(operation, commands -> WriteScript.send(commands, writes));
    WriteScript.check(result, writes, name);
  }

  private List<Optional<StoredValue>> read(String operation, List<GetRequest> requests) throws StateException {
    for (GetRequest request : requests) {
      if (request.key() == null || request.key().isEmpty()) {
        throw new StateException("missing key in " + operation + " operation");
      }
    }
    return call(operation, commands -> {
      List<RedisCommand<String, byte[], ?>> batch = new ArrayList<>(2 * requests.size());
      List<CompletableFuture<Optional<StoredValue>>> reads = new ArrayList<>(requests.size());
      for (GetRequest request : requests) {
        reads.add(read(commands, batch, request.key()));
      }
      link.sendTogether(batch);
      return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
          .thenApply(done -> reads.stream().map(CompletableFuture::join).toList());
    });
  }

  /**
   * {@code HGETALL} and {@code PTTL} of one key, added to {@code batch} (sent at once with the other keys' commands);
   * {@code GET} when the key is not a hash.
   */
  private static CompletableFuture<Optional<StoredValue>> read(RedisClusterAsyncCommands<String, byte[]> commands,
      List<RedisCommand<String, byte[], ?>> batch, String key) {
    AsyncCommand<String, byte[], Map<String, byte[]>> hash = new AsyncCommand<>(new Command<>(CommandType.HGETALL,
        new MapOutput<>(RedisLink.CODEC), new CommandArgs<>(RedisLink.CODEC).addKey(key)));
    AsyncCommand<String, byte[], Long> ttl = new AsyncCommand<>(new Command<>(CommandType.PTTL,
        new IntegerOutput<>(RedisLink.CODEC), new CommandArgs<>(RedisLink.CODEC).addKey(key)));
    batch.add(hash);
    batch.add(ttl);
    return hash.handle((fields, failure) -> {
      if (failure == null) {
        return CompletableFuture.completedFuture(fromHash(fields));
      }
      if (RedisFailures.wrongType(failure)) {
        return commands.get(key).toCompletableFuture()
            .thenApply(plain -> Optional.ofNullable(plain).map(data -> new StoredValue(data, null, Map.of())));
      }
      return CompletableFuture.<Optional<StoredValue>>failedFuture(failure);
    }).thenCompose(f -> f).thenCombine(ttl, RedisStateStore::withExpireTime);
  }

  private static Optional<StoredValue> fromHash(Map<String, byte[]> fields) {
    if (fields == null || fields.isEmpty()) {
      return Optional.empty();
    }
    byte[] data = fields.get("data");
    byte[] version = fields.get("version");
    if (data == null || version == null) {
      throw new CompletionException(new StateException("required hash field 'data' or 'version' was not found"));
    }
    return Optional.of(new StoredValue(data, new String(version, StandardCharsets.UTF_8), Map.of()));
  }

  private static Optional<StoredValue> withExpireTime(Optional<StoredValue> value, Long ttlMillis) {
    if (value.isEmpty() || ttlMillis == null || ttlMillis <= 0) {
      return value;
    }
    String expires = Instant.now().plusMillis(ttlMillis).truncatedTo(ChronoUnit.SECONDS).toString();
    return Optional.of(new StoredValue(value.get().data(), value.get().etag(), Map.of(EXPIRE_TIME_KEY, expires)));
  }

  /** How many replicas the server has, for Dapr's strong consistency ({@code WAIT} after a set). */
  private int connectedReplicas() throws StateException {
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

  /** Sends what {@code send} sends and waits for the answer, as {@link RedisLink#call} does. */
  private <T> T call(String operation, Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> send)
      throws StateException {
    try {
      return link.call(send);
    } catch (ExecutionException | RuntimeException e) {
      if (RedisFailures.unwrap(e) instanceof StateException stateException) {
        throw stateException;
      }
      throw failures.of(operation, e);
    } catch (InterruptedException e) {
      throw failures.of(operation, e);
    }
  }
}
