package io.jdaprd.components.redis;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.testkit.bindings.OutputBindingConformance;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The output binding conformance suite for {@code bindings.redis} against a private redis-server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisBindingConformanceTest extends OutputBindingConformance {
  private RedisServer server;
  private RedisClient client;
  private StatefulRedisConnection<String, byte[]> direct;

  @BeforeAll
  void startServer() throws Exception {
    server = RedisServer.start();
    client = RedisClient.create(RedisURI.create("127.0.0.1", server.port()));
    direct = client.connect(RedisLink.CODEC);
  }

  @AfterAll
  void stopServer() {
    if (direct != null) {
      direct.close();
      client.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected OutputBinding createBinding(ComponentMetadata metadata) {
    return new RedisBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    return Map.of("redisHost", server.address());
  }

  @Override
  protected String bindingType() {
    return RedisBinding.TYPE;
  }

  @Override
  protected List<String> expectedOperations() {
    return List.of("create", "delete", "get", "increment");
  }

  @Override
  protected BindingRequest deliveryRequest(String key, byte[] data) {
    return new BindingRequest("create", data, Map.of("key", key));
  }

  @Override
  protected byte[] awaitDelivered(String key, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      byte[] value = direct.sync().get(key);
      if (value != null || System.nanoTime() > deadline) {
        return value;
      }
      Thread.sleep(20);
    }
  }

  @Override
  protected Optional<BindingRequest> readRequest(String key) {
    return Optional.of(new BindingRequest("get", null, Map.of("key", key)));
  }

  @Override
  protected BindingRequest failingRequest() {
    return new BindingRequest("get", null, Map.of());
  }
}
