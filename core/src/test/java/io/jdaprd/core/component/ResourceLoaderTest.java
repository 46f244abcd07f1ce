package io.jdaprd.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceLoaderTest {
  @TempDir
  Path dir;

  private ResourceLoader.Result load(String file, String yaml) throws Exception {
    Files.writeString(dir.resolve(file), yaml);
    return new ResourceLoader("myapp", null, Map.of("PASSWORD", "s3cret")::get).load(List.of(dir));
  }

  @Test
  void readsMultiDocumentFilesScopesEnvRefsAndTokens() throws Exception {
    ResourceLoader.Result r = load("a.yaml", """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: statestore
        spec:
          type: state.in-memory
          version: v1
          metadata:
          - name: keyPrefix
            value: name
          - name: timeout
            value: 5
          - name: password
            envRef: PASSWORD
          - name: consumer
            value: "{appID}-x"
        ---
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: other
        spec:
          type: state.in-memory
        scopes: [someoneelse]
        ---
        kind: Subscription
        metadata:
          name: sub
        """);
    assertThat(r.problems()).isEmpty();
    assertThat(r.components()).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("statestore");
      assertThat(c.metadata()).containsEntry("keyPrefix", "name").containsEntry("timeout", "5")
          .containsEntry("password", "s3cret").containsEntry("consumer", "myapp-x");
    });
  }

  @Test
  void problemsNameTheFileAndFieldAndTheRestStillLoads() throws Exception {
    Files.writeString(dir.resolve("good.yaml"), """
        kind: Component
        metadata: {name: good}
        spec: {type: state.in-memory, version: v1}
        """);
    Files.writeString(dir.resolve("broken.yaml"), "kind: Component\nmetadata: {name: [unclosed\n");
    Files.writeString(dir.resolve("dup.yml"), """
        kind: Component
        metadata: {name: good}
        spec: {type: state.in-memory}
        ---
        kind: Component
        metadata: {name: secret}
        spec:
          type: state.in-memory
          metadata:
          - name: password
            secretKeyRef: {name: db, key: password}
        ---
        kind: Component
        metadata: {name: notype}
        spec: {}
        """);
    ResourceLoader.Result r = new ResourceLoader("myapp", null, k -> null).load(List.of(dir));
    assertThat(r.components()).extracting(ComponentDefinition::name).containsExactly("good", "secret");
    assertThat(r.components().get(1).secretRefs().refs())
        .containsExactly(new SecretRefs.Ref("password", "db", "password"));
    assertThat(r.problems()).extracting(LoadProblem::describe).anySatisfy(p ->
        assertThat(p).contains("broken.yaml").contains("malformed YAML"))
        .anySatisfy(p -> assertThat(p).contains("dup.yml").contains("metadata.name: good").contains("good.yaml"))
        .anySatisfy(p -> assertThat(p).contains("component notype").contains("spec.type"));
  }
}
