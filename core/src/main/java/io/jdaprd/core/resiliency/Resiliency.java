package io.jdaprd.core.resiliency;

import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.resiliency.ResiliencySpec.ActorBreakerScope;
import io.jdaprd.core.resiliency.ResiliencySpec.ActorNames;
import io.jdaprd.core.resiliency.ResiliencySpec.BreakerSpec;
import io.jdaprd.core.resiliency.ResiliencySpec.ComponentNames;
import io.jdaprd.core.resiliency.ResiliencySpec.Names;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resiliency policies of this sidecar, as daprd's {@code resiliency.Resiliency}: daprd's built-in retries, then
 * the policies and targets of every {@code Resiliency} resource (a later definition of a name replaces an earlier
 * one). A target without a policy of its own takes the default policies, when defined: {@code DefaultAppRetryPolicy}
 * for apps, {@code DefaultActor...} for actors, {@code Default<Type>Component<Direction>...}, then
 * {@code DefaultComponent<Direction>...}, then {@code DefaultComponent...} for components, and finally
 * {@code DefaultRetryPolicy}, {@code DefaultTimeoutPolicy}, {@code DefaultCircuitBreakerPolicy}.
 *
 * <p>Circuit breakers keep their state per target: per app endpoint ({@code app:method}), per actor type or actor
 * id (the target's {@code circuitBreakerScope}), per component.
 *
 * <p>Metrics, as daprd records them: {@code dapr_resiliency_loaded} per resource; each policy of an app, actor or
 * component target made records its kinds in {@code dapr_resiliency_count} and their activations in {@code
 * dapr_resiliency_activations_total}, labelled with the last resource's name (built-in policies record nothing).
 * Thread-safe.
 */
public final class Resiliency {
  private static final Logger LOG = LoggerFactory.getLogger(Resiliency.class);
  private static final int ENDPOINT_BREAKERS = 100;

  /** daprd's built-in policies. */
  public enum BuiltIn {
    /** Service invocation between sidecars without an app policy: 3 retries, 1s apart. */
    SERVICE_RETRIES("DaprBuiltInServiceRetries"),
    /** Actor calls: 3 retries, 1s apart. */
    ACTOR_RETRIES("DaprBuiltInActorRetries"),
    /** Reminder deliveries: exponential, 500ms up to 60s, for 15m. */
    ACTOR_REMINDER_RETRIES("DaprBuiltInActorReminderRetries"),
    /** An actor that is not found: 5 retries, 1s apart (cannot be overridden). */
    ACTOR_NOT_FOUND_RETRIES("DaprBuiltInActorNotFoundRetries"),
    /** Component and subscription initialisation: exponential, up to 3 retries within 10s. */
    INITIALIZATION_RETRIES("DaprBuiltInInitializationRetries");

    private final String policyName;

    BuiltIn(String policyName) {
      this.policyName = policyName;
    }

    /** The name a {@code Resiliency} resource overrides it with. */
    public String policyName() {
      return policyName;
    }
  }

  /** The kinds of component, as daprd names them in default policy names. */
  public enum ComponentKind {
    BINDING("Binding"), CONFIGURATION("Configuration"), LOCK("Lock"), PUBSUB("Pubsub"), CRYPTO("Crypto"),
    CONVERSATION("Conversation"), SECRETSTORE("Secretstore"), STATESTORE("Statestore");

    private final String text;

    ComponentKind(String text) {
      this.text = text;
    }
  }

  private final Ticker ticker;
  private final Metrics metrics;
  private final String metricsName;
  private final List<String> loaded;
  private final boolean onlyBuiltIn;
  private final java.util.Set<String> overridden = new java.util.HashSet<>();
  private final Map<String, Duration> timeouts = new LinkedHashMap<>();
  private final Map<String, RetrySpec> retries = new LinkedHashMap<>();
  private final Map<String, BreakerSpec> breakers = new LinkedHashMap<>();
  private final Map<String, Names> apps = new LinkedHashMap<>();
  private final Map<String, ActorNames> actors = new LinkedHashMap<>();
  private final Map<String, ComponentNames> components = new LinkedHashMap<>();
  private final Map<String, Map<String, CircuitBreaker>> endpointBreakers = new ConcurrentHashMap<>();
  private final Map<String, Map<String, CircuitBreaker>> actorBreakers = new ConcurrentHashMap<>();
  private final Map<String, CircuitBreaker> componentBreakers = new ConcurrentHashMap<>();

  private Resiliency(List<ResiliencySpec> specs, Ticker ticker, Metrics metrics) {
    this.ticker = ticker;
    this.metrics = metrics;
    retries.put(BuiltIn.SERVICE_RETRIES.policyName, RetrySpec.constant(Duration.ofSeconds(1), 3));
    retries.put(BuiltIn.ACTOR_RETRIES.policyName, RetrySpec.constant(Duration.ofSeconds(1), 3));
    RetrySpec d = RetrySpec.DEFAULT;
    retries.put(BuiltIn.ACTOR_REMINDER_RETRIES.policyName, new RetrySpec(RetrySpec.Kind.EXPONENTIAL, d.duration(),
        Duration.ofMillis(500), 0.5, 1.5, Duration.ofSeconds(60), Duration.ofMinutes(15), -1, StatusCodeMatch.ALL));
    retries.put(BuiltIn.INITIALIZATION_RETRIES.policyName, new RetrySpec(RetrySpec.Kind.EXPONENTIAL,
        Duration.ofSeconds(2), Duration.ofMillis(500), 0.5, 1.5, Duration.ofSeconds(1), Duration.ofSeconds(10), 3,
        StatusCodeMatch.ALL));
    retries.put(BuiltIn.ACTOR_NOT_FOUND_RETRIES.policyName, RetrySpec.constant(Duration.ofSeconds(1), 5));
    for (ResiliencySpec spec : specs) {
      timeouts.putAll(spec.timeouts());
      spec.retries().forEach(this::addRetry);
      breakers.putAll(spec.circuitBreakers());
      apps.putAll(spec.apps());
      actors.putAll(spec.actors());
      components.putAll(spec.components());
    }
    this.loaded = specs.stream().map(ResiliencySpec::name).toList();
    this.onlyBuiltIn = specs.isEmpty();
    this.metricsName = onlyBuiltIn ? "" : loaded.getLast();
    loaded.forEach(metrics::resiliencyLoaded);
  }

  /** The policies of {@code specs} (already filtered for this app), with the system clock, recording nothing. */
  public static Resiliency of(List<ResiliencySpec> specs) {
    return of(specs, Metrics.NONE);
  }

  /** The policies of {@code specs} (already filtered for this app), with the system clock, recording in metrics. */
  public static Resiliency of(List<ResiliencySpec> specs, Metrics metrics) {
    return new Resiliency(specs, Ticker.SYSTEM, metrics);
  }

  /** The policies of {@code specs}, timed by {@code ticker}, recording nothing. */
  public static Resiliency of(List<ResiliencySpec> specs, Ticker ticker) {
    return of(specs, ticker, Metrics.NONE);
  }

  /** The policies of {@code specs}, timed by {@code ticker}, recording in {@code metrics}. */
  public static Resiliency of(List<ResiliencySpec> specs, Ticker ticker, Metrics metrics) {
    return new Resiliency(specs, ticker, metrics);
  }

  /** Only daprd's built-in policies: what a sidecar without {@code Resiliency} resources runs with. */
  public static Resiliency builtIn() {
    return of(List.of());
  }

  private void addRetry(String name, RetrySpec retry) {
    if (name.equals(BuiltIn.ACTOR_NOT_FOUND_RETRIES.policyName)) {
      LOG.warn("Attempted to override protected policy {} which is not allowed. Ignoring provided policy and using "
          + "default.", name);
      return;
    }
    boolean builtIn = java.util.Arrays.stream(BuiltIn.values()).anyMatch(b -> b.policyName.equals(name));
    if (builtIn && retry.maxRetries() < 3) {
      LOG.warn("Attempted override of {} did not meet minimum retry count, resetting to 3.", name);
      retry = retry.withMaxRetries(3);
    }
    retries.put(name, retry);
    if (builtIn) {
      overridden.add(name);
    }
  }

  /** Whether a {@code Resiliency} resource defines {@code policy} (a retry policy of its name), replacing daprd's. */
  public boolean overrides(BuiltIn policy) {
    return overridden.contains(policy.policyName);
  }

  /** The names of the {@code Resiliency} resources loaded, in load order. */
  public List<String> loaded() {
    return loaded;
  }

  /**
   * The policy of a call to {@code app}.
   *
   * @param endpoint the breaker's key: {@code app:method} for an app, the URL for an external service
   */
  public Policy endpoint(String app, String endpoint) {
    if (onlyBuiltIn) {
      return Policy.NONE;
    }
    Names names = apps.get(app);
    boolean own = names != null;
    if (!own) {
      names = defaults(List.of("App"));
    }
    CircuitBreaker breaker = null;
    BreakerSpec template = breakers.get(names.circuitBreaker());
    if (template != null) {
      breaker = lru(endpointBreakers, app, ENDPOINT_BREAKERS)
          .computeIfAbsent(endpoint, key -> breaker(key, template));
    }
    return policy("endpoint[" + app + ", " + endpoint + "]", names, breaker,
        recorder("outbound", Metrics.appTarget(app)));
  }

  /** Whether {@code app} has a policy of its own (a target under {@code apps}). */
  public boolean hasAppPolicy(String app) {
    return apps.containsKey(app);
  }

  /** The policy of a call to an actor, before its lock is taken: retries and the breaker. */
  public Policy actorPreLock(String actorType, String actorId) {
    ActorNames names = actors.get(actorType);
    Names n = names != null ? names.names() : defaults(List.of("Actor"));
    CircuitBreaker breaker = null;
    BreakerSpec template = breakers.get(n.circuitBreaker());
    if (template != null) {
      String key = names == null || names.scope() == ActorBreakerScope.TYPE ? actorType : actorType + "-" + actorId;
      int size = names == null ? ActorNames.DEFAULT_BREAKER_CACHE_SIZE : names.breakerCacheSize();
      breaker = lru(actorBreakers, actorType, size).computeIfAbsent(key, k -> breaker(k, template));
    }
    return new Policy("actor[" + actorType + ", " + actorId + "]", Duration.ZERO, retries.get(n.retry()), breaker,
        ticker, recorder("outbound", Metrics.actorTarget(actorType)));
  }

  /** The policy of a call to an actor, once its lock is held: the timeout. */
  public Policy actorPostLock(String actorType, String actorId) {
    if (onlyBuiltIn) {
      return Policy.NONE;
    }
    ActorNames names = actors.get(actorType);
    Names n = names != null ? names.names() : defaults(List.of("Actor"));
    return new Policy("actor[" + actorType + ", " + actorId + "]", timeouts.get(n.timeout()), null, null, ticker,
        recorder("outbound", Metrics.actorTarget(actorType)));
  }

  /** Whether {@code actorType} has a policy of its own. */
  public boolean hasActorPolicy(String actorType) {
    return actors.containsKey(actorType);
  }

  /** The policy of a call from the sidecar to component {@code name} (a state operation, a publish, ...). */
  public Policy componentOutbound(String name, ComponentKind kind) {
    if (onlyBuiltIn) {
      return Policy.NONE;
    }
    ComponentNames own = components.get(name);
    Names names = own != null ? own.outbound() : defaults(componentLevels(kind, "Outbound"));
    return policy("component[" + name + "] output", names, componentBreaker(name, names),
        recorder("outbound", Metrics.componentTarget(name, kind.text)));
  }

  /** The policy of a delivery from component {@code name} to the app (a pub/sub event, an input binding event). */
  public Policy componentInbound(String name, ComponentKind kind) {
    if (onlyBuiltIn) {
      return Policy.NONE;
    }
    ComponentNames own = components.get(name);
    Names names = own != null ? own.inbound() : defaults(componentLevels(kind, "Inbound"));
    return policy("component[" + name + "] input", names, componentBreaker(name, names),
        recorder("inbound", Metrics.componentTarget(name, kind.text)));
  }

  /** One of daprd's built-in policies (retries only), or its override by a {@code Resiliency} resource. */
  public Policy builtIn(BuiltIn policy) {
    return new Policy(policy.policyName, Duration.ZERO, retries.get(policy.policyName), null, ticker);
  }

  private Policy policy(String name, Names names, CircuitBreaker breaker, PolicyMetrics recorder) {
    return new Policy(name, timeouts.get(names.timeout()), retries.get(names.retry()), breaker, ticker, recorder);
  }

  /** Where a policy of {@code target} records; {@code null} when metrics are off or no resource is loaded. */
  private PolicyMetrics recorder(String direction, String target) {
    return metrics.enabled() && !onlyBuiltIn ? new PolicyMetrics(metrics, metricsName, direction, target) : null;
  }

  private CircuitBreaker componentBreaker(String component, Names names) {
    BreakerSpec template = breakers.get(names.circuitBreaker());
    if (template == null) {
      return null;
    }
    return componentBreakers.computeIfAbsent(component,
        c -> breaker(names.circuitBreaker() + "-" + c, template));
  }

  private CircuitBreaker breaker(String name, BreakerSpec template) {
    return new CircuitBreaker(name, template.maxRequests(), template.interval(), template.timeout(),
        template.tripTest(), ticker::nanoTime);
  }

  private static Map<String, CircuitBreaker> lru(Map<String, Map<String, CircuitBreaker>> caches, String target,
      int size) {
    return caches.computeIfAbsent(target, t -> java.util.Collections.synchronizedMap(
        new LinkedHashMap<String, CircuitBreaker>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CircuitBreaker> eldest) {
            return size() > size;
          }
        }));
  }

  private static List<String> componentLevels(ComponentKind kind, String direction) {
    return List.of(kind.text + "Component" + direction, "Component" + direction, "Component");
  }

  private Names defaults(List<String> levels) {
    return new Names(firstDefined(timeouts, "Default%sTimeoutPolicy", levels),
        firstDefined(retries, "Default%sRetryPolicy", levels),
        firstDefined(breakers, "Default%sCircuitBreakerPolicy", levels));
  }

  private static String firstDefined(Map<String, ?> policies, String template, List<String> levels) {
    for (String level : levels) {
      String name = template.formatted(level);
      if (policies.containsKey(name)) {
        return name;
      }
    }
    String top = template.formatted("");
    return policies.containsKey(top) ? top : "";
  }
}
