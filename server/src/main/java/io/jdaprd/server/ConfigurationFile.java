package io.jdaprd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads what this runtime uses of the {@code Configuration} resource given with {@code --config}: jdaprd's
 * {@code spec.errorDetails} ({@code dapr} or {@code rich}) and {@code spec.errorCodes} ({@code daprd} or
 * {@code published}), the same switches as {@code --error-details} and {@code --error-codes}.
 */
final class ConfigurationFile {
  private ConfigurationFile() {
  }

  /** The {@code spec.errorDetails} and {@code spec.errorCodes} values that are set. */
  static java.util.Map<String, String> errorSettings(Path file) throws Settings.BadFlagException {
    java.util.Map<String, String> out = new java.util.HashMap<>();
    JsonNode spec = spec(file);
    for (String key : new String[] {"errorDetails", "errorCodes"}) {
      JsonNode v = spec.path(key);
      if (!v.isMissingNode() && !v.isNull()) {
        out.put(key, v.asText());
      }
    }
    return out;
  }

  /**
   * The {@code spec} of the file's {@code Configuration} document (the last one when there are several); a missing
   * node when it has none.
   */
  static JsonNode spec(Path file) throws Settings.BadFlagException {
    try {
      JsonNode spec = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      for (JsonNode doc : new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
        if (doc != null && "Configuration".equals(doc.path("kind").asText())) {
          spec = doc.path("spec");
        }
      }
      return spec;
    } catch (IOException e) {
      throw new Settings.BadFlagException("--config: " + file + " (expected: a readable Configuration YAML file; "
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }
}
