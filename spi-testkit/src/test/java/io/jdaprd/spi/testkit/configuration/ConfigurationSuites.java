package io.jdaprd.spi.testkit.configuration;

import io.jdaprd.spi.configuration.ConfigurationStore;
import java.time.Duration;
import java.util.Map;

/**
 * {@link ConfigurationStoreConformance} against a {@link ReferenceConfigurationStore} with each defect, one nested
 * suite per defect, run by {@link ConfigurationStoreConformanceBitesTest} through the JUnit Platform.
 */
final class ConfigurationSuites {
  private ConfigurationSuites() {
  }

  /** The suite against a store with {@code defect}. */
  abstract static class Against extends ConfigurationStoreConformance {
    private final ReferenceConfigurationStore.Defect defect;

    Against(ReferenceConfigurationStore.Defect defect) {
      this.defect = defect;
    }

    @Override
    protected ConfigurationStore createStore() {
      return new ReferenceConfigurationStore(defect);
    }

    @Override
    protected Map<String, String> metadata() {
      return Map.of();
    }

    @Override
    protected String componentType() {
      return "configuration.reference";
    }

    @Override
    protected void write(String key, String value, String version) {
      ReferenceConfigurationStore.write(key, value, version);
    }

    @Override
    protected Duration propagation() {
      return Duration.ofMillis(300);
    }
  }

  static final class Conforming extends Against {
    Conforming() {
      super(ReferenceConfigurationStore.Defect.NONE);
    }
  }

  static final class DropsVersion extends Against {
    DropsVersion() {
      super(ReferenceConfigurationStore.Defect.DROPS_VERSION);
    }
  }

  static final class NotifiesEveryKey extends Against {
    NotifiesEveryKey() {
      super(ReferenceConfigurationStore.Defect.NOTIFIES_EVERY_KEY);
    }
  }

  static final class KeepsReporting extends Against {
    KeepsReporting() {
      super(ReferenceConfigurationStore.Defect.KEEPS_REPORTING_AFTER_UNSUBSCRIBE);
    }
  }

  static final class SameId extends Against {
    SameId() {
      super(ReferenceConfigurationStore.Defect.SAME_ID);
    }
  }

  static final class MissingKeyFails extends Against {
    MissingKeyFails() {
      super(ReferenceConfigurationStore.Defect.MISSING_KEY_FAILS);
    }
  }
}
