package io.jdaprd.core.component;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What hot reload must do to go from the component definitions applied last to the ones read now, in daprd's order:
 * deletions, then updates, then creations (so that a name is closed before it is initialised again), secret stores
 * first among the updates and creations (the others' {@code secretKeyRef}s resolve through them).
 *
 * <p>Unlike daprd, which drops a component whose file no longer parses (it is missing from the read) and closes a
 * component whose new definition fails before it tries it, a <em>broken edit keeps the last good component</em>: a
 * definition that is missing because its file no longer reads, or because the read reported a problem for its name,
 * is kept ({@link #kept()}), not deleted.
 *
 * <p>Two definitions are the same when everything but the file they came from is equal; {@code {uuid}} tokens,
 * which the reader replaces by a new UUID at every read, are compared as tokens.
 *
 * @param deleted the names whose definitions are gone
 * @param updated the definitions that changed
 * @param created the definitions that are new
 * @param kept the names whose definitions are missing from a broken read, kept as they were
 */
public record ComponentDiff(List<String> deleted, List<ComponentDefinition> updated,
    List<ComponentDefinition> created, List<String> kept) {
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public ComponentDiff {
    deleted = List.copyOf(deleted);
    updated = List.copyOf(updated);
    created = List.copyOf(created);
    kept = List.copyOf(kept);
  }

  /** Whether nothing is to be done. */
  public boolean isEmpty() {
    return deleted.isEmpty() && updated.isEmpty() && created.isEmpty();
  }

  /**
   * The changes from {@code applied} (by name, the definitions in effect, loaded or failed) to {@code read} (the
   * components read now), given the {@code problems} of that read.
   */
  public static ComponentDiff between(Map<String, ComponentDefinition> applied, List<ComponentDefinition> read,
      List<LoadProblem> problems) {
    Set<String> brokenNames = new HashSet<>();
    Set<Path> brokenFiles = new HashSet<>();
    for (LoadProblem p : problems) {
      if (p.component() != null) {
        brokenNames.add(p.component());
      } else {
        brokenFiles.add(p.source());
      }
    }
    Map<String, ComponentDefinition> now = new LinkedHashMap<>();
    read.forEach(d -> now.put(d.name(), d));
    List<String> deleted = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    applied.forEach((name, d) -> {
      if (!now.containsKey(name)) {
        if (brokenNames.contains(name) || brokenFiles.contains(d.source())) {
          kept.add(name);
        } else {
          deleted.add(name);
        }
      }
    });
    List<ComponentDefinition> updated = new ArrayList<>();
    List<ComponentDefinition> created = new ArrayList<>();
    for (ComponentDefinition d : now.values()) {
      ComponentDefinition before = applied.get(d.name());
      if (before == null) {
        created.add(d);
      } else if (!same(before, d)) {
        updated.add(d);
      }
    }
    return new ComponentDiff(deleted, secretStoresFirst(updated), secretStoresFirst(created), kept);
  }

  private static List<ComponentDefinition> secretStoresFirst(List<ComponentDefinition> ds) {
    List<ComponentDefinition> out = new ArrayList<>();
    ds.stream().filter(d -> d.type().startsWith("secretstores.")).forEach(out::add);
    ds.stream().filter(d -> !d.type().startsWith("secretstores.")).forEach(out::add);
    return out;
  }

  /** Whether {@code a} and {@code b} define the same component, wherever they were read from. */
  public static boolean same(ComponentDefinition a, ComponentDefinition b) {
    return a.name().equals(b.name()) && a.type().equals(b.type()) && a.version().equals(b.version())
        && a.scopes().equals(b.scopes()) && a.ignoreErrors() == b.ignoreErrors()
        && a.secretRefs().equals(b.secretRefs()) && sameMetadata(a.metadata(), b.metadata());
  }

  private static boolean sameMetadata(Map<String, String> a, Map<String, String> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, String> e : a.entrySet()) {
      String other = b.get(e.getKey());
      if (!Objects.equals(e.getValue(), other)
          && !UUID.matcher(e.getValue()).replaceAll("{uuid}").equals(UUID.matcher(other).replaceAll("{uuid}"))) {
        return false;
      }
    }
    return true;
  }
}
