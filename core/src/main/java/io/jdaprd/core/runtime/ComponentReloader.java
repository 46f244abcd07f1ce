package io.jdaprd.core.runtime;

import io.jdaprd.core.component.ComponentDefinition;
import io.jdaprd.core.component.ComponentDiff;
import io.jdaprd.core.component.ComponentTypes;
import io.jdaprd.core.component.Components;
import io.jdaprd.core.component.InFlight;
import io.jdaprd.core.component.LoadProblem;
import io.jdaprd.core.component.LoadedComponent;
import io.jdaprd.core.metrics.Metrics;
import io.jdaprd.core.pubsub.delivery.Subscriptions;
import io.jdaprd.spi.Component;
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
 * to the running blocks: a new component is initialised and served, a changed one is initialised anew and swapped
 * in, a removed one is taken out; the one taken out is closed once the calls in flight on it have finished
 * ({@link InFlight}). Every kind daprd's processor reloads is swapped, each by its block ({@link ReloadKind}): state
 * stores, pub/subs (their subscriptions, the app's, declarative and programmatic, and the streams', are stopped
 * before it goes and started again on its successor, as daprd's subscriber does), input and output bindings (an
 * input binding taken out stops being read; one put in is read as at start), secret stores (secret stores first in
 * a pass, so that the {@code secretKeyRef}s of the others resolve through them), configuration stores, lock stores,
 * crypto providers and HTTP middleware (the pipelines are rebuilt). Declarative {@code Subscription} resources are
 * reloaded too ({@link Subscriptions#replaceDeclarative}), unless a resource file no longer reads (then they are kept
 * as they were).
 *
 * <p>A broken edit keeps the last good component: a definition that no longer reads, or whose new version does not
 * initialise, leaves the running component in place; the problem is logged and listed (metadata API
 * {@code jdaprd.resourceErrors}) as at start, and goes once the resources are mended. Not reloaded, and logged with
 * "restart to apply": component types of
 * no kind above. Name resolution is no component (the Configuration's {@code nameResolution}). {@code HTTPEndpoint}
 * and {@code Resiliency} resources are not swapped: daprd 1.18 applies them by restarting its runtime, and so does
 * jdaprd ({@link RestartingResources}).
 */
final class ComponentReloader {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentReloader.class);
  /** The longest a closing component waits for the calls in flight on it. */
  static final Duration DRAIN = Duration.ofSeconds(30);

  private final Components components;
  private final ComponentTypes types;
  private final String appId;
  private final Function<ComponentDefinition, String> check;
  private final List<ReloadKind> kinds;
  private final Subscriptions subscriptions;
  private final Metrics metrics;
  private final String actorStateStore;
  private final Supplier<Resources> read;
  private final java.util.function.Consumer<List<LoadProblem>> problemsNow;
  private final java.util.function.Consumer<String> restart;
  private final Map<String, ComponentDefinition> applied = new LinkedHashMap<>();
  private final Map<String, LoadProblem> failed = new LinkedHashMap<>();
  private boolean closed;

  /**
   * @param kinds the kinds of component swapped, each with its block
   * @param applied the definitions the runtime started with (loaded or not)
   * @param actorStateStore the name of the actor state store, {@code null} without one (not reloaded)
   * @param read reads the resources as they are now (with the server's component deny list applied)
   * @param problemsNow told the problems after each pass (readiness releases the ones mended)
   * @param restart asked for a runtime restart, with what changed, when the actor state store changes (daprd
   *     reloads it; jdaprd's actors keep their store for their life, so the runtime starts again)
   */
  ComponentReloader(Components components, ComponentTypes types, RuntimeOptions options,
      Function<ComponentDefinition, String> check, List<ReloadKind> kinds, Subscriptions subscriptions,
      Metrics metrics, String actorStateStore, List<ComponentDefinition> applied, Supplier<Resources> read,
      java.util.function.Consumer<List<LoadProblem>> problemsNow, java.util.function.Consumer<String> restart) {
    this.problemsNow = problemsNow;
    this.restart = restart;
    this.components = components;
    this.types = types;
    this.appId = options.appId();
    this.check = check;
    this.kinds = List.copyOf(kinds);
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

  /**
   * Reads the resources and applies what changed; one pass at a time.
   *
   * @return the resources read, or {@code null} once closed
   */
  synchronized Resources reconcile() {
    if (closed) {
      return null;
    }
    Resources now = read.get();
    ComponentDiff diff = ComponentDiff.between(applied, now.components(), now.problems());
    for (String name : diff.deleted()) {
      delete(name);
    }
    for (ComponentDefinition d : secretStoresFirst(diff.updated())) {
      apply(d);
    }
    for (ComponentDefinition d : secretStoresFirst(diff.created())) {
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
    return now;
  }

  /** Ends reconciling; a pass under way finishes first. */
  synchronized void close() {
    closed = true;
  }

  private static List<ComponentDefinition> secretStoresFirst(List<ComponentDefinition> definitions) {
    List<ComponentDefinition> ordered = new ArrayList<>();
    definitions.stream().filter(ComponentReloader::isSecretStore).forEach(ordered::add);
    definitions.stream().filter(d -> !isSecretStore(d)).forEach(ordered::add);
    return ordered;
  }

  private static boolean isSecretStore(ComponentDefinition d) {
    return d.type().toLowerCase(java.util.Locale.ROOT).startsWith("secretstores.");
  }

  private void delete(String name) {
    LoadedComponent old = components.find(name).orElse(null);
    applied.remove(name);
    failed.remove(name);
    if (old == null) {
      LOG.info("hot reload: component {} removed (it was not loaded)", name);
      return;
    }
    List<ReloadKind> oldKinds = ReloadKind.holding(kinds, old);
    if (!swappable(old, oldKinds)) {
      if (isActorStore(old.definition())) {
        restart.accept("actor state store " + name);
        return;
      }
      LOG.warn("hot reload: component {} ({}) was removed from the resources: {}; restart to apply", name,
          old.definition().type(), whyNot(old.definition()));
      return;
    }
    LOG.info("hot reload: closing removed component {} ({})", name, old.definition().type());
    oldKinds.forEach(k -> k.before(name));
    List<InFlight> draining = new ArrayList<>();
    oldKinds.forEach(k -> draining.add(k.remove(name)));
    components.removeLoaded(name);
    oldKinds.forEach(k -> k.after(name));
    draining.forEach(f -> drain(f, name));
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
    List<ReloadKind> oldKinds = ReloadKind.holding(kinds, old);
    if (old != null && !swappable(old, oldKinds) || !swappableType(d)) {
      applied.put(name, d);
      ComponentDefinition held = old != null && !swappable(old, oldKinds) ? old.definition() : d;
      if (isActorStore(held)) {
        restart.accept("actor state store " + name);
        return;
      }
      LOG.warn("hot reload: component {} ({}) changed in {}: {}; restart to apply", name, d.type(), d.source(),
          whyNot(held));
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
    List<ReloadKind> newKinds = ReloadKind.holding(kinds, loaded);
    oldKinds.forEach(k -> k.before(name));
    List<InFlight> draining = new ArrayList<>();
    for (ReloadKind k : kinds) {
      if (newKinds.contains(k)) {
        draining.add(k.put(loaded));
      } else if (oldKinds.contains(k)) {
        draining.add(k.remove(name));
      }
    }
    components.putLoaded(loaded);
    kinds.stream().filter(k -> newKinds.contains(k) || oldKinds.contains(k)).forEach(k -> k.after(name));
    if (old != null) {
      draining.forEach(f -> drain(f, name));
      closeQuietly(old.instance(), name);
    }
  }

  /** Whether hot reload can swap the running {@code c}, served by {@code kinds}. */
  private boolean swappable(LoadedComponent c, List<ReloadKind> kinds) {
    return !kinds.isEmpty() && !c.name().equals(actorStateStore);
  }

  /** Whether a definition can be served by hot reload: of a kind it swaps, and not an actor state store. */
  private boolean swappableType(ComponentDefinition d) {
    return !isActorStore(d) && kinds.stream().anyMatch(k -> k.definesType(d.type()));
  }

  private boolean isActorStore(ComponentDefinition d) {
    boolean flagged = "true".equalsIgnoreCase(String.valueOf(d.metadata().get("actorStateStore")).trim());
    return d.name().equals(actorStateStore) || flagged && d.type().toLowerCase(java.util.Locale.ROOT)
        .startsWith("state.");
  }

  private String whyNot(ComponentDefinition d) {
    return isActorStore(d) ? "jdaprd's actors keep their state store for their life"
        : "jdaprd does not reload components of type " + d.type();
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
