package io.jdaprd.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

/** {@code spec.features} as daprd 1.18's {@code SetDefaultFeatures} and {@code LoadFeatures} decide them. */
class FeaturesTest {
  private static Features parse(String yaml) throws Exception {
    JsonNode spec = new YAMLMapper().readTree(yaml);
    return Features.parse(spec);
  }

  @Test
  void withoutAListDaprdsDefaultsAreOn() {
    Features f = Features.parse(MissingNode.getInstance());
    assertThat(f.enabled(Features.HOT_RELOAD)).isTrue();
    assertThat(f.enabledNames()).containsExactly("HotReload", "WorkflowsRemoteActivityReminder");
    assertThat(f.enabled("ActorStateTTL")).isFalse();
  }

  @Test
  void hotReloadCanBeSwitchedOffAndOthersOn() throws Exception {
    Features f = parse("""
        features:
          - {name: HotReload, enabled: false}
          - {name: ActorStateTTL, enabled: true}
          - {name: SomethingNew, enabled: true}
        """);
    assertThat(f.enabled(Features.HOT_RELOAD)).isFalse();
    assertThat(f.enabledNames()).containsExactly("ActorStateTTL", "SomethingNew", "WorkflowsRemoteActivityReminder");
  }

  @Test
  void theLastMentionWinsNamesAreExactAndMissingEnabledIsOff() throws Exception {
    Features f = parse("""
        features:
          - {name: ActorStateTTL, enabled: true}
          - {name: ActorStateTTL, enabled: false}
          - {name: hotreload, enabled: false}
          - {name: A}
          - {name: "", enabled: true}
        """);
    assertThat(f.enabled("ActorStateTTL")).isFalse();
    assertThat(f.enabled(Features.HOT_RELOAD)).as("hotreload is another name").isTrue();
    assertThat(f.enabled("A")).isFalse();
    assertThat(f.enabledNames()).containsExactly("HotReload", "WorkflowsRemoteActivityReminder");
  }

  @Test
  void aNonBooleanEnabledIsRefusedNamingTheItem() {
    assertThatThrownBy(() -> parse("features: [{name: HotReload, enabled: \"yes please\"}]"))
        .hasMessage("spec.features[0].enabled: yes please (expected: true or false)");
    assertThatThrownBy(() -> parse("features: {name: HotReload}"))
        .hasMessage("spec.features: expected a list of {name, enabled} items");
  }
}
