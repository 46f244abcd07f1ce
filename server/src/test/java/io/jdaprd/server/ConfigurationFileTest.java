package io.jdaprd.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config}, repeatable: environment variables expanded, later files laid over earlier ones. */
class ConfigurationFileTest {
  @TempDir
  Path dir;

  private Path file(String name, String spec) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, "apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: c\nspec:\n" + spec);
    return f;
  }

  @Test
  void laterFilesOverrideFieldByFieldAndReplaceLists() throws Exception {
    Path a = file("a.yaml", """
          logging:
            apiLogging:
              enabled: true
              obfuscateURLs: true
          api:
            denied:
            - {name: state, version: v1, protocol: http}
          features:
          - {name: A, enabled: true}
        """);
    Path b = file("b.yaml", """
          logging:
            apiLogging:
              enabled: false
          features:
          - {name: B, enabled: true}
        """);
    JsonNode spec = ConfigurationFile.spec(List.of(a, b), Map.of());
    assertThat(spec.path("logging").path("apiLogging").path("enabled").asBoolean()).isFalse();
    assertThat(spec.path("logging").path("apiLogging").path("obfuscateURLs").asBoolean()).isTrue();
    assertThat(spec.path("api").path("denied")).hasSize(1);
    assertThat(spec.path("features")).hasSize(1);
    assertThat(spec.path("features").get(0).path("name").asText()).isEqualTo("B");
  }

  @Test
  void environmentVariablesAreExpandedAsGoExpandsThem() {
    Map<String, String> env = Map.of("HOST", "collector", "PORT", "9411", "1", "one");
    assertThat(ConfigurationFile.expandEnv("http://${HOST}:$PORT/api", env)).isEqualTo("http://collector:9411/api");
    assertThat(ConfigurationFile.expandEnv("$UNSET-x ${UNSET}", env)).isEqualTo("-x ");
    assertThat(ConfigurationFile.expandEnv("$1abc", env)).isEqualTo("oneabc");
    assertThat(ConfigurationFile.expandEnv("cost: 5$ or $.", env)).isEqualTo("cost: 5$ or $.");
    assertThat(ConfigurationFile.expandEnv("a${b", env)).isEqualTo("ab");
  }

  @Test
  void apiListsLoggingAndComponentDenyListAreRead() throws Exception {
    Path c = file("c.yaml", """
          logging:
            apiLogging:
              enabled: true
              omitHealthChecks: true
          api:
            allowed:
            - {name: state, version: v1, protocol: grpc}
            - {name: publish, version: v1}
          components:
            deny: [state.redis, bindings.kafka/v1]
        """);
    java.util.List<String> warnings = new java.util.ArrayList<>();
    Flags flags = new Flags();
    Flags.parser(flags).parseArgs("--config", c.toString());
    Serving s = ServingSettings.from(flags, ConfigurationFile.spec(flags.config, Map.of()), warnings);
    assertThat(s.apiLogging()).isEqualTo(new io.jdaprd.core.runtime.ApiLogging(true, false, false));
    assertThat(s.apiAccess().allowed()).hasSize(2);
    assertThat(s.apiAccess().allowed("grpc")).hasSize(1);
    assertThat(s.deniedComponents()).containsExactly("state.redis", "bindings.kafka/v1");
    assertThat(warnings).singleElement().asString().contains("publish v1 has protocol ''");
    Flags off = new Flags();
    Flags.parser(off).parseArgs("--config", c.toString(), "--enable-api-logging=false");
    assertThat(ServingSettings.from(off, ConfigurationFile.spec(off.config, Map.of()), warnings).apiLogging()
        .enabled()).as("the flag, when given, wins").isFalse();
  }
}
