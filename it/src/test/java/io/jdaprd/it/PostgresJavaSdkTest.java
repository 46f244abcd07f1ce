package io.jdaprd.it;

import io.jdaprd.components.postgresql.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Java SDK tests of {@link JavaSdkTest}, against a sidecar whose {@code statestore} is a private PostgreSQL. */
// The SDK test classes share their sidecar and client through static fields: they must not run at once.
@org.junit.jupiter.api.parallel.ResourceLock("java-sdk-test-statics")
class PostgresJavaSdkTest extends JavaSdkTest {
  private static PostgresServer postgres;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.start();
    String database = postgres.createDatabase();
    Path resources = Files.createTempDirectory(Locations.targetDir(), "postgres-resources");
    Files.writeString(resources.resolve("statestore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.postgresql
          version: v2
          metadata:
          - name: connectionString
            value: "%s"
          - name: actorStateStore
            value: "true"
        """.formatted(postgres.connectionString(database)));
    expectedType = "state.postgresql";
    expectedCapabilities = List.of("ETAG", "TRANSACTIONAL", "TTL", "QUERY_API", "ACTOR");
    expectedMismatch = "ABORTED: failed saving state in state store statestore: possible etag mismatch. error from "
        + "state store";
    startWith(SidecarProcess.withAppId("it-java-sdk-postgres").resources(resources));
  }

  @AfterAll
  static void stopPostgres() {
    if (postgres != null) {
      postgres.close();
    }
  }
}
