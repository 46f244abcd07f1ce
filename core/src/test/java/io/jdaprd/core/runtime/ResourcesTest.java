package io.jdaprd.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourcesTest {
  @TempDir
  Path dir;

  private static String configuration(String apiVersion, String name, String namespace) {
    return "apiVersion: " + apiVersion + "\nkind: Configuration\nmetadata:\n  name: " + name + "\n"
        + (namespace == null ? "" : "  namespace: " + namespace + "\n") + "spec:\n  tracing:\n    samplingRate: \"1\"\n";
  }

  @Test
  void configurationDocumentsAreListedByNameAsDaprdsDiskLoaderFindsThem() throws IOException {
    Files.writeString(dir.resolve("config.yaml"), configuration("dapr.io/v1alpha1", "appconfig", null) + "---\n"
        + configuration("dapr.io/v1alpha1", "mine", "prod") + "---\n"
        + configuration("dapr.io/v1alpha1", "theirs", "staging") + "---\n"
        + configuration("example.com/v1", "foreign", null));
    Files.writeString(dir.resolve("state.yaml"), "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n"
        + "  name: store\nspec:\n  type: state.in-memory\n  version: v1\n");

    Resources inProd = Resources.load(List.of(dir), "app", "prod", k -> null);
    Resources noNamespace = Resources.load(List.of(dir), "app", null, k -> null);

    assertThat(inProd.configurations()).containsExactly("appconfig", "mine");
    assertThat(noNamespace.configurations()).containsExactly("appconfig", "mine", "theirs");
    assertThat(inProd.components()).hasSize(1);
  }

  @Test
  void keepingOtherComponentsKeepsEverythingElse() throws IOException {
    Files.writeString(dir.resolve("config.yaml"), configuration("dapr.io/v1alpha1", "appconfig", null));
    Resources read = Resources.load(List.of(dir), "app", null, k -> null);

    Resources kept = read.withComponents(List.of());

    assertThat(kept.configurations()).containsExactly("appconfig");
    assertThat(kept).usingRecursiveComparison().ignoringFields("components").isEqualTo(read);
  }
}
