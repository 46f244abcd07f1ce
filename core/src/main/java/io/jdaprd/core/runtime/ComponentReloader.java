package io.jdaprd.core.runtime;

import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentDiff;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.component.Components;
import io.jdaprd.core.component.InFlight;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.component.LoadedComponent;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.pubsub.PubSubs;
import io.jdaprd.core.pubsub.TopicScopes;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.core.state.KeyPrefix;
import io.jdaprd.core.state.StateStores;
import io.jdaprd.spi.Component;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.state.StateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload of {@code Component} resources, daprd's component reconciler: each {@link #reconcile()} reads the
 * resources again, diffs them against the definitions in effect ({@link ComponentDiff}) and applies the difference
 * to the running blocks: a new state store or pub/sub is initialised and served, a changed one is initialised anew
 * and swapped in, a removed one is taken out; the one taken out is closed once the calls in flight on it have
 * finished ({@link InFlight}). A pub/sub's subscriptions (the app's, declarative and programmatic, and the streams')
 * are stopped before it goes and started again on its successor, as daprd's subscriber does. Declarative
 * {@code Subscription} resources are reloaded too ({@link Subscriptions#replaceDeclarative}), unless a resource file
 * no longer reads (then they are kept as they were).
 *
 * <p>A broken edit keeps the last good component: a definition that no longer reads, or whose new version does not
 * initialise, leaves the running component in place; the problem is logged and listed (metadata API
 * {@code jdaprd.resourceErrors}) as at start, and goes once the resources are mended. Components of the other
 * kinds (bindings, secret stores, configuration, lock, crypto, name resolution, the actor state store) are held by
 * blocks that are not swappable yet: a change to one of them is logged with "restart to apply" and not applied.
 */
final class ComponentReloader {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentReloader.class);
  /** The longest a closing component waits for the calls in flight on it. */
  static final Duration DRAIN = Duration.ofSeconds(30);

  private final Components components;
  private final ComponentTypes types;
  private final String appId;
  private final String namespace;
  private final Function<ComponentDefinition, String> check;
  private final StateStores stateStores;
  private final PubSubs pubsubs;
  private final Subscriptions subscriptions;
  private final Metrics metrics;
  private final String actorStateStore;
  private final Supplier<Resources> read;
  private final java.util.function.Consumer<List<LoadProblem>> problemsNow;
  private final Map<String, ComponentDefinition> applied = new LinkedHashMap<>();
  private final Map<String, LoadProblem> failed = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param applied the definitions the runtime started with (loaded or not)
   * @param actorStateStore the name of the actor state store, {@code null} without one (not reloaded)
   * @param read reads the resources as they are now (with the server's component deny list applied)
   * @param problemsNow told the problems after each pass (readiness releases the ones mended)
   */
  ComponentReloader(Components components, ComponentTypes types, RuntimeOptions options,
      Function<ComponentDefinition, String> check, StateStores stateStores, PubSubs pubsubs,
      Subscriptions subscriptions, Metrics metrics, String actorStateStore, List<ComponentDefinition> applied,
      Supplier<Resources> read, java.util.function.Consumer<List<LoadProblem>> problemsNow) {
    this.problemsNow = problemsNow;
    this.components = components;
    this.types = types;
    this.appId = options.appId();
    this.namespace = options.namespace();
    this.check = check;
    this.stateStores = stateStores;
    this.pubsubs = pubsubs;
    this.subscriptions = subscriptions;
    this.metrics = metrics;
    this.actorStateStore = actorStateStore;
    this.read = read;
    applied.forEach(d -> this.applied.put(d.name(), d));
    for (LoadProblem p : components.problems()) {
      if (p.component() != null && this.applied.containsKey(p.component())
          && components.find(p.component()).isEmpty()) {
        failed.put(p.component(), p);
      }
    }
  }

  /** Reads the resources and applies what changed; one pass at a time. */
  synchronized void reconcile() {
    if (closed) {
      return;
    }
    Resources now = read.get();
    ComponentDiff diff = ComponentDiff.between(applied, now.components(), now.problems());
    for (String name : diff.deleted()) {
      delete(name);
    }
    for (ComponentDefinition d : diff.updated()) {
      apply(d);
    }
    for (ComponentDefinition d : diff.created()) {
      apply(d);
    }
    for (String name : diff.kept()) {
      LOG.warn("hot reload: keeping component {} as it was: its resource no longer reads", name);
    }
    if (now.problems().stream().noneMatch(p -> p.component() == null)) {
      subscriptions.replaceDeclarative(now.subscriptions());
    } else {
      LOG.warn("hot reload: keeping the declarative subscriptions as they were: a resource file no longer reads");
    }
    List<LoadProblem> problems = new ArrayList<>(now.problems());
    problems.addAll(failed.values());
    components.replaceProblems(problems);
    problemsNow.accept(problems);
  }

  /** Ends reconciling; a pass under way finishes first. */
  synchronized void close() {
    closed = true;
  }

  private void delete(String name) {
    LoadedComponent old = components.find(name).orElse(null);
    applied.remove(name);
    failed.remove(name);
    if (old == null) {
      LOG.info("hot reload: component {} removed (it was not loaded)", name);
      return;
    }
    if (!swappable(old.instance(), name)) {
      LOG.warn("hot reload: component {} ({}) was removed from the resources: jdaprd reloads state stores and "
          + "pub/sub components only; restart to apply", name, old.definition().type());
      return;
    }
    LOG.info("hot reload: closing removed component {} ({})", name, old.definition().type());
    if (old.instance() instanceof PubSub) {
      subscriptions.stopPubSub(name);
      PubSubs.Entry entry = pubsubs.remove(name);
      drain(entry == null ? null : entry.inFlight(), name);
    }
    if (old.instance() instanceof StateStore) {
      StateStores.Store store = stateStores.remove(name);
      drain(store == null ? null : store.inFlight(), name);
    }
    components.removeLoaded(name);
    closeQuietly(old.instance(), name);
  }

  private void apply(ComponentDefinition d) {
    String name = d.name();
    LoadedComponent old = components.find(name).orElse(null);
    if (old != null && ComponentDiff.same(old.definition(), d)) {
      // back to the running definition after a broken edit: nothing to reload
      applied.put(name, d);
      failed.remove(name);
      return;
    }
    if (old != null && !swappable(old.instance(), name) || !swappableType(d)) {
      applied.put(name, d);
      LOG.warn("hot reload: component {} ({}) changed in {}: jdaprd reloads state stores and pub/sub components "
          + "only; restart to apply", name, d.type(), d.source());
      return;
    }
    LOG.info("hot reload: {} component {} ({}/{}) from {}", old == null ? "adding" : "reloading", name, d.type(),
        d.version(), d.source());
    Object outcome = components.initialise(d, types, appId, check);
    applied.put(name, d);
    if (outcome instanceof LoadProblem problem) {
      failed.put(name, problem);
      metrics.componentInitFailed(d.type(), "init", name);
      if (old != null) {
        LOG.warn("hot reload: keeping the running component {}: its new definition did not load", name);
      }
      return;
    }
    LoadedComponent loaded = (LoadedComponent) outcome;
    failed.remove(name);
    metrics.componentLoaded(d.type());
    boolean oldWasPubSub = old != null && old.instance() instanceof PubSub;
    if (oldWasPubSub) {
      subscriptions.stopPubSub(name);
    }
    InFlight oldPubSub = null;
    InFlight oldState = null;
    if (loaded.instance() instanceof PubSub broker) {
      Map<String, String> metadata = loaded.definition().metadata();
      PubSubs.Entry replaced = pubsubs.put(new PubSubs.Entry(name, broker, TopicScopes.of(metadata, appId),
          metadata));
      oldPubSub = replaced == null ? null : replaced.inFlight();
    } else if (oldWasPubSub) {
      PubSubs.Entry replaced = pubsubs.remove(name);
      oldPubSub = replaced == null ? null : replaced.inFlight();
    }
    if (loaded.instance() instanceof StateStore store) {
      StateStores.Store replaced = stateStores.put(new StateStores.Store(name, store,
          KeyPrefix.of(loaded.definition().metadata().get("keyPrefix"), name, appId, namespace)));
      oldState = replaced == null ? null : replaced.inFlight();
    } else if (old != null && old.instance() instanceof StateStore) {
      StateStores.Store replaced = stateStores.remove(name);
      oldState = replaced == null ? null : replaced.inFlight();
    }
    components.putLoaded(loaded);
    if (loaded.instance() instanceof PubSub) {
      subscriptions.startPubSub(name);
    }
    if (old != null) {
      drain(oldPubSub, name);
      drain(oldState, name);
      closeQuietly(old.instance(), name);
    }
  }

  /** Whether hot reload can swap the running {@code instance} of {@code name}. */
  private boolean swappable(Component instance, String name) {
    return (instance instanceof StateStore || instance instanceof PubSub) && !name.equals(actorStateStore);
  }

  /** Whether a definition of this type can be served by hot reload (state stores and pub/sub components). */
  private boolean swappableType(ComponentDefinition d) {
    boolean actorStore = "true".equalsIgnoreCase(String.valueOf(d.metadata().get("actorStateStore")).trim());
    return (d.type().startsWith("state.") && !actorStore) || d.type().startsWith("pubsub.");
  }

  private static void drain(InFlight inFlight, String name) {
    if (inFlight != null && !inFlight.closeWhenIdle(DRAIN)) {
      LOG.warn("hot reload: closing component {} with {} call(s) still in flight after {} s", name,
          inFlight.active(), DRAIN.toSeconds());
    }
  }

  private static void closeQuietly(Component instance, String name) {
    try {
      instance.close();
    } catch (RuntimeException e) {
      LOG.warn("hot reload: closing component {} failed: {}", name, e.toString());
    }
  }
}
