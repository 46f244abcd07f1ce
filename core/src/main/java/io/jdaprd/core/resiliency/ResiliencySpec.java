package io.jdaprd.core.resiliency;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One {@code Resiliency} resource, validated: its named policies and the targets that use them.
 *
 * @param name {@code metadata.name}
 * @param scopes the app ids it applies to; empty for all
 * @param timeouts {@code spec.policies.timeouts}
 * @param retries {@code spec.policies.retries}
 * @param circuitBreakers {@code spec.policies.circuitBreakers}
 * @param apps {@code spec.targets.apps}
 * @param actors {@code spec.targets.actors}
 * @param components {@code spec.targets.components}
 */
public record ResiliencySpec(String name, List<String> scopes, Map<String, Duration> timeouts,
    Map<String, RetrySpec> retries, Map<String, BreakerSpec> circuitBreakers, Map<String, Names> apps,
    Map<String, ActorNames> actors, Map<String, ComponentNames> components) {

  /**
   * A circuit breaker template.
   *
   * @param maxRequests requests let through half-open (0: 1)
   * @param interval the period after which a closed breaker clears its counts (0: never)
   * @param timeout how long the breaker stays open (0: 60s)
   * @param trip the {@code trip} expression as written, empty for the default
   * @param tripTest the compiled expression, {@code null} for the default ({@code consecutiveFailures > 5})
   */
  public record BreakerSpec(long maxRequests, Duration interval, Duration timeout, String trip,
      java.util.function.Predicate<CircuitBreaker.Counts> tripTest) {
  }

  /** The policy names of a target; empty for none. */
  public record Names(String timeout, String retry, String circuitBreaker) {
    static final Names NONE = new Names("", "", "");

    boolean isEmpty() {
      return timeout.isEmpty() && retry.isEmpty() && circuitBreaker.isEmpty();
    }
  }

  /** How an actor type's breakers are keyed: one per type, or one per actor id. */
  public enum ActorBreakerScope {
    TYPE, ID, BOTH
  }

  /**
   * The policy names of an actor type.
   *
   * @param breakerCacheSize {@code circuitBreakerCacheSize}: how many breakers of the type are kept, the least
   *     recently used dropped beyond (daprd's 5000 when unset)
   */
  public record ActorNames(Names names, ActorBreakerScope scope, int breakerCacheSize) {
    /** daprd's {@code defaultActorCacheSize}. */
    public static final int DEFAULT_BREAKER_CACHE_SIZE = 5000;

    /** Names with daprd's default cache size. */
    public ActorNames(Names names, ActorBreakerScope scope) {
      this(names, scope, DEFAULT_BREAKER_CACHE_SIZE);
    }
  }

  /** The policy names of a component, each way. */
  public record ComponentNames(Names inbound, Names outbound) {
  }
}
