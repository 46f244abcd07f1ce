package io.jdaprd.components.sqlite;

import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.testkit.nameresolution.NameResolverConformance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** The name-resolution conformance suite against {@link SqliteNameResolver} on a temporary database file. */
class SqliteNameResolverConformanceTest extends NameResolverConformance {
  @TempDir
  Path dir;

  @Override
  protected NameResolver createResolver() {
    return new SqliteNameResolver();
  }

  @Override
  protected Map<String, String> configuration() {
    return Map.of("connectionString", dir.resolve("nr.db").toString());
  }

  @Override
  protected String resolverType() {
    return SqliteNameResolver.TYPE;
  }

  @Override
  protected Duration propagation() {
    return Duration.ofSeconds(2);
  }
}
