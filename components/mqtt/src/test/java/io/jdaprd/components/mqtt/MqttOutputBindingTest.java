package io.jdaprd.components.mqtt;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.testkit.bindings.OutputBindingConformance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The output binding conformance suite for bindings.mqtt3 against a private mosquitto: {@code create} publishes to
 * the {@code topic} of the request metadata, which a plain client of the test watches; a publish to a topic with a
 * wildcard is refused by MQTT and must fail.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MqttOutputBindingTest extends OutputBindingConformance {
  private static final String PREFIX = "conformance-out/";
  private MosquittoServer server;
  private TestClient watcher;

  @BeforeAll
  void startServer() throws Exception {
    server = MosquittoServer.start();
    watcher = TestClient.watching(server.url(), PREFIX + "#");
  }

  @AfterAll
  void stopServer() throws Exception {
    if (watcher != null) {
      watcher.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Override
  protected OutputBinding createBinding(ComponentMetadata metadata) {
    return new MqttBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    return Map.of("url", server.url(), "topic", PREFIX + "default");
  }

  @Override
  protected String bindingType() {
    return MqttBinding.TYPE;
  }

  @Override
  protected List<String> expectedOperations() {
    return List.of("create");
  }

  @Override
  protected BindingRequest deliveryRequest(String key, byte[] data) {
    return new BindingRequest("create", data, Map.of("topic", PREFIX + key));
  }

  @Override
  protected byte[] awaitDelivered(String key, Duration timeout) throws Exception {
    return watcher.await(PREFIX + key, timeout);
  }

  @Override
  protected BindingRequest failingRequest() {
    return new BindingRequest("create", new byte[] {1}, Map.of("topic", PREFIX + "wild/#"));
  }
}
