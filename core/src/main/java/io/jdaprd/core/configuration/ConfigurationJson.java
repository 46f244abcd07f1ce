package io.jdaprd.core.configuration;

import io.jdaprd.golang.GoJson;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import java.util.Map;

/**
 * Configuration items as daprd's Go encodes them ({@code encoding/json} of components-contrib's {@code Item}: keys
 * sorted, empty {@code value}, {@code version} and {@code metadata} left out), for the HTTP API and the updates
 * pushed to the app.
 */
public final class ConfigurationJson {
  private ConfigurationJson() {
  }

  /** The items of a get, as {@code json.Encoder} writes them (with the trailing newline). */
  public static String items(Map<String, ConfigurationItem> items) {
    return items(new GoJson(32 + 48 * items.size()), items).raw('\n').toString();
  }

  /** {@code update} as Go's {@code json.Encoder} writes daprd's {@code UpdateEvent}. */
  public static String update(ConfigurationUpdate update) {
    GoJson json = new GoJson(64).raw('{').key("id", true).string(update.subscriptionId()).key("items", false);
    items(json, update.items());
    return json.raw("}\n").toString();
  }

  /** A map of items as Go writes {@code map[string]*configuration.Item}: keys sorted, empty fields left out. */
  public static GoJson items(GoJson json, Map<String, ConfigurationItem> items) {
    json.raw('{');
    boolean first = true;
    for (String key : items.keySet().stream().sorted(GoJson::compareUtf8).toList()) {
      json.key(key, first);
      first = false;
      item(json, items.get(key));
    }
    return json.raw('}');
  }

  private static void item(GoJson json, ConfigurationItem item) {
    json.raw('{');
    boolean first = true;
    if (!item.value().isEmpty()) {
      json.key("value", true).string(item.value());
      first = false;
    }
    if (!item.version().isEmpty()) {
      json.key("version", first).string(item.version());
      first = false;
    }
    if (!item.metadata().isEmpty()) {
      json.key("metadata", first).stringMap(item.metadata());
    }
    json.raw('}');
  }
}
