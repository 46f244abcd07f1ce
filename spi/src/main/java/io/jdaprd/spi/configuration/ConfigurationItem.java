package io.jdaprd.spi.configuration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One configuration item, as components-contrib's {@code configuration.Item}.
 *
 * @param value the value; empty for an item that was deleted (in an update)
 * @param version the store's version of the value; empty when the store keeps none
 * @param metadata the item's metadata; empty for none
 */
public record ConfigurationItem(String value, String version, Map<String, String> metadata) {

  public ConfigurationItem {
    value = value == null ? "" : value;
    version = version == null ? "" : version;
    metadata = metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** An item without metadata. */
  public static ConfigurationItem of(String value, String version) {
    return new ConfigurationItem(value, version, Map.of());
  }
}
