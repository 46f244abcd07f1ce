package io.jdaprd.core.invoke.resolution;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.spi.ComponentMetadata;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Configuration's {@code spec.nameResolution}: which resolver, and its configuration.
 *
 * @param component the resolver type ({@code mdns}, {@code sqlite}, {@code kubernetes}); {@code mdns} when the
 *     Configuration names none (daprd's choice in standalone mode; {@code kubernetes} in Kubernetes mode)
 * @param version the version, {@code v1} when unset
 * @param configuration {@code configuration}, flattened to strings: scalars as their text, objects and arrays as
 *     their JSON
 */
public record NameResolutionSpec(String component, String version, Map<String, String> configuration) {
  /** The resolver daprd uses in standalone mode when the Configuration names none. */
  public static final String STANDALONE_DEFAULT = "mdns";
  /** The resolver daprd uses in Kubernetes mode when the Configuration names none. */
  public static final String KUBERNETES_DEFAULT = "kubernetes";

  public NameResolutionSpec {
    configuration = Map.copyOf(configuration);
  }

  /** The standalone default: {@code mdns}, {@code v1}, no configuration. */
  public static NameResolutionSpec standaloneDefault() {
    return new NameResolutionSpec(STANDALONE_DEFAULT, "v1", Map.of());
  }

  /**
   * Reads {@code spec.nameResolution}.
   *
   * @param nameResolution the node, or {@code null} / a missing or null node when the Configuration has none
   */
  public static NameResolutionSpec parse(JsonNode nameResolution) {
    if (nameResolution == null || !nameResolution.isObject()) {
      return standaloneDefault();
    }
    String component = text(nameResolution.get("component"));
    String version = text(nameResolution.get("version"));
    Map<String, String> configuration = new LinkedHashMap<>();
    JsonNode node = nameResolution.get("configuration");
    if (node != null && node.isObject()) {
      node.properties().forEach(entry -> {
        JsonNode value = entry.getValue();
        if (!value.isNull()) {
          configuration.put(entry.getKey(), value.isValueNode() ? value.asText() : value.toString());
        }
      });
    }
    return new NameResolutionSpec(component.isEmpty() ? STANDALONE_DEFAULT : component,
        version.isEmpty() ? "v1" : version, configuration);
  }

  /** The configuration as the resolver's {@code init} takes it: name {@code component}, type {@code nameresolution.<component>}. */
  public ComponentMetadata componentMetadata(String appId) {
    return new ComponentMetadata(component, "nameresolution." + component, version, appId, configuration);
  }

  private static String text(JsonNode node) {
    return node == null || node.isNull() ? "" : node.asText().trim();
  }
}
