package io.jdaprd.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hot reload's diff: daprd's order of changes, and a broken edit keeping the last good definition. */
class ComponentDiffTest {
  private static ComponentDefinition def(String name, String type, String file, Map<String, String> metadata) {
    return new ComponentDefinition(name, type, "v1", metadata, List.of(), false, Path.of(file));
  }

  private static Map<String, ComponentDefinition> applied(ComponentDefinition... ds) {
    Map<String, ComponentDefinition> m = new LinkedHashMap<>();
    for (ComponentDefinition d : ds) {
      m.put(d.name(), d);
    }
    return m;
  }

  @Test
  void addedChangedAndRemovedDefinitionsAreSortedOut() {
    ComponentDefinition a = def("a", "state.in-memory", "a.yaml", Map.of());
    ComponentDefinition b = def("b", "pubsub.in-memory", "b.yaml", Map.of("x", "1"));
    ComponentDefinition c = def("c", "state.in-memory", "c.yaml", Map.of());
    ComponentDefinition b2 = def("b", "pubsub.in-memory", "b.yaml", Map.of("x", "2"));
    ComponentDefinition d = def("d", "state.in-memory", "d.yaml", Map.of());
    ComponentDefinition secrets = def("s", "secretstores.local.env", "s.yaml", Map.of());

    ComponentDiff diff = ComponentDiff.between(applied(a, b, c), List.of(a, b2, d, secrets), List.of());

    assertThat(diff.deleted()).containsExactly("c");
    assertThat(diff.updated()).containsExactly(b2);
    assertThat(diff.created()).as("secret stores first").containsExactly(secrets, d);
    assertThat(diff.kept()).isEmpty();
    assertThat(ComponentDiff.between(applied(a, b), List.of(a, b), List.of()).isEmpty()).isTrue();
  }

  @Test
  void aFileThatNoLongerReadsKeepsItsComponents() {
    ComponentDefinition a = def("a", "state.in-memory", "/r/a.yaml", Map.of());
    ComponentDefinition b = def("b", "state.in-memory", "/r/b.yaml", Map.of());
    ComponentDiff diff = ComponentDiff.between(applied(a, b), List.of(b),
        List.of(new LoadProblem(Path.of("/r/a.yaml"), null, "malformed YAML: ...")));
    assertThat(diff.deleted()).isEmpty();
    assertThat(diff.kept()).containsExactly("a");
    assertThat(diff.isEmpty()).isTrue();
  }

  @Test
  void aDefinitionTheReadRefusedIsKeptButItsRemovalIsNot() {
    ComponentDefinition a = def("a", "state.in-memory", "/r/a.yaml", Map.of());
    ComponentDefinition b = def("b", "state.in-memory", "/r/b.yaml", Map.of());
    ComponentDiff diff = ComponentDiff.between(applied(a, b), List.of(),
        List.of(new LoadProblem(Path.of("/r/a.yaml"), "a", "spec.type: (missing)")));
    assertThat(diff.kept()).containsExactly("a");
    assertThat(diff.deleted()).containsExactly("b");
  }

  @Test
  void sameIgnoresTheFileAndFreshUuidsButNotRealChanges() {
    ComponentDefinition a = def("a", "pubsub.in-memory", "/r/a.yaml",
        Map.of("consumerID", "c-0f8fad5b-d9cb-469f-a165-70867728950e"));
    ComponentDefinition moved = def("a", "pubsub.in-memory", "/r/other.yaml",
        Map.of("consumerID", "c-7c9e6679-7425-40de-944b-e07fc1f90ae7"));
    assertThat(ComponentDiff.same(a, moved)).isTrue();
    assertThat(ComponentDiff.same(a, def("a", "pubsub.in-memory", "/r/a.yaml", Map.of("consumerID", "c-1"))))
        .isFalse();
    assertThat(ComponentDiff.same(a, def("a", "pubsub.redis", "/r/a.yaml", a.metadata()))).isFalse();
    assertThat(ComponentDiff.same(a, new ComponentDefinition("a", "pubsub.in-memory", "v1", a.metadata(),
        List.of("other-app"), false, Path.of("/r/a.yaml")))).isFalse();
  }
}
