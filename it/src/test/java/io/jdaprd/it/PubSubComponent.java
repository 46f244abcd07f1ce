package io.jdaprd.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A resources directory holding one pub/sub component, for a sidecar's {@code --resources-path}. */
final class PubSubComponent {
  private PubSubComponent() {
  }

  /**
   * Writes a new directory under {@code it/target/tmp} with the component {@code name} of {@code type} and
   * {@code metadata} (values quoted as YAML strings), and returns it.
   */
  static Path write(String name, String type, Map<String, String> metadata) {
    StringBuilder yaml = new StringBuilder("""
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: %s
        spec:
          type: %s
          version: v1
        """.formatted(name, type)).append(metadata.isEmpty() ? "  metadata: []\n" : "  metadata:\n");
    metadata.forEach((k, v) -> yaml.append("  - name: ").append(k).append("\n    value: \"").append(v)
        .append("\"\n"));
    Path dir = Locations.newDirectory("resources-");
    try {
      Files.writeString(dir.resolve(name + ".yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }
}
