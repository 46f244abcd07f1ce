package io.jdaprd.core.invoke.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jdaprd.spi.ComponentMetadata;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading a Configuration's {@code spec.nameResolution}. */
class NameResolutionSpecTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode nameResolution(String yaml) throws Exception {
    return YAML.readTree(yaml).path("spec").path("nameResolution");
  }

  @Test
  @DisplayName("component, version and a flattened configuration")
  void full() throws Exception {
    NameResolutionSpec spec = NameResolutionSpec.parse(nameResolution("""
        spec:
          nameResolution:
            component: sqlite
            version: v1
            configuration:
              connectionString: /tmp/nr.db
              updateInterval: 5s
              cleanupIntervalInSeconds: 60
              enabled: true
              nothing: null
              nested:
                a: 1
        """));
    assertThat(spec.component()).isEqualTo("sqlite");
    assertThat(spec.version()).isEqualTo("v1");
    assertThat(spec.configuration()).isEqualTo(Map.of("connectionString", "/tmp/nr.db", "updateInterval", "5s",
        "cleanupIntervalInSeconds", "60", "enabled", "true", "nested", "{\"a\":1}"));
    ComponentMetadata metadata = spec.componentMetadata("myapp");
    assertThat(metadata.name()).isEqualTo("sqlite");
    assertThat(metadata.type()).isEqualTo("nameresolution.sqlite");
    assertThat(metadata.appId()).isEqualTo("myapp");
    assertThat(metadata.get("CONNECTIONSTRING")).contains("/tmp/nr.db");
  }

  @Test
  @DisplayName("no nameResolution, or no component, is mdns v1 (daprd's standalone default)")
  void defaults() throws Exception {
    assertThat(NameResolutionSpec.parse(nameResolution("spec: {}"))).isEqualTo(NameResolutionSpec.standaloneDefault());
    assertThat(NameResolutionSpec.parse(null)).isEqualTo(new NameResolutionSpec("mdns", "v1", Map.of()));
    NameResolutionSpec configuredOnly = NameResolutionSpec.parse(nameResolution("""
        spec:
          nameResolution:
            configuration:
              x: y
        """));
    assertThat(configuredOnly).isEqualTo(new NameResolutionSpec("mdns", "v1", Map.of("x", "y")));
  }
}
