package io.jdaprd.spi.testkit.configuration;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.configuration.ConfigurationException;
import io.jdaprd.spi.configuration.ConfigurationItem;
import io.jdaprd.spi.configuration.ConfigurationStore;
import io.jdaprd.spi.configuration.ConfigurationUpdate;
import io.jdaprd.spi.configuration.UpdateListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An in-memory configuration store shared by every instance (the "backend"), keeping the contract, or breaking one
 * promise of it ({@link Defect}) so that the suite's checks can be seen to fail.
 */
final class ReferenceConfigurationStore implements ConfigurationStore {
  static final Map<String, ConfigurationItem> BACKEND = new ConcurrentHashMap<>();
  private static final Map<String, Watch> WATCHES = new ConcurrentHashMap<>();

  /** What the store gets wrong. */
  enum Defect {
    NONE, DROPS_VERSION, NOTIFIES_EVERY_KEY, KEEPS_REPORTING_AFTER_UNSUBSCRIBE, SAME_ID, MISSING_KEY_FAILS
  }

  private record Watch(ReferenceConfigurationStore owner, List<String> keys, UpdateListener listener) {
  }

  private final Defect defect;
  private final Map<String, Watch> mine = new ConcurrentHashMap<>();

  ReferenceConfigurationStore(Defect defect) {
    this.defect = defect;
  }

  /** A write into the backend, reported to the watches. */
  static void write(String key, String value, String version) {
    ConfigurationItem item = ConfigurationItem.of(value, version);
    BACKEND.put(key, item);
    WATCHES.forEach((id, w) -> {
      boolean watched = w.keys().isEmpty() || w.keys().contains(key)
          || w.owner().defect == Defect.NOTIFIES_EVERY_KEY;
      boolean live = w.owner().mine.containsKey(id) || w.owner().defect == Defect.KEEPS_REPORTING_AFTER_UNSUBSCRIBE;
      if (watched && live) {
        try {
          w.listener().onUpdate(new ConfigurationUpdate(id, Map.of(key, item)));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    });
  }

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public Map<String, ConfigurationItem> get(List<String> keys, Map<String, String> metadata)
      throws ConfigurationException {
    Map<String, ConfigurationItem> out = new LinkedHashMap<>();
    for (String key : keys.isEmpty() ? List.copyOf(BACKEND.keySet()) : keys) {
      ConfigurationItem item = BACKEND.get(key);
      if (item == null) {
        if (defect == Defect.MISSING_KEY_FAILS) {
          throw new ConfigurationException("no key " + key);
        }
        continue;
      }
      out.put(key, defect == Defect.DROPS_VERSION ? ConfigurationItem.of(item.value(), "") : item);
    }
    return out;
  }

  @Override
  public String subscribe(List<String> keys, Map<String, String> metadata, UpdateListener listener) {
    String id = defect == Defect.SAME_ID ? "the-id" + System.identityHashCode(this) : UUID.randomUUID().toString();
    Watch watch = new Watch(this, List.copyOf(keys), listener);
    mine.put(id, watch);
    WATCHES.put(id + (defect == Defect.SAME_ID ? UUID.randomUUID() : ""), watch);
    return id;
  }

  @Override
  public void unsubscribe(String id) throws ConfigurationException {
    if (mine.remove(id) == null) {
      throw new ConfigurationException("subscription with id " + id + " does not exist");
    }
    if (defect != Defect.KEEPS_REPORTING_AFTER_UNSUBSCRIBE) {
      WATCHES.remove(id);
    }
  }

  @Override
  public void close() {
    mine.keySet().forEach(WATCHES::remove);
    mine.clear();
  }
}
