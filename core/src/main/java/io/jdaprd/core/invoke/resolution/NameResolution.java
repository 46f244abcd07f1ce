package io.jdaprd.core.invoke.resolution;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * One name resolver as daprd's direct messaging ({@code pkg/messaging/direct_messaging.go}, {@code getRemoteApp})
 * uses it:
 *
 * <ul>
 *   <li>a {@link NameResolver#multi() multi} resolver's answers are cached for {@value #CACHE_TTL_SECONDS} s per
 *       namespace, id and port; {@link #forget} drops an entry (daprd does on an {@code Unavailable} or
 *       {@code Unauthenticated} call);</li>
 *   <li>any other resolver is asked on every call; an empty answer is asked again up to {@value #RETRIES} times,
 *       {@value #RETRY_INTERVAL_MILLIS} ms apart, then fails with {@code resolver returned empty address for app id
 *       <ns>/<id>}; a resolver's error fails at once with its message (daprd's errors are final);</li>
 *   <li>the address is chosen round-robin across the answer, per namespace and id (daprd picks at random among a
 *       multi resolver's answer; its single-answer resolvers choose themselves).</li>
 * </ul>
 *
 * <p>Thread-safe. It does not own the resolver: the runtime initialises and closes it.
 */
public final class NameResolution {
  /** How long a multi resolver's answer is reused. */
  public static final int CACHE_TTL_SECONDS = 20;
  /** How many times an empty answer is asked again. */
  public static final int RETRIES = 5;
  /** The pause before asking again. */
  public static final long RETRY_INTERVAL_MILLIS = 100;

  private record Cached(List<String> addresses, long expiresAtNanos) {
  }

  private final NameResolver resolver;
  private final int ownInternalGrpcPort;
  private final LongSupplier nanoTime;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> turns = new ConcurrentHashMap<>();

  /**
   * @param resolver the initialised resolver
   * @param ownInternalGrpcPort this sidecar's internal gRPC port, passed to the resolver as the request's port (the
   *     {@code kubernetes} resolver answers it as the target's)
   */
  public NameResolution(NameResolver resolver, int ownInternalGrpcPort) {
    this(resolver, ownInternalGrpcPort, System::nanoTime);
  }

  NameResolution(NameResolver resolver, int ownInternalGrpcPort, LongSupplier nanoTime) {
    this.resolver = resolver;
    this.ownInternalGrpcPort = ownInternalGrpcPort;
    this.nanoTime = nanoTime;
  }

  /**
   * One internal gRPC address ({@code host:port}) of a sidecar of {@code appId} in {@code namespace}.
   *
   * @param appId the target app id, without its namespace suffix (the caller splits {@code id.namespace})
   * @param namespace the target namespace, the caller's own when the id names none
   * @throws NameResolutionException with daprd's message when there is none
   * @throws InterruptedException when interrupted while waiting to ask again
   */
  public String resolve(String appId, String namespace) throws NameResolutionException, InterruptedException {
    ResolveRequest request = new ResolveRequest(appId, namespace, ownInternalGrpcPort);
    List<String> addresses = resolver.multi() ? resolveCached(request) : resolveWithRetry(request);
    return pick(namespace + "/" + appId, addresses);
  }

  /** Drops the cached answer for {@code appId} in {@code namespace}, so that the next call asks the resolver. */
  public void forget(String appId, String namespace) {
    cache.remove(cacheKey(new ResolveRequest(appId, namespace, ownInternalGrpcPort)));
  }

  private List<String> resolveCached(ResolveRequest request) throws NameResolutionException {
    String key = cacheKey(request);
    long now = nanoTime.getAsLong();
    Cached cached = cache.get(key);
    if (cached != null && now - cached.expiresAtNanos() < 0) {
      return cached.addresses();
    }
    List<String> addresses = ask(request);
    if (addresses.isEmpty()) {
      cache.remove(key);
      throw emptyAnswer(request);
    }
    cache.put(key, new Cached(addresses, now + Duration.ofSeconds(CACHE_TTL_SECONDS).toNanos()));
    return addresses;
  }

  private List<String> resolveWithRetry(ResolveRequest request)
      throws NameResolutionException, InterruptedException {
    for (int attempt = 0; ; attempt++) {
      List<String> addresses = ask(request);
      if (!addresses.isEmpty()) {
        return addresses;
      }
      if (attempt == RETRIES) {
        throw emptyAnswer(request);
      }
      Thread.sleep(RETRY_INTERVAL_MILLIS);
    }
  }

  private List<String> ask(ResolveRequest request) throws NameResolutionException {
    try {
      List<String> addresses = resolver.resolve(request);
      return addresses == null ? List.of()
          : addresses.stream().filter(address -> address != null && !address.isEmpty()).toList();
    } catch (ComponentException e) {
      throw new NameResolutionException(e.getMessage(), e);
    }
  }

  private String pick(String key, List<String> addresses) {
    if (addresses.size() == 1) {
      return addresses.get(0);
    }
    int turn = turns.computeIfAbsent(key, k -> new AtomicInteger()).getAndIncrement();
    return addresses.get(Math.floorMod(turn, addresses.size()));
  }

  private static NameResolutionException emptyAnswer(ResolveRequest request) {
    return new NameResolutionException(
        "resolver returned empty address for app id " + request.namespace() + "/" + request.id());
  }

  private static String cacheKey(ResolveRequest request) {
    return request.namespace() + "/" + request.id() + "/" + request.port();
  }
}
