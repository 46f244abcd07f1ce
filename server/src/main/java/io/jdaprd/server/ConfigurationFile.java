package io.jdaprd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads what this runtime uses of the {@code Configuration} resource given with {@code --config}: jdaprd's
 * {@code spec.errorDetails} ({@code dapr} or {@code rich}), the same switch as {@code --error-details}.
 */
final class ConfigurationFile {
  private ConfigurationFile() {
  }

  /** The {@code spec.errorDetails} value, or {@code null} when the file has none. */
  static String errorDetails(Path file) throws Settings.BadFlagException {
    try {
      for (JsonNode doc : new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll()) {
        if (doc != null && "Configuration".equals(doc.path("kind").asText())) {
          JsonNode v = doc.path("spec").path("errorDetails");
          return v.isMissingNode() || v.isNull() ? null : v.asText();
        }
      }
      return null;
    } catch (IOException e) {
      throw new Settings.BadFlagException("--config: " + file + " (expected: a readable Configuration YAML file; "
          + e.getMessage().lines().findFirst().orElse("") + ")");
    }
  }
}
