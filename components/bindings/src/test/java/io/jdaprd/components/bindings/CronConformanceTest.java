package io.jdaprd.components.bindings;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.InputBinding;
import io.jdaprd.spi.testkit.bindings.InputBindingConformance;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** {@code bindings.cron} firing every second. */
class CronConformanceTest extends InputBindingConformance {
  @Override
  protected InputBinding createBinding(ComponentMetadata metadata) {
    return new CronBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    return Map.of("schedule", "@every 1s");
  }

  @Override
  protected String bindingType() {
    return CronBinding.TYPE;
  }

  @Override
  protected boolean emitsOnItsOwn() {
    return true;
  }

  @Override
  protected Duration ownEventInterval() {
    return Duration.ofSeconds(1);
  }

  @Override
  protected Set<String> expectedMetadataKeys() {
    return Set.of("timeZone", "readTimeUTC");
  }
}
