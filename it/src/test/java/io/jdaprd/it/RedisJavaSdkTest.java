package io.jdaprd.it;

import io.jdaprd.components.redis.RedisServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Java SDK tests of {@link JavaSdkTest}, against a sidecar whose {@code statestore} is a private Redis. */
// The SDK test classes share their sidecar and client through static fields: they must not run at once.
@org.junit.jupiter.api.parallel.ResourceLock("java-sdk-test-statics")
class RedisJavaSdkTest extends JavaSdkTest {
  private static RedisServer redis;

  @BeforeAll
  static void startRedis() throws Exception {
    redis = RedisServer.start();
    Path resources = Files.createTempDirectory(Locations.targetDir(), "redis-resources");
    Files.writeString(resources.resolve("statestore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.redis
          version: v1
          metadata:
          - name: redisHost
            value: "127.0.0.1:%d"
          - name: actorStateStore
            value: "true"
        """.formatted(redis.port()));
    expectedType = "state.redis";
    expectedCapabilities = List.of("ETAG", "TRANSACTIONAL", "TTL", "ACTOR");
    expectedMismatch = "ABORTED: failed saving state in state store statestore: possible etag mismatch. error from "
        + "state store: failed to set key it-java-sdk-redis||sdk-etag";
    startWith(SidecarProcess.withAppId("it-java-sdk-redis").resources(resources));
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }
}
