package io.jdaprd.core.component;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.Component;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secretKeyRef}s: read from YAML with daprd's defaults, resolved at load through the secret store
 * {@code auth.secretStore} names, with secret stores loaded first; an unresolvable reference is a problem naming the
 * file, the item, the secret and the key, never a value.
 */
class SecretKeyRefTest {
  private static final String VALUE = "v@lue-of-the-secret";

  @TempDir
  Path dir;

  /** A secret store holding {@code db} = {user, password} and {@code token} = {token}. */
  public static final class Store implements SecretStore {
    static Map<String, String> lastMetadata;

    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Map<String, String> get(String name, Map<String, String> metadata) throws SecretStoreException {
      lastMetadata = metadata;
      return switch (name) {
        case "db" -> Map.of("user", "admin", "password", VALUE, "blank", "");
        case "token" -> Map.of("token", "tok");
        default -> throw new SecretStoreException("secret " + name + " not found");
      };
    }

    @Override
    public Map<String, Map<String, String>> bulkGet(Map<String, String> metadata) {
      return Map.of();
    }
  }

  /** A component that records its metadata. */
  public static final class Recorder implements Component {
    static Map<String, String> seen;

    @Override
    public void init(ComponentMetadata metadata) {
      seen = metadata.properties();
    }
  }

  private static final ComponentTypes TYPES = new ComponentTypes()
      .register(new ComponentType("secretstores.test", Set.of("v1"), Store::new))
      .register(new ComponentType("state.recorder", Set.of("v1"), Recorder::new));

  private Components load(String yaml) throws Exception {
    Files.writeString(dir.resolve("c.yaml"), yaml);
    ResourceLoader.Result read = new ResourceLoader("app", null, k -> null).load(List.of(dir));
    return Components.start(read.components(), read.problems(), TYPES, "app", d -> null);
  }

  @Test
  void refsAreResolvedThroughTheNamedStoreLoadedFirst() throws Exception {
    Components c = load("""
        kind: Component
        metadata: {name: rec, namespace: ns1}
        spec:
          type: state.recorder
          version: v1
          metadata:
          - {name: password, secretKeyRef: {name: db, key: password}}
          - {name: token, secretKeyRef: {name: token}}
          - {name: blank, value: kept, secretKeyRef: {name: db, key: blank}}
          - {name: plain, value: p}
        auth: {secretStore: vault}
        ---
        kind: Component
        metadata: {name: vault}
        spec: {type: secretstores.test, version: v1}
        """);
    assertThat(c.problems()).isEmpty();
    assertThat(c.loaded()).extracting(LoadedComponent::name).containsExactly("vault", "rec");
    assertThat(Recorder.seen).containsEntry("password", VALUE).containsEntry("token", "tok")
        .containsEntry("blank", "kept").containsEntry("plain", "p");
    assertThat(Store.lastMetadata).isEqualTo(Map.of("namespace", "ns1"));
    assertThat(c.loaded().get(1).definition().toString()).doesNotContain(VALUE);
  }

  @Test
  void withoutAuthSecretStoreTheComponentDoesNotLoad() throws Exception {
    Components c = load("""
        kind: Component
        metadata: {name: rec}
        spec:
          type: state.recorder
          metadata:
          - {name: password, secretKeyRef: {name: db, key: password}}
        ---
        kind: Component
        metadata: {name: vault}
        spec: {type: secretstores.test}
        """);
    assertThat(c.loaded()).extracting(LoadedComponent::name).containsExactly("vault");
    assertThat(c.problems()).singleElement().satisfies(p -> assertThat(p.describe())
        .contains("c.yaml").contains("component rec").contains("spec.metadata.password")
        .contains("secretKeyRef name db key password").contains("auth.secretStore is not set"));
  }

  @Test
  void aMissingStoreSecretOrKeyIsAProblemWithoutTheValue() throws Exception {
    Components c = load("""
        kind: Component
        metadata: {name: nostore}
        spec:
          type: state.recorder
          metadata: [{name: a, secretKeyRef: {name: db, key: password}}]
        auth: {secretStore: elsewhere}
        ---
        kind: Component
        metadata: {name: nosecret}
        spec:
          type: state.recorder
          metadata: [{name: b, secretKeyRef: {name: gone, key: k}}]
        auth: {secretStore: vault}
        ---
        kind: Component
        metadata: {name: nokey}
        spec:
          type: state.recorder
          metadata: [{name: c, secretKeyRef: {name: db, key: pasword}}]
        auth: {secretStore: vault}
        ---
        kind: Component
        metadata: {name: vault}
        spec: {type: secretstores.test}
        """);
    assertThat(c.loaded()).extracting(LoadedComponent::name).containsExactly("vault");
    assertThat(c.problems()).extracting(LoadProblem::describe).satisfiesExactly(
        p -> assertThat(p).contains("component nostore: spec.metadata.a: secretKeyRef name db key password")
            .contains("auth.secretStore elsewhere is not a loaded secret store"),
        p -> assertThat(p).contains("component nosecret: spec.metadata.b: secretKeyRef name gone key k")
            .contains("secret gone not found"),
        p -> assertThat(p).contains("component nokey: spec.metadata.c").contains("has no key pasword"));
    assertThat(c.problems()).allSatisfy(p -> assertThat(p.describe()).doesNotContain(VALUE));
  }
}
