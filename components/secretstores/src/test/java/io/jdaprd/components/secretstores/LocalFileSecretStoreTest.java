package io.jdaprd.components.secretstores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import io.jdaprd.spi.secrets.SecretStoreFeature;
import io.jdaprd.spi.testkit.secrets.SecretStoreConformance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code secretstores.local.file}: the conformance suite, and daprd's file format rules. */
class LocalFileSecretStoreTest extends SecretStoreConformance {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private LocalFileSecretStore store(String json, Map<String, String> extra) throws Exception {
    Path file = Files.createTempFile(dir, "secrets", ".json");
    Files.writeString(file, json);
    Map<String, String> metadata = new HashMap<>(extra);
    metadata.put("secretsFile", file.toString());
    LocalFileSecretStore store = new LocalFileSecretStore();
    store.init(new ComponentMetadata("files", LocalFileSecretStore.TYPE, "v1", "app", metadata));
    return store;
  }

  @Override
  protected SecretStore storeHolding(Map<String, String> secrets) throws Exception {
    return store(JSON.writeValueAsString(secrets), Map.of());
  }

  @Override
  protected SecretStore storeHoldingMultiValued(Map<String, Map<String, String>> secrets) throws Exception {
    return store(JSON.writeValueAsString(secrets), Map.of("multiValued", "true"));
  }

  @Test
  void nestedValuesAreFlattenedWithTheSeparator() throws Exception {
    String json = "{\"db\":{\"user\":\"u\",\"hosts\":[\"a\",\"b\"]},\"top\":\"t\"}";
    LocalFileSecretStore colon = store(json, Map.of());
    assertThat(colon.bulkGet(Map.of())).containsOnlyKeys("db:user", "db:hosts:0", "db:hosts:1", "top");
    assertThat(colon.get("db:hosts:1", Map.of())).isEqualTo(Map.of("db:hosts:1", "b"));
    LocalFileSecretStore dot = store(json, Map.of("nestedSeparator", "."));
    assertThat(dot.get("db.user", Map.of())).isEqualTo(Map.of("db.user", "u"));
    assertThat(dot.features()).isEmpty();
  }

  @Test
  void nonStringLeavesReadAsGoWritesThemWithPercentS() throws Exception {
    LocalFileSecretStore s = store("{\"port\":5432,\"ratio\":0.5,\"big\":1234567,\"on\":true,\"none\":null}",
        Map.of());
    assertThat(s.get("port", Map.of())).isEqualTo(Map.of("port", "%!s(float64=5432)"));
    assertThat(s.get("ratio", Map.of())).isEqualTo(Map.of("ratio", "%!s(float64=0.5)"));
    assertThat(s.get("big", Map.of())).isEqualTo(Map.of("big", "%!s(float64=1.234567e+06)"));
    assertThat(s.get("on", Map.of())).isEqualTo(Map.of("on", "%!s(bool=true)"));
    assertThat(s.get("none", Map.of())).isEqualTo(Map.of("none", "%!s(<nil>)"));
  }

  @Test
  void multiValuedKeepsTopLevelStringsAndObjectsOnly() throws Exception {
    LocalFileSecretStore s = store("{\"one\":\"v\",\"db\":{\"user\":\"u\",\"opts\":{\"ssl\":\"on\"}},\"n\":1,"
        + "\"list\":[\"x\"]}", Map.of("multiValued", "true"));
    assertThat(s.features()).containsExactly(SecretStoreFeature.MULTIPLE_KEY_VALUES);
    assertThat(s.bulkGet(Map.of())).isEqualTo(Map.of("one", Map.of("one", "v"),
        "db", Map.of("user", "u", "opts:ssl", "on")));
  }

  @Test
  void missingSecretIsDaprdsError() throws Exception {
    LocalFileSecretStore s = store("{\"a\":\"b\"}", Map.of());
    assertThatThrownBy(() -> s.get("nope", Map.of())).isInstanceOf(SecretStoreException.class)
        .hasMessage("secret nope not found");
  }

  @Test
  void aRepeatedPathEndsTheWalk() throws Exception {
    LocalFileSecretStore s = store("{\"a:b\":\"first\",\"a\":{\"b\":\"second\"},\"c\":\"never\"}", Map.of());
    assertThat(s.bulkGet(Map.of())).isEqualTo(Map.of("a:b", Map.of("a:b", "first")));
  }

  @Test
  void badMetadataAndFilesFailInit() throws Exception {
    LocalFileSecretStore s = new LocalFileSecretStore();
    assertThatThrownBy(() -> s.init(new ComponentMetadata("f", LocalFileSecretStore.TYPE, "v1", "app", Map.of())))
        .isInstanceOf(ComponentException.class).hasMessage("missing local secrets file in metadata");
    Path missing = dir.resolve("missing.json");
    assertThatThrownBy(() -> s.init(new ComponentMetadata("f", LocalFileSecretStore.TYPE, "v1", "app",
        Map.of("secretsFile", missing.toString())))).hasMessage("open " + missing + ": no such file or directory");
    assertThatThrownBy(() -> store("[1]", Map.of()))
        .hasMessage("json: cannot unmarshal array into Go value of type map[string]interface {}");
    assertThatThrownBy(() -> store("{\"a\":\"b\"}", Map.of("multiValued", "yes")))
        .hasMessageContaining("multiValued: yes");
    assertThat(store("null", Map.of()).bulkGet(Map.of())).isEmpty();
  }

  @Test
  void aRelativeFileIsReadFromTheWorkingDirectory() throws Exception {
    Path file = Files.createTempFile(Path.of("").toAbsolutePath(), "rel-secrets", ".json");
    try {
      Files.writeString(file, "{\"k\":\"v\"}");
      LocalFileSecretStore s = new LocalFileSecretStore();
      s.init(new ComponentMetadata("f", LocalFileSecretStore.TYPE, "v1", "app",
          Map.of("secretsFile", file.getFileName().toString())));
      assertThat(s.get("k", Map.of())).isEqualTo(Map.of("k", "v"));
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
