package io.jdaprd.server;

import io.jdaprd.core.component.ComponentDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What runs when no {@code --resources-path} is given: daprd's default folder {@code ~/.dapr/components} when it
 * holds resources, otherwise a {@code statestore} of type {@code state.sqlite} in a file under the user's data
 * directory ({@code $XDG_DATA_HOME/jdaprd}, else {@code ~/.local/share/jdaprd}), so that state survives restarts,
 * and a {@code pubsub} of type {@code pubsub.in-memory}.
 */
final class EmbeddedDefaults {
  /** The name the embedded defaults give their source in logs and metadata. */
  static final Path SOURCE = Path.of("(embedded defaults)");

  private EmbeddedDefaults() {
  }

  /** daprd's default resources folder, when it holds at least one YAML file. */
  static java.util.Optional<Path> defaultResourcesFolder(Map<String, String> env) {
    Path dir = home(env).resolve(".dapr").resolve("components");
    if (!Files.isDirectory(dir)) {
      return java.util.Optional.empty();
    }
    try (Stream<Path> files = Files.list(dir)) {
      boolean any = files.anyMatch(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"));
      return any ? java.util.Optional.of(dir) : java.util.Optional.empty();
    } catch (IOException e) {
      return java.util.Optional.empty();
    }
  }

  /** The embedded components. */
  static List<ComponentDefinition> components(Map<String, String> env) {
    Path db = dataDirectory(env).resolve("state.db");
    return List.of(new ComponentDefinition("statestore", "state.sqlite", "v1",
        Map.of("connectionString", db.toString(), "actorStateStore", "true"), List.of(), false, SOURCE),
        new ComponentDefinition("pubsub", "pubsub.in-memory", "v1", Map.of(), List.of(), false, SOURCE));
  }

  /** Where embedded components keep their files. */
  static Path dataDirectory(Map<String, String> env) {
    String xdg = env.get("XDG_DATA_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home(env).resolve(".local").resolve("share");
    return base.resolve("jdaprd");
  }

  private static Path home(Map<String, String> env) {
    String home = env.get("HOME");
    return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
  }
}
