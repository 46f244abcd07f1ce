package io.jdaprd.core.component;

import io.jdaprd.spi.Component;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.secrets.SecretStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The components this sidecar runs, and the problems of those it could not load. Initialisation failures are
 * logged once with the file and the reason; the sidecar keeps serving everything else.
 */
public final class Components implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Components.class);

  /** The category prefix of HTTP middleware types. */
  private static final String MIDDLEWARE = "middleware.http.";

  private final List<LoadedComponent> loaded = new CopyOnWriteArrayList<>();
  private final List<LoadProblem> problems = new CopyOnWriteArrayList<>();

  /**
   * Resolves and initialises every definition with {@code types}, recording what fails.
   *
   * @param appId the app id given to components
   * @param check an extra check of a definition before it is initialised (for example the state key prefix);
   *     returns a problem message or {@code null}
   */
  public static Components start(List<ComponentDefinition> definitions, List<LoadProblem> readProblems,
      ComponentTypes types, String appId, java.util.function.Function<ComponentDefinition, String> check) {
    Components components = new Components();
    readProblems.forEach(components::report);
    // Secret stores first, as daprd loads them, so that the others' secretKeyRefs can be resolved.
    List<ComponentDefinition> ordered = new ArrayList<>();
    definitions.stream().filter(Components::isSecretStore).forEach(ordered::add);
    definitions.stream().filter(d -> !isSecretStore(d)).forEach(ordered::add);
    for (ComponentDefinition d : ordered) {
      components.startOne(d, types, appId, check);
    }
    return components;
  }

  private static boolean isSecretStore(ComponentDefinition d) {
    return d.type().startsWith("secretstores.");
  }

  private void startOne(ComponentDefinition unresolved, ComponentTypes types, String appId,
      java.util.function.Function<ComponentDefinition, String> check) {
    Object outcome = initialise(unresolved, types, appId, check);
    if (outcome instanceof LoadedComponent c) {
      loaded.add(c);
    } else {
      report((LoadProblem) outcome);
    }
  }

  /**
   * Resolves and initialises one definition as at start (secret references through the secret stores loaded now),
   * without recording anything: the initialised {@link LoadedComponent}, or the {@link LoadProblem} saying why not.
   */
  public Object initialise(ComponentDefinition unresolved, ComponentTypes types, String appId,
      java.util.function.Function<ComponentDefinition, String> check) {
    ComponentDefinition d;
    try {
      d = SecretResolution.resolve(unresolved, ofKind(SecretStore.class));
    } catch (SecretResolution.UnresolvedException e) {
      return new LoadProblem(unresolved.source(), unresolved.name(), e.getMessage(), unresolved.ignoreErrors());
    }
    Optional<ComponentType> type = types.find(d.type());
    if (type.isEmpty() && d.type().toLowerCase(java.util.Locale.ROOT).startsWith(MIDDLEWARE)) {
      // daprd's own words for a middleware it has no factory for.
      String logName = d.name() + " (" + d.type() + "/" + d.version() + ")";
      return new LoadProblem(d.source(), d.name(), "[CREATE_COMPONENT_FAILURE]: initialization error occurred for "
          + logName + ": process component " + d.name() + " error: HTTP middleware " + d.type() + "/" + d.version()
          + " has not been registered", d.ignoreErrors());
    }
    if (type.isEmpty()) {
      return new LoadProblem(d.source(), d.name(), "spec.type: " + d.type() + " (expected one of: "
          + String.join(", ", types.all().stream().map(ComponentType::type).toList()) + ")");
    }
    if (!type.get().accepts(d.version())) {
      return new LoadProblem(d.source(), d.name(), "spec.version: " + d.version() + " (expected: "
          + String.join(" or ", type.get().versions().stream().sorted().toList()) + ")");
    }
    String problem = check.apply(d);
    if (problem != null) {
      return new LoadProblem(d.source(), d.name(), problem);
    }
    Component instance = type.get().factory().get();
    try {
      instance.init(new ComponentMetadata(d.name(), type.get().type(), d.version().toLowerCase(java.util.Locale.ROOT),
          appId, d.metadata()));
      LOG.info("component loaded: {} ({}/{}) from {}", d.name(), d.type(), d.version(), d.source());
      return new LoadedComponent(d, instance);
    } catch (ComponentException | RuntimeException e) {
      instance.close();
      return new LoadProblem(d.source(), d.name(), "init failed: " + e.getMessage(), d.ignoreErrors());
    }
  }

  /** Records and logs {@code problem} as at start ({@code resource not loaded: ...}). */
  public void report(LoadProblem problem) {
    problems.add(problem);
    LOG.error("resource not loaded: {}", problem.describe());
  }

  /**
   * Replaces the problems of hot reload's last pass with {@code current} (the ones of the resources as they are
   * now), keeping their order; a problem already recorded is not logged again.
   */
  public void replaceProblems(List<LoadProblem> current) {
    for (LoadProblem p : current) {
      if (!problems.contains(p)) {
        LOG.error("resource not loaded: {}", p.describe());
      }
    }
    problems.clear();
    problems.addAll(current);
  }

  /** The loaded component named {@code name}, if any. */
  public Optional<LoadedComponent> find(String name) {
    return loaded.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** Puts {@code c} in the place of the loaded component of its name, or at the end; hot reload's bookkeeping. */
  public synchronized void putLoaded(LoadedComponent c) {
    for (int i = 0; i < loaded.size(); i++) {
      if (loaded.get(i).name().equals(c.name())) {
        loaded.set(i, c);
        return;
      }
    }
    loaded.add(c);
  }

  /** Forgets the loaded component named {@code name} (hot reload closes it). */
  public synchronized void removeLoaded(String name) {
    loaded.removeIf(c -> c.name().equals(name));
  }

  /** The loaded components, in load order. */
  public List<LoadedComponent> loaded() {
    return List.copyOf(loaded);
  }

  /** The loaded components of one kind, by name. */
  public <T extends Component> Map<String, T> ofKind(Class<T> kind) {
    Map<String, T> out = new java.util.LinkedHashMap<>();
    for (LoadedComponent c : loaded) {
      if (kind.isInstance(c.instance())) {
        out.put(c.name(), kind.cast(c.instance()));
      }
    }
    return out;
  }

  /** What could not be loaded. */
  public List<LoadProblem> problems() {
    return List.copyOf(problems);
  }

  /** Closes every component, in reverse load order; a failing close is logged, not thrown. */
  @Override
  public void close() {
    List<LoadedComponent> reversed = new ArrayList<>(loaded);
    java.util.Collections.reverse(reversed);
    for (LoadedComponent c : reversed) {
      try {
        c.instance().close();
      } catch (RuntimeException e) {
        LOG.warn("closing component {} failed: {}", c.name(), e.toString());
      }
    }
    loaded.clear();
  }
}
