package io.jdaprd.components.nameresolution;

import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.testkit.nameresolution.NameResolverConformance;
import java.time.Duration;
import java.util.Map;

/** The name-resolution conformance suite against {@link InProcessNameResolver}: every sidecar is in this JVM. */
class InProcessNameResolverConformanceTest extends NameResolverConformance {

  @Override
  protected NameResolver createResolver() {
    return new InProcessNameResolver();
  }

  @Override
  protected Map<String, String> configuration() {
    return Map.of();
  }

  @Override
  protected String resolverType() {
    return InProcessNameResolver.TYPE;
  }

  @Override
  protected Duration propagation() {
    return Duration.ofMillis(100);
  }
}
