package io.jdaprd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code Configuration} resources given with {@code --config}, as daprd reads them in standalone mode:
 * {@code $VAR} and {@code ${VAR}} are replaced by the environment's values (empty when unset) before the YAML is
 * parsed, and each later file is laid over the earlier ones field by field (objects merge, lists and values
 * replace). jdaprd's own {@code spec.errorDetails} ({@code dapr} or {@code rich}) and {@code spec.errorCodes}
 * ({@code daprd} or {@code published}) are the same switches as {@code --error-details} and {@code --error-codes}.
 */
final class ConfigurationFile {
  private ConfigurationFile() {
  }

  /** The {@code spec.errorDetails} and {@code spec.errorCodes} values that are set in {@code spec}. */
  static Map<String, String> errorSettings(JsonNode spec) {
    Map<String, String> out = new java.util.HashMap<>();
    for (String key : new String[] {"errorDetails", "errorCodes"}) {
      JsonNode v = spec.path(key);
      if (!v.isMissingNode() && !v.isNull()) {
        out.put(key, v.asText());
      }
    }
    return out;
  }

  /** The merged {@code spec} of {@code files}; a missing node when there are none. */
  static JsonNode spec(List<Path> files, Map<String, String> env) throws Settings.BadFlagException {
    JsonNode merged = MissingNode.getInstance();
    for (Path file : files) {
      JsonNode spec = spec(file, env);
      merged = merged.isMissingNode() ? spec : merge(merged, spec);
    }
    return merged;
  }

  /**
   * The {@code spec} of the file's {@code Configuration} document (the last one when there are several); a missing
   * node when it has none.
   */
  static JsonNode spec(Path file, Map<String, String> env) throws Settings.BadFlagException {
    try {
      String text = expandEnv(Files.readString(file), env);
      JsonNode spec = MissingNode.getInstance();
      for (JsonNode doc : new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(text).readAll()) {
        if (doc != null && "Configuration".equals(doc.path("kind").asText())) {
          spec = doc.path("spec");
        }
      }
      return spec;
    } catch (IOException e) {
      throw new Settings.BadFlagException("--config: " + file + " (expected: a readable Configuration YAML file; "
          + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
    }
  }

  /** {@code over} laid over {@code base}: objects merge key by key, anything else replaces. */
  static JsonNode merge(JsonNode base, JsonNode over) {
    if (!(base instanceof ObjectNode b) || !(over instanceof ObjectNode o)) {
      return over.isMissingNode() ? base : over;
    }
    ObjectNode out = b.deepCopy();
    for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode existing = out.get(field.getKey());
      out.set(field.getKey(), existing == null ? field.getValue() : merge(existing, field.getValue()));
    }
    return out;
  }

  /**
   * Go's {@code os.ExpandEnv}: {@code ${NAME}} and {@code $NAME} (letters, digits and underscores) become the
   * variable's value, empty when it is unset, as do {@code $1}, {@code $?} and Go's other
   * one-character names; a {@code $} followed by anything else is kept.
   */
  static String expandEnv(String text, Map<String, String> env) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$' || i + 1 >= text.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = text.charAt(i + 1);
      if (next == '{') {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          // Go drops a "${" without its closing brace
          i += 2;
          continue;
        }
        String name = text.substring(i + 2, end);
        out.append(env.getOrDefault(name, ""));
        i = end + 1;
      } else if ("*#$@!?-0123456789".indexOf(next) >= 0) {
        out.append(env.getOrDefault(String.valueOf(next), ""));
        i += 2;
      } else if (isNameChar(next)) {
        int end = i + 1;
        while (end < text.length() && isNameChar(text.charAt(end))) {
          end++;
        }
        out.append(env.getOrDefault(text.substring(i + 1, end), ""));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static boolean isNameChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c) && c < 128;
  }
}
