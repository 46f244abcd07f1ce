package io.jdaprd.core.metadata;

import io.jdaprd.core.actors.ActorRuntimeStatus;
import io.jdaprd.core.bindings.Bindings;
import io.jdaprd.core.pubsub.routing.TopicSubscription;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreFeature;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubFeature;
import java.util.function.Supplier;
import io.jdaprd.core.component.Components;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.component.LoadedComponent;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import java.util.Comparator;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata API. Extended metadata is what the app set through {@code PUT /v1.0/metadata/{key}}, plus
 * {@code daprRuntimeVersion}, plus, under {@code jdaprd.resourceErrors}, one line per resource that could not be
 * loaded.
 */
public final class MetadataBlock {
  /** The extended-metadata key under which load problems are reported. */
  public static final String RESOURCE_ERRORS = "jdaprd.resourceErrors";
  /** The capability daprd adds to every state store that can hold actor state. */
  public static final String ACTOR = "ACTOR";
  /** The order in which daprd's state stores list their features. */
  private static final List<StateFeature> STATE_FEATURE_ORDER = List.of(StateFeature.ETAG,
      StateFeature.TRANSACTIONAL, StateFeature.TTL, StateFeature.DELETE_WITH_PREFIX, StateFeature.QUERY_API,
      StateFeature.PARTITION_KEY, StateFeature.KEYS_LIKE);

  private final String appId;
  private final String runtimeVersion;
  private final Components components;
  private final MetadataView.AppConnection appConnection;
  private final Supplier<List<TopicSubscription>> subscriptions;
  private final List<String> httpEndpoints;
  private final Supplier<ActorRuntimeStatus> actorRuntime;
  private final Map<String, String> extended = new ConcurrentHashMap<>();
  private final List<String> enabledFeatures;

  /**
   * @param subscriptions the running pub/sub subscriptions, asked on every read
   */
  public MetadataBlock(String appId, String runtimeVersion, Components components,
      MetadataView.AppConnection appConnection, Supplier<List<TopicSubscription>> subscriptions) {
    this(appId, runtimeVersion, components, appConnection, subscriptions, List.of());
  }

  /**
   * @param subscriptions the running pub/sub subscriptions, asked on every read
   * @param httpEndpoints the names of the loaded {@code HTTPEndpoint}s
   */
  public MetadataBlock(String appId, String runtimeVersion, Components components,
      MetadataView.AppConnection appConnection, Supplier<List<TopicSubscription>> subscriptions,
      List<String> httpEndpoints) {
    this(appId, runtimeVersion, components, appConnection, subscriptions, httpEndpoints,
        () -> ActorRuntimeStatus.DISABLED);
  }

  /**
   * @param subscriptions the running pub/sub subscriptions, asked on every read
   * @param httpEndpoints the names of the loaded {@code HTTPEndpoint}s
   * @param actorRuntime the actor runtime's state, asked on every read
   */
  public MetadataBlock(String appId, String runtimeVersion, Components components,
      MetadataView.AppConnection appConnection, Supplier<List<TopicSubscription>> subscriptions,
      List<String> httpEndpoints, Supplier<ActorRuntimeStatus> actorRuntime) {
    this(appId, runtimeVersion, components, appConnection, subscriptions, httpEndpoints, actorRuntime, List.of());
  }

  /**
   * @param subscriptions the running pub/sub subscriptions, asked on every read
   * @param httpEndpoints the names of the loaded {@code HTTPEndpoint}s
   * @param actorRuntime the actor runtime's state, asked on every read
   * @param enabledFeatures the preview features that are on (the Configuration's {@code spec.features})
   */
  public MetadataBlock(String appId, String runtimeVersion, Components components,
      MetadataView.AppConnection appConnection, Supplier<List<TopicSubscription>> subscriptions,
      List<String> httpEndpoints, Supplier<ActorRuntimeStatus> actorRuntime, List<String> enabledFeatures) {
    this.enabledFeatures = List.copyOf(enabledFeatures);
    this.actorRuntime = actorRuntime;
    this.subscriptions = subscriptions;
    this.httpEndpoints = List.copyOf(httpEndpoints);
    this.appId = appId;
    this.runtimeVersion = runtimeVersion;
    this.components = components;
    this.appConnection = appConnection;
  }

  /** The current metadata. */
  public MetadataView get() {
    List<MetadataView.ComponentView> views = new ArrayList<>();
    for (LoadedComponent c : components.loaded()) {
      views.add(new MetadataView.ComponentView(c.name(), c.definition().type(), c.definition().version(),
          capabilities(c)));
    }
    Map<String, String> ext = new TreeMap<>(extended);
    ext.put("daprRuntimeVersion", runtimeVersion);
    List<LoadProblem> problems = components.problems();
    if (!problems.isEmpty()) {
      ext.put(RESOURCE_ERRORS, String.join("\n", problems.stream().map(LoadProblem::describe).toList()));
    }
    return new MetadataView(appId, runtimeVersion, enabledFeatures, views, ext, subscriptions.get(), appConnection,
        httpEndpoints, actorRuntime.get());
  }

  /** Sets an extended value; an empty key does nothing, as in daprd. */
  public void set(String key, String value) {
    if (key == null || key.isEmpty()) {
      return;
    }
    extended.put(key, value == null ? "" : value);
  }

  /**
   * The capabilities daprd reports for {@code c}: a pub/sub's features (DURABLE is jdaprd's own), or a state store's
   * features in the order daprd's stores list them, followed by {@code ACTOR} when the store has both ETAG and
   * TRANSACTIONAL (whatever its {@code actorStateStore} metadata says, as daprd), a secret store's features by
   * daprd's names, or a binding's directions.
   */
  private static List<String> capabilities(LoadedComponent c) {
    List<String> caps = new ArrayList<>();
    if (c.instance() instanceof PubSub broker) {
      broker.features().stream().filter(f -> f != PubSubFeature.DURABLE).map(Enum::name).sorted()
          .forEach(caps::add);
    }
    if (c.instance() instanceof StateStore store) {
      Set<StateFeature> features = store.features();
      features.stream().sorted(Comparator.comparingInt(MetadataBlock::daprOrder)).map(Enum::name)
          .forEach(caps::add);
      if (features.contains(StateFeature.ETAG) && features.contains(StateFeature.TRANSACTIONAL)) {
        caps.add(ACTOR);
      }
    }
    if (c.instance() instanceof SecretStore secrets) {
      secrets.features().stream().sorted().map(SecretStoreFeature::daprName).forEach(caps::add);
    }
    caps.addAll(Bindings.capabilities(c.name(), c.instance(), c.definition().metadata()));
    return caps;
  }

  /** Where daprd's state stores put {@code feature} in their feature lists. */
  private static int daprOrder(StateFeature feature) {
    int at = STATE_FEATURE_ORDER.indexOf(feature);
    return at < 0 ? STATE_FEATURE_ORDER.size() + feature.ordinal() : at;
  }
}
