package io.jdaprd.components.redis;

import io.jdaprd.golang.GoDurations;
import io.jdaprd.golang.Strconv;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.OutputBinding;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * {@code bindings.redis}: an output binding on one Redis key per call, as Dapr's. The key is the request metadata
 * {@code key} (required for every operation); the operations, in daprd's order:
 *
 * <ul>
 *   <li>{@code create}: {@code SET key data}, then {@code EXPIRE} when the request has a TTL; answers nothing.</li>
 *   <li>{@code delete}: {@code DEL key}; answers nothing.</li>
 *   <li>{@code get}: the value's bytes, or an empty answer when the key does not exist; with request metadata
 *       {@code delete: true} the key is read and deleted at once ({@code GETDEL}).</li>
 *   <li>{@code increment}: {@code INCR key}, then {@code EXPIRE} when the request has a TTL; answers nothing.</li>
 * </ul>
 *
 * <p>The TTL is the request metadata {@code ttl} (alias {@code ttlInSeconds}, case-insensitive): a Go duration or a
 * positive number of seconds, applied in whole seconds (so less than a second expires the key at once), as Dapr's
 * {@code metadata.TryGetTTL} reads it. The component metadata is {@code state.redis}'s ({@link RedisSettings}:
 * {@code redisHost}, {@code redisPassword}, {@code redisDB}, {@code redisType}, {@code failover}, {@code enableTLS},
 * timeouts and retries); the component's {@code ttlInSeconds} is accepted and, as in Dapr's binding, not applied.
 *
 * <p>A failure Redis reports is told in Redis's own words (for example
 * {@code ERR value is not an integer or out of range}), as Dapr's binding tells it; an unreachable server is told
 * with the component's name and address, never its password.
 */
public final class RedisBinding implements OutputBinding {
  /** The component type. */
  public static final String TYPE = "bindings.redis";

  private static final List<String> OPERATIONS = List.of("create", "delete", "get", "increment");

  private RedisSettings settings;
  private RedisFailures failures;
  private RedisLink link;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    settings = RedisSettings.from(metadata);
    String label = "redis binding " + metadata.name();
    failures = new RedisFailures(label, settings);
    link = RedisLink.open(settings, label);
    try {
      call("ping", RedisClusterAsyncCommands::ping);
    } catch (BindingException e) {
      link.close();
      throw new ComponentException(e.getMessage(), e);
    }
  }

  @Override
  public List<String> operations() {
    return OPERATIONS;
  }

  /** Sends {@code PING}. */
  @Override
  public void check() throws ComponentException {
    call("ping", RedisClusterAsyncCommands::ping);
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    String key = request.metadata().get("key");
    if (key == null || key.isEmpty()) {
      throw new BindingException("redis binding: missing key in request metadata");
    }
    switch (request.operation()) {
      case "delete" -> call("delete", commands -> commands.del(key));
      case "get" -> {
        byte[] value = "true".equals(request.metadata().get("delete"))
            ? call("get", commands -> commands.getdel(key))
            : call("get", commands -> commands.get(key));
        return value == null ? BindingResponse.EMPTY : new BindingResponse(value, Map.of(), null);
      }
      case "create" -> {
        Optional<Duration> ttl = ttl(request.metadata());
        call("create", commands -> commands.set(key, request.data()));
        expire(key, ttl);
      }
      case "increment" -> {
        Optional<Duration> ttl = ttl(request.metadata());
        call("increment", commands -> commands.incr(key));
        expire(key, ttl);
      }
      default -> throw new BindingException("invalid operation type: " + request.operation());
    }
    return BindingResponse.EMPTY;
  }

  @Override
  public void close() {
    if (link != null) {
      link.close();
    }
  }

  private void expire(String key, Optional<Duration> ttl) throws BindingException {
    if (ttl.isPresent()) {
      call("expire", commands -> commands.expire(key, ttl.get().toSeconds()));
    }
  }

  /**
   * The request's TTL as Dapr's {@code metadata.TryGetTTL} reads it: {@code ttl} or {@code ttlInSeconds} (any case),
   * a Go duration (a negative one counts as zero) or else a positive integer of seconds.
   */
  static Optional<Duration> ttl(Map<String, String> metadata) throws BindingException {
    String value = property(metadata, "ttl");
    if (value == null || value.isEmpty()) {
      value = property(metadata, "ttlInSeconds");
    }
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    Optional<Duration> go = GoDurations.parse(value);
    if (go.isPresent()) {
      return Optional.of(go.get().isNegative() ? Duration.ZERO : go.get());
    }
    long seconds;
    try {
      seconds = Strconv.parseInt(value);
    } catch (NumberFormatException e) {
      throw new BindingException("ttl value must be a valid integer: actual is '" + value + "'");
    }
    if (seconds <= 0) {
      throw new BindingException("ttl value must be higher than zero: actual is '" + seconds + "'");
    }
    return Optional.of(Duration.ofSeconds(Math.min(seconds, Long.MAX_VALUE / 1_000_000_000L)));
  }

  private static String property(Map<String, String> metadata, String name) {
    String exact = metadata.get(name);
    if (exact != null) {
      return exact;
    }
    return metadata.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
        .findFirst().orElse(null);
  }

  private <T> T call(String operation, Function<RedisClusterAsyncCommands<String, byte[]>, CompletionStage<T>> send)
      throws BindingException {
    try {
      return link.call(send);
    } catch (ExecutionException | RuntimeException e) {
      Throwable cause = RedisFailures.unwrap(e);
      if (cause instanceof RedisCommandExecutionException answered) {
        throw new BindingException(settings.scrub(answered.getMessage()), answered);
      }
      throw new BindingException(failures.message(operation, e), cause);
    } catch (InterruptedException e) {
      throw new BindingException(failures.message(operation, e), e);
    }
  }
}
