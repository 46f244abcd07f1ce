package io.jdaprd.components.bindings;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.OutputBinding;
import io.jdaprd.spi.testkit.bindings.OutputBindingConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** {@code bindings.localstorage} on a temporary directory. */
class LocalStorageConformanceTest extends OutputBindingConformance {
  @TempDir
  static Path root;

  @Override
  protected OutputBinding createBinding(ComponentMetadata metadata) {
    return new LocalStorageBinding();
  }

  @Override
  protected Map<String, String> bindingMetadata() {
    return Map.of("rootPath", root.toString());
  }

  @Override
  protected String bindingType() {
    return LocalStorageBinding.TYPE;
  }

  @Override
  protected List<String> expectedOperations() {
    return List.of("create", "get", "list", "delete");
  }

  @Override
  protected BindingRequest deliveryRequest(String key, byte[] data) {
    return new BindingRequest("create", data, Map.of("fileName", "dir/" + key));
  }

  @Override
  protected byte[] awaitDelivered(String key, Duration timeout) throws Exception {
    Path file = root.resolve("dir").resolve(key);
    return Files.exists(file) ? Files.readAllBytes(file) : null;
  }

  @Override
  protected Optional<BindingRequest> readRequest(String key) {
    return Optional.of(new BindingRequest("get", null, Map.of("fileName", "dir/" + key)));
  }

  @Override
  protected BindingRequest failingRequest() {
    return new BindingRequest("get", null, Map.of("fileName", key("missing")));
  }
}
