package io.jdaprd.spi.configuration;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a subscription reports when items change, as components-contrib's {@code configuration.UpdateEvent}.
 *
 * @param subscriptionId the id {@link ConfigurationStore#subscribe} answered
 * @param items the changed items by key; a deleted key maps to an item whose value is empty
 */
public record ConfigurationUpdate(String subscriptionId, Map<String, ConfigurationItem> items) {

  public ConfigurationUpdate {
    items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
  }
}
