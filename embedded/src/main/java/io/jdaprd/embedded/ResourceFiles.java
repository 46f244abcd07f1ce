package io.jdaprd.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The resources of one embedded sidecar as YAML files in a private temporary folder, which the sidecar loads with
 * {@code --resources-path} exactly as the process loads a folder. Values are written as JSON strings (valid YAML),
 * so no value can break the document.
 */
final class ResourceFiles {
  private ResourceFiles() {
  }

  /** A component of {@code type}, version {@code v1}, with {@code metadata}. */
  static String component(String name, String type, String version, Map<String, String> metadata) {
    StringBuilder y = new StringBuilder("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: ")
        .append(quoted(name)).append("\nspec:\n  type: ").append(quoted(type)).append("\n  version: ")
        .append(quoted(version)).append('\n');
    if (metadata.isEmpty()) {
      y.append("  metadata: []\n");
    } else {
      y.append("  metadata:\n");
      metadata.forEach((k, v) -> y.append("  - name: ").append(quoted(k)).append("\n    value: ").append(quoted(v))
          .append('\n'));
    }
    return y.toString();
  }

  /** A {@code v2alpha1} declarative subscription routing every event of {@code topic} to {@code route}. */
  static String subscription(String name, String pubsub, String topic, String route) {
    return "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: " + quoted(name)
        + "\nspec:\n  pubsubname: " + quoted(pubsub) + "\n  topic: " + quoted(topic) + "\n  routes:\n    default: "
        + quoted(route) + "\n";
  }

  /**
   * A Configuration whose only setting is the {@code inprocess} name resolver: the sidecars of this JVM find each
   * other without a file, a database or multicast.
   */
  static String defaultConfiguration() {
    return "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: jdaprd-embedded\nspec:\n"
        + "  nameResolution:\n    component: inprocess\n";
  }

  /** Writes each document to its own file in a new temporary folder. */
  static Path write(List<String> documents) {
    try {
      Path dir = Files.createTempDirectory("jdaprd-embedded-");
      for (int i = 0; i < documents.size(); i++) {
        Files.writeString(dir.resolve(String.format("resource-%03d.yaml", i)), documents.get(i),
            StandardCharsets.UTF_8);
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded sidecar's resources", e);
    }
  }

  /** Writes one file in a new temporary file. */
  static Path writeFile(String prefix, String content) {
    try {
      Path file = Files.createTempFile(prefix, ".yaml");
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the embedded sidecar's " + prefix, e);
    }
  }

  /** Deletes a folder or file written here; what cannot be deleted is left. */
  static void delete(Path path) {
    if (path == null) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary file left behind is harmless
    }
  }

  private static String quoted(String s) {
    StringBuilder q = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\r' -> q.append("\\r");
        case '\t' -> q.append("\\t");
        default -> {
          if (c < 0x20) {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
