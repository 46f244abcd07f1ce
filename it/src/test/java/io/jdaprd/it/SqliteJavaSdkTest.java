package io.jdaprd.it;

import org.junit.jupiter.api.BeforeAll;

/** The Java SDK tests of {@link JavaSdkTest}, against a sidecar on the embedded SQLite default. */
@org.junit.jupiter.api.parallel.ResourceLock("java-sdk-test-statics")
class SqliteJavaSdkTest extends JavaSdkTest {
  @BeforeAll
  static void startEmbedded() throws Exception {
    startSqlite();
  }
}
