package io.jdaprd.components.nameresolution;

import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.testkit.nameresolution.NameResolverConformance;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * The name-resolution conformance suite against {@link MdnsNameResolver}: every sidecar is a resolver in this JVM,
 * all on the real multicast group. Skipped loudly (failed under CI) where multicast does not work.
 */
class MdnsNameResolverConformanceTest extends NameResolverConformance {

  @BeforeAll
  static void multicastWorks() {
    Multicast.requireLoopback();
  }

  @Override
  protected NameResolver createResolver() {
    return new MdnsNameResolver();
  }

  @Override
  protected Map<String, String> configuration() {
    return Map.of();
  }

  @Override
  protected String resolverType() {
    return MdnsNameResolver.TYPE;
  }

  @Override
  protected Duration propagation() {
    return Duration.ofSeconds(8);
  }
}
