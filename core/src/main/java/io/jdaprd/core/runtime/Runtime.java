package io.jdaprd.core.runtime;

import io.jdaprd.core.actors.ActorsBlock;
import io.jdaprd.core.actors.callbackstream.ActorCallbackStreams;
import io.jdaprd.core.actors.AppActorCallbacks;
import io.jdaprd.core.actors.SelfPlacement;
import io.jdaprd.core.appchannel.AppChannel;
import io.jdaprd.core.apphealth.AppHealth;
import io.jdaprd.core.bindings.Bindings;
import io.jdaprd.core.bindings.BindingsBlock;
import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.component.Components;
import io.jdaprd.core.component.LoadedComponent;
import io.jdaprd.core.configuration.ConfigurationBlock;
import io.jdaprd.core.conversation.ConversationBlock;
import io.jdaprd.core.crypto.CryptoBlock;
import io.jdaprd.core.health.HealthBlock;
import io.jdaprd.core.health.Readiness;
import io.jdaprd.core.invoke.InvocationPeers;
import io.jdaprd.core.invoke.InvokeBlock;
import io.jdaprd.core.invoke.endpoints.HttpEndpoint;
import io.jdaprd.core.jobs.JobsBlock;
import io.jdaprd.core.lock.LockBlock;
import io.jdaprd.core.lock.LockKeys;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.metadata.MetadataBlock;
import io.jdaprd.core.pubsub.PubSubBlock;
import io.jdaprd.core.pubsub.PubSubs;
import io.jdaprd.core.pubsub.delivery.DeliveryPolicies;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.pubsub.TopicScopes;
import io.jdaprd.core.resiliency.Resiliency;
import io.jdaprd.core.secrets.SecretsBlock;
import io.jdaprd.core.state.KeyPrefix;
import io.jdaprd.core.state.StateBlock;
import io.jdaprd.core.state.StateStores;
import io.jdaprd.core.workflows.WorkflowsBlock;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.lock.LockStore;
import io.jdaprd.spi.crypto.KeyProvider;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.core.component.ResourceWatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one assembly of a sidecar's runtime: it starts the components, wraps them for their blocks (state key
 * prefixes, pub/sub topic scopes), builds every building block, and runs the app's startup. The server, the test
 * sidecars and any embedding all assemble through {@link #assemble}; only the API servers are theirs.
 *
 * <p>Readiness ({@code /v1.0/healthz}) waits for: the runtime, each API server of
 * {@link RuntimeOptions#apiServers()}, every resource that failed to load (unless its errors are ignored), and, with
 * an app, the app's subscriptions. All of these targets are registered here, before any server listens, so that no
 * {@code healthz} answers 204 early; {@code healthz/outbound} waits for {@link #start()} only.
 *
 * <p>Order of use: {@link #assemble}, serve {@link #blocks()} and report each server with
 * {@link #apiServerStarted}, {@link #start()}; to stop: {@link #stopDeliveries()}, stop the servers,
 * {@link #close()}.
 *
 * <p>With app health checks ({@code options.app().health()}) and an app, the app's health is probed once it accepts connections;
 * while it is unhealthy its subscriptions are paused ({@link #appHealthy()} tells service invocation).
 */
public final class Runtime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Runtime.class);
  private static final String OUTBOUND_APP = "app";

  private final RuntimeOptions options;
  private final Components components;
  private final Resources resources;
  private final AppChannel appChannel;
  private final AppHealth appHealth;
  private final Readiness inbound;
  private final Readiness outbound;
  private final Subscriptions subscriptions;
  private final BindingsBlock bindings;
  private final Blocks blocks;
  private final ActorsBlock actors;
  private final Resiliency resiliency;
  private final Metrics metrics;
  private final ComponentTypes types;
  private final StateStores stateStores;
  private final PubSubs pubsubs;
  private ComponentReloader reloader;
  private ResourceWatcher watcher;
  private volatile Runnable middlewareReloaded = () -> { };
  private volatile java.util.function.Consumer<String> restartNeeded = what -> LOG.warn(
      "hot reload: the {} changed; restart to apply it", what);

  private Runtime(RuntimeOptions options, ComponentTypes types, Components components, Resources resources,
      AppChannel appChannel, InvocationPeers peers, Runnable shutdown, Metrics metrics) {
    this.options = options;
    this.components = components;
    this.resources = resources;
    this.appChannel = appChannel;
    this.appHealth = appChannel == null || options.app().health() == null ? null
        : new AppHealth(options.app().health(), appChannel::probeHealth);
    this.inbound = inboundReadiness(options, components, appChannel != null);
    this.outbound = new Readiness().register(OUTBOUND_APP);
    String appId = options.appId();
    this.metrics = metrics;
    this.types = types;
    this.pubsubs = pubsubs(components, appId);
    this.stateStores = stateStores(components, options, metrics);
    this.resiliency = Resiliency.of(resources.resiliency(), metrics);
    PubSubBlock pubsub = new PubSubBlock(appId, pubsubs, metrics, resiliency);
    this.subscriptions = new Subscriptions(pubsubs, pubsub, new DeliveryPolicies(resiliency), metrics);
    this.bindings = new BindingsBlock(bindings(components), metrics, resiliency);
    this.actors = new ActorsBlock(appId, options.namespaceOrDefault(), new SelfPlacement(appId),
        actorStateStore(components), false,
        options.clock(), metrics);
    // The building blocks: one line each.
    this.blocks = Blocks.builder(appId)
        .add(new StateBlock(stateStores, resiliency))
        .add(pubsub)
        .add(subscriptions)
        .add(new InvokeBlock(appId, options.namespaceOrDefault(), appChannel, peers, this::appHealthy, resiliency)
            .recordingIn(metrics))
        .add(bindings)
        .add(new SecretsBlock(components.ofKind(SecretStore.class), options.secretScopes(), metrics))
        .add(actors)
        .add(new ActorCallbackStreams(!(options.app().port() > 0 && options.app().http()), actors,
            app -> new ActorAppTimeouts(app, resiliency)))
        .add(new WorkflowsBlock())
        .add(new JobsBlock(appId, options.namespaceOrDefault()))
        .add(new ConfigurationBlock(components.ofKind(ConfigurationStore.class), appChannel, metrics))
        .add(new LockBlock(lockStores(components, appId)))
        .add(new CryptoBlock(components.ofKind(KeyProvider.class), metrics))
        .add(new ConversationBlock())
        .add(new HealthBlock(appId, inbound, outbound))
        .add(new MetadataBlock(appId, options.runtimeVersion(), components, options.app(), subscriptions::listed,
            resources.httpEndpoints().stream().map(HttpEndpoint::name).toList(), actors::runtimeStatus,
            options.features().enabledNames()))
        .add(options.features())
        .add(new Lifecycle(shutdown))
        .add(metrics)
        .build();
    recordLoads(components, resources, metrics);
    inbound.ready(HealthBlock.RUNTIME);
  }

  /**
   * Starts the components of {@code resources} with {@code types} and builds every block.
   *
   * @param appChannel the channel to the app, or {@code null} when there is no app ({@code --app-port} unset);
   *     the runtime closes it
   * @param shutdown what a shutdown requested through the API runs (on its own thread)
   */
  public static Runtime assemble(RuntimeOptions options, ComponentTypes types, Resources resources,
      AppChannel appChannel, Runnable shutdown) {
    return assemble(options, types, resources, appChannel, InvocationPeers.NONE, shutdown);
  }

  /**
   * Starts the components of {@code resources} with {@code types} and builds every block, service invocation
   * reaching other sidecars through {@code peers}.
   *
   * @param appChannel the channel to the app, or {@code null} when there is no app ({@code --app-port} unset);
   *     the runtime closes it
   * @param shutdown what a shutdown requested through the API runs (on its own thread)
   */
  public static Runtime assemble(RuntimeOptions options, ComponentTypes types, Resources resources,
      AppChannel appChannel, InvocationPeers peers, Runnable shutdown) {
    return assemble(options, types, resources, appChannel, peers, shutdown, Metrics.NONE);
  }

  /**
   * {@link #assemble(RuntimeOptions, ComponentTypes, Resources, AppChannel, InvocationPeers, Runnable)} recording
   * daprd's metrics in {@code metrics} (also served as a block, for the adapters).
   */
  public static Runtime assemble(RuntimeOptions options, ComponentTypes types, Resources resources,
      AppChannel appChannel, InvocationPeers peers, Runnable shutdown, Metrics metrics) {
    Components components = Components.start(resources.components(), resources.problems(), types, options.appId(),
        d -> keyPrefixProblem(d, options));
    if (!options.features().enabledNames().isEmpty()) {
      LOG.info("Enabled features: {}", String.join(" ", options.features().enabledNames()));
    }
    return new Runtime(options, types, components, resources, appChannel, peers, shutdown, metrics);
  }

  /** {@code dapr_runtime_component_loaded}, {@code _init_total} and {@code _init_fail_total}, as daprd counts them. */
  private static void recordLoads(Components components, Resources resources, Metrics metrics) {
    components.loaded().forEach(c -> metrics.componentLoaded(c.definition().type()));
    Map<String, String> types = new LinkedHashMap<>();
    resources.components().forEach(d -> types.put(d.name(), d.type()));
    components.problems().stream().filter(p -> p.component() != null)
        .forEach(p -> metrics.componentInitFailed(types.getOrDefault(p.component(), ""), "init", p.component()));
  }

  private static Readiness inboundReadiness(RuntimeOptions options, Components components, boolean hasApp) {
    Readiness inbound = new Readiness().register(HealthBlock.RUNTIME);
    options.apiServers().forEach(inbound::register);
    // A resource that failed to load keeps healthz at 500 (the sidecar still serves everything else), unless the
    // component asked for its errors to be ignored; healthz/outbound, which SDKs wait on, is not held back.
    Set<String> loaded = new HashSet<>();
    components.loaded().forEach(c -> loaded.add(c.name()));
    components.problems().stream().filter(p -> !p.ignored())
        .forEach(p -> inbound.register(p.component() != null && !loaded.contains(p.component())
            ? p.readinessTarget() : "file-" + p.source().getFileName()));
    if (hasApp) {
      inbound.register(AppStartup.SUBSCRIPTIONS);
    }
    return inbound;
  }

  /** The building blocks the API adapters serve. */
  public Blocks blocks() {
    return blocks;
  }

  /** The running components and the problems of those that did not load. */
  public Components components() {
    return components;
  }

  /**
   * Hot reload, as daprd 1.18 does it by default (its {@code HotReload} feature, switched off by
   * {@code spec.features: [{name: HotReload, enabled: false}]}): watches {@code directories} and applies added,
   * changed and removed {@code Component} resources within a second ({@link ComponentReloader}); every
   * {@code interval} the resources are reconciled besides. Does nothing when the feature is off or there is no
   * directory.
   *
   * @param read reads the resources of {@code directories} as they are now
   * @throws java.io.UncheckedIOException when the file system cannot watch
   */
  public synchronized void watchResources(List<Path> directories, Duration interval, Supplier<Resources> read) {
    if (!options.features().enabled(Features.HOT_RELOAD)) {
      LOG.debug("Hot reloading disabled");
      return;
    }
    if (directories.isEmpty() || watcher != null) {
      return;
    }
    List<ReloadKind> kinds = List.of(
        ReloadKind.secretStores(blocks.get(SecretsBlock.class).stores()),
        ReloadKind.stateStores(stateStores, options.appId(), options.namespace()),
        ReloadKind.pubsubs(pubsubs, subscriptions, options.appId()),
        ReloadKind.bindings(bindings),
        ReloadKind.configurationStores(blocks.get(ConfigurationBlock.class).stores()),
        ReloadKind.lockStores(blocks.get(LockBlock.class).stores(), options.appId()),
        ReloadKind.cryptoProviders(blocks.get(CryptoBlock.class).providers()),
        ReloadKind.middleware(() -> middlewareReloaded.run()));
    reloader = new ComponentReloader(components, types, options, d -> keyPrefixProblem(d, options), kinds,
        subscriptions, metrics, actorStateStoreName(components), resources.components(), read, mendedProblems(),
        what -> restartNeeded.accept(what));
    RestartingResources restarting = new RestartingResources(resources, kind -> restartNeeded.accept(kind));
    ComponentReloader reconciling = reloader;
    try {
      watcher = ResourceWatcher.start(directories, interval, filesChanged -> {
        Resources now = reconciling.reconcile();
        if (now != null) {
          restarting.check(now, filesChanged);
        }
      });
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    LOG.info("Hot reloading enabled. jdaprd will reload 'Component' resources when they are added, updated or "
        + "deleted; watching directories: [{}]",
        String.join(", ", directories.stream().map(Path::toString).toList()));
  }

  /**
   * What releases readiness once hot reload has mended a resource that failed at start (a new problem does not take
   * readiness back: the sidecar goes on serving its last good components).
   */
  private java.util.function.Consumer<List<io.jdaprd.core.component.LoadProblem>> mendedProblems() {
    List<String> held = inbound.pending().stream().filter(t -> t.startsWith("component-") || t.startsWith("file-"))
        .toList();
    return problems -> {
      Set<String> still = new HashSet<>();
      problems.stream().filter(p -> !p.ignored()).forEach(p -> {
        still.add(p.readinessTarget());
        still.add("file-" + p.source().getFileName());
      });
      held.stream().filter(t -> !still.contains(t)).forEach(inbound::ready);
    };
  }

  /**
   * What hot reload runs once an HTTP middleware component was added, changed or removed (before the one displaced
   * is closed): the server rebuilds its pipelines from {@link #components()}. Call before
   * {@link #watchResources}.
   */
  public void onMiddlewareReloaded(Runnable rebuild) {
    this.middlewareReloaded = rebuild;
  }

  /**
   * What hot reload runs when an {@code HTTPEndpoint} or {@code Resiliency} resource was added, changed or removed,
   * which daprd 1.18 applies by restarting its runtime (SIGHUP), when the resources changed while they hold a
   * {@code Configuration} document (daprd's SIGHUP reconciler of Configurations), or when the actor state store changed (which
   * jdaprd's actors cannot swap): told what changed. Without one it logs that a
   * restart is needed (an embedded sidecar: its host owns the lifecycle). Call before {@link #watchResources}.
   */
  public void onRestartNeeded(java.util.function.Consumer<String> restart) {
    this.restartNeeded = restart;
  }

  /** Ends hot reload: no pass runs after this returns. */
  private synchronized void stopWatching() {
    if (watcher != null) {
      watcher.close();
      reloader.close();
    }
  }

  /** Reports that the API server of readiness target {@code name} (one of {@code apiServers}) listens. */
  public void apiServerStarted(String name) {
    if (!options.apiServers().contains(name)) {
      throw new IllegalArgumentException("not an API server of these options: " + name);
    }
    inbound.ready(name);
  }

  /**
   * Once the API servers listen: reports outbound readiness and, with an app, starts the app's startup in the
   * background (wait for the app, read its subscriptions, start them with the declarative ones, then report the
   * subscriptions ready); returns at once.
   */
  public void start() {
    outbound.ready(OUTBOUND_APP);
    if (appChannel != null && (!bindings.bindings().inputs().isEmpty() || hotReload())) {
      Thread.ofVirtual().name("input-bindings").start(this::startInputBindings);
    }
    if (appChannel != null) {
      AppStartup.start(options.app(), options.subscribeEndpoint(), appChannel, subscriptions,
          resources.subscriptions(), inbound, appHealth);
      hostActors();
    } else {
      actors.noHosting();
    }
    if (appChannel == null && !resources.subscriptions().isEmpty()) {
      LOG.warn("{} declarative subscription(s) not started: there is no app to deliver to (no --app-port)",
          resources.subscriptions().size());
    }
  }

  /** Whether hot reload may add input bindings later (the feature is on). */
  private boolean hotReload() {
    return options.features().enabled(Features.HOT_RELOAD);
  }

  /** Once the app accepts connections, starts reading the input bindings it takes. */
  private void startInputBindings() {
    try {
      while (!appChannel.awaitReady(java.time.Duration.ofSeconds(5))) {
        LOG.debug("input bindings wait for the app");
      }
      LOG.info("reading input bindings {}", bindings.startReading(appChannel));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether service invocation may call the app: {@code true} without app health checks, else whether the last
   * probes found the app healthy ({@code false} until the first successful one). While it is {@code false} daprd
   * answers an invocation of this app with {@code InvokeErrors.appUnhealthy}.
   */
  public boolean appHealthy() {
    return appHealth == null || appHealth.isHealthy();
  }

  /**
   * Stops the subscriptions and the input bindings for good, finishing the deliveries in flight, while the APIs,
   * actors and app health probes go on: what daprd does when a shutdown is blocked
   * ({@code --dapr-block-shutdown-duration}).
   */
  public void stopInbound() {
    bindings.stopReading();
    subscriptions.close();
  }

  /**
   * Stops the app health probes and taking messages, finishes the deliveries in flight, and ends the gRPC
   * configuration streams (OK, as daprd's API server does when it closes); the first step of a shutdown.
   */
  public void stopDeliveries() {
    stopWatching();
    actors.close();
    closeAppHealth();
    bindings.stopReading();
    subscriptions.close();
    blocks.get(ConfigurationBlock.class).closeStreams();
  }

  /** Closes the app channel and the components; the last step of a shutdown. */
  @Override
  public void close() {
    stopWatching();
    actors.close();
    closeAppHealth();
    bindings.stopReading();
    subscriptions.close();
    if (appChannel != null) {
      appChannel.close();
    }
    components.close();
  }

  /**
   * Asks an HTTP app for its actor configuration once it listens ({@code GET /dapr/config}) and hosts its types on
   * this sidecar. A gRPC app (and a sidecar without app) hosts none until it opens {@code SubscribeActorEventsAlpha1}
   * ({@link ActorCallbackStreams}), which registers the types it lists there, as daprd 1.18 does.
   */
  private void hostActors() {
    if (!options.app().http()) {
      actors.noHosting();
      return;
    }
    Thread.ofVirtual().name("actors-host").start(() -> {
      try {
        while (!appChannel.awaitReady(Duration.ofSeconds(5))) {
          LOG.debug("actors: waiting for the app");
        }
        actors.host(new ActorAppTimeouts(new AppActorCallbacks(appChannel, options.appId()), resiliency));
      } catch (InterruptedException e) {
        actors.noHosting();
        Thread.currentThread().interrupt();
      }
    });
  }

  /** The name of the actor state store, {@code null} when there is none. */
  private static String actorStateStoreName(Components components) {
    StateStore store = actorStateStore(components);
    return store == null ? null : components.loaded().stream().filter(c -> c.instance() == store)
        .map(LoadedComponent::name).findFirst().orElse(null);
  }

  /** The state store whose metadata says {@code actorStateStore: "true"}, {@code null} when none does. */
  private static StateStore actorStateStore(Components components) {
    Map<String, StateStore> stores = components.ofKind(StateStore.class);
    for (LoadedComponent c : components.loaded()) {
      String flag = c.definition().metadata().get("actorStateStore");
      if (flag != null && flag.trim().equalsIgnoreCase("true") && stores.containsKey(c.name())) {
        return stores.get(c.name());
      }
    }
    return null;
  }

  private void closeAppHealth() {
    if (appHealth != null) {
      appHealth.close();
    }
  }

  private static String keyPrefixProblem(ComponentDefinition d, RuntimeOptions options) {
    if (d.type().startsWith("lock.")) {
      try {
        LockKeys.of(d.metadata(), d.name(), options.appId());
        return null;
      } catch (IllegalArgumentException e) {
        return "failed to save lock keyprefix: " + e.getMessage();
      }
    }
    if (!d.type().startsWith("state.")) {
      return null;
    }
    try {
      KeyPrefix.of(d.metadata().get("keyPrefix"), d.name(), options.appId(), options.namespace());
      return null;
    } catch (IllegalArgumentException e) {
      return "spec.metadata.keyPrefix: " + e.getMessage() + " (expected: a prefix without '||')";
    }
  }

  private static PubSubs pubsubs(Components components, String appId) {
    Map<String, LoadedComponent> byName = byName(components);
    return new PubSubs(components.ofKind(PubSub.class).entrySet().stream()
        .map(e -> {
          Map<String, String> metadata = byName.get(e.getKey()).definition().metadata();
          return new PubSubs.Entry(e.getKey(), e.getValue(), TopicScopes.of(metadata, appId), metadata);
        }).toList());
  }

  private static Bindings bindings(Components components) {
    return Bindings.of(components.loaded().stream()
        .map(c -> new Bindings.Entry(c.name(), c.instance(), c.definition().metadata())).toList());
  }

  private static StateStores stateStores(Components components, RuntimeOptions options, Metrics metrics) {
    Map<String, LoadedComponent> byName = byName(components);
    Map<String, StateStores.Store> stores = new LinkedHashMap<>();
    components.ofKind(StateStore.class).forEach((name, store) -> stores.put(name, new StateStores.Store(name, store,
        KeyPrefix.of(byName.get(name).definition().metadata().get("keyPrefix"), name, options.appId(),
            options.namespace()))));
    return new StateStores(stores, options.appId(), metrics);
  }

  private static Map<String, LockBlock.Store> lockStores(Components components, String appId) {
    Map<String, LoadedComponent> byName = byName(components);
    Map<String, LockBlock.Store> stores = new LinkedHashMap<>();
    components.ofKind(LockStore.class).forEach((name, store) -> stores.put(name, new LockBlock.Store(name, store,
        LockKeys.of(byName.get(name).definition().metadata(), name, appId))));
    return stores;
  }

  private static Map<String, LoadedComponent> byName(Components components) {
    Map<String, LoadedComponent> out = new LinkedHashMap<>();
    components.loaded().forEach(c -> out.put(c.name(), c));
    return out;
  }
}
