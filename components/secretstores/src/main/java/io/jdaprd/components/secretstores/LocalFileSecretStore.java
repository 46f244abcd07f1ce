package io.jdaprd.components.secretstores;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import io.jdaprd.spi.secrets.SecretStoreFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code secretstores.local.file}: the secrets of a JSON file, read once at init, as components-contrib's local file
 * store in daprd 1.18.
 *
 * <ul>
 *   <li>{@code secretsFile} (required) is opened as given, so a relative path is relative to the sidecar's working
 *       directory.</li>
 *   <li>Without {@code multiValued} the file is flattened: a nested value's name is its path joined with
 *       {@code nestedSeparator} (default {@code :}), array items by index; every secret has one key, its name.
 *       Leaves are written as Go's {@code %s} writes them ({@link GoSprint}). A path met twice ends the walk, as in
 *       daprd (the secrets read so far stay).</li>
 *   <li>With {@code multiValued: true} each top-level string is a secret of one key, each top-level object a secret
 *       whose keys are its flattened paths, and other top-level values are left out; the store then reports
 *       {@link SecretStoreFeature#MULTIPLE_KEY_VALUES}.</li>
 * </ul>
 */
public final class LocalFileSecretStore implements SecretStore {
  /** The component type. */
  public static final String TYPE = "secretstores.local.file";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Secret name to its key/value pairs. */
  private Map<String, Map<String, String>> secrets = Map.of();
  private Set<SecretStoreFeature> features = Set.of();

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    String file = metadata.properties().getOrDefault("secretsFile", "");
    if (file.isEmpty()) {
      throw new ComponentException("missing local secrets file in metadata");
    }
    String separator = metadata.properties().getOrDefault("nestedSeparator", "");
    if (separator.isEmpty()) {
      separator = ":";
    }
    boolean multiValued = parseBool(metadata.properties().getOrDefault("multiValued", ""));
    JsonNode root = read(file);
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (multiValued) {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isTextual()) {
          out.put(e.getKey(), Map.of(e.getKey(), e.getValue().asText()));
        } else if (e.getValue().isObject()) {
          Map<String, String> flat = new LinkedHashMap<>();
          flatten(e.getValue(), new ArrayList<>(), separator, flat);
          out.put(e.getKey(), flat);
        }
      }
      features = Set.of(SecretStoreFeature.MULTIPLE_KEY_VALUES);
    } else {
      Map<String, String> flat = new LinkedHashMap<>();
      flatten(root, new ArrayList<>(), separator, flat);
      flat.forEach((name, value) -> out.put(name, Map.of(name, value)));
      features = Set.of();
    }
    secrets = out;
  }

  /** Go's {@code strconv.ParseBool}, which daprd's metadata decoder uses; anything else is an error. */
  private static boolean parseBool(String value) throws ComponentException {
    return switch (value) {
      case "" -> false;
      case "1", "t", "T", "true", "TRUE", "True" -> true;
      case "0", "f", "F", "false", "FALSE", "False" -> false;
      default -> throw new ComponentException("multiValued: " + value + " (expected: true or false)");
    };
  }

  private static JsonNode read(String file) throws ComponentException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new ComponentException("open " + file + ": no such file or directory");
    } catch (IOException | RuntimeException e) {
      throw new ComponentException("open " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = JSON.readTree(bytes);
    } catch (IOException e) {
      throw new ComponentException("secrets file " + file + " is not valid JSON (line "
          + (e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
              ? p.getLocation().getLineNr() : 0) + ")");
    }
    if (root == null || root.isNull()) {
      return JSON.createObjectNode();
    }
    if (!root.isObject()) {
      throw new ComponentException("json: cannot unmarshal " + goKind(root)
          + " into Go value of type map[string]interface {}");
    }
    return root;
  }

  private static String goKind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "bool";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** Walks {@code node}; returns {@code false} once a path repeats, which stops the whole walk. */
  private static boolean flatten(JsonNode node, List<String> path, String separator, Map<String, String> out) {
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        path.add(e.getKey());
        boolean go = flatten(e.getValue(), path, separator, out);
        path.removeLast();
        if (!go) {
          return false;
        }
      }
      return true;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        path.add(Integer.toString(i));
        boolean go = flatten(node.get(i), path, separator, out);
        path.removeLast();
        if (!go) {
          return false;
        }
      }
      return true;
    }
    String name = String.join(separator, path);
    if (out.containsKey(name)) {
      return false;
    }
    Object leaf = node.isTextual() ? node.asText() : node.isBoolean() ? (Object) node.asBoolean()
        : node.isNumber() ? (Object) node.asDouble() : null;
    out.put(name, GoSprint.percentS(leaf));
    return true;
  }

  @Override
  public Set<SecretStoreFeature> features() {
    return features;
  }

  @Override
  public Map<String, String> get(String name, Map<String, String> metadata) throws SecretStoreException {
    Map<String, String> secret = secrets.get(name);
    if (secret == null) {
      throw new SecretStoreException("secret " + name + " not found");
    }
    return secret;
  }

  @Override
  public Map<String, Map<String, String>> bulkGet(Map<String, String> metadata) {
    return secrets;
  }

  /** Names the store's type and how many secrets it holds, never a value. */
  @Override
  public String toString() {
    return TYPE + " (" + secrets.size() + " secrets)";
  }
}
