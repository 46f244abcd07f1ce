package io.jdaprd.components.bindings;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.testkit.bindings.OutputBindingConformance;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@code bindings.http} against a private local HTTP server. */
class HttpBindingConformanceTest extends OutputBindingConformance {
  private static RecordingServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = new RecordingServer();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  protected OutputBinding createBinding(ComponentMetadata metadata) {
    return new HttpBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    return Map.of("url", server.url() + "/");
  }

  @Override
  protected String bindingType() {
    return HttpBinding.TYPE;
  }

  @Override
  protected List<String> expectedOperations() {
    return List.of("create", "get", "head", "post", "put", "patch", "delete", "options", "trace");
  }

  @Override
  protected BindingRequest deliveryRequest(String key, byte[] data) {
    return new BindingRequest("post", data, Map.of("path", "/store/" + key));
  }

  @Override
  protected byte[] awaitDelivered(String key, Duration timeout) {
    return server.stored.get(key);
  }

  @Override
  protected Optional<BindingRequest> readRequest(String key) {
    return Optional.of(new BindingRequest("get", null, Map.of("path", "store/" + key)));
  }

  @Override
  protected BindingRequest failingRequest() {
    return new BindingRequest("get", null, Map.of("path", "/status/503"));
  }
}
