package io.jdaprd.core.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.secrets.SecretStore;
import io.jdaprd.spi.secrets.SecretStoreException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The secrets block: daprd's order of checks, its errors and messages, scopes on get and bulk get. */
class SecretsBlockTest {
  /** A store over a map that records the metadata of the last call. */
  static final class MapStore implements SecretStore {
    final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();
    Map<String, String> lastMetadata;
    boolean failBulk;

    MapStore with(String name, String value) {
      secrets.put(name, Map.of(name, value));
      return this;
    }

    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Map<String, String> get(String name, Map<String, String> metadata) throws SecretStoreException {
      lastMetadata = metadata;
      Map<String, String> s = secrets.get(name);
      if (s == null) {
        throw new SecretStoreException("secret " + name + " not found");
      }
      return s;
    }

    @Override
    public Map<String, Map<String, String>> bulkGet(Map<String, String> metadata) throws SecretStoreException {
      lastMetadata = metadata;
      if (failBulk) {
        throw new SecretStoreException("backend down");
      }
      return secrets;
    }
  }

  private static SecretScopes scopes(String yaml) throws Exception {
    JsonNode node = new YAMLMapper().readTree(yaml);
    return SecretScopes.parse(node);
  }

  private static DaprException error(Runnable call) {
    try {
      call.run();
    } catch (DaprException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  void noStoreIsNotConfiguredBeforeAnythingElse() {
    SecretsBlock block = new SecretsBlock(Map.of(), SecretScopes.NONE);
    DaprException e = error(() -> block.get("any", "k", Map.of()));
    assertThat(e.code()).isEqualTo(ErrorCode.SECRET_STORES_NOT_CONFIGURED);
    assertThat(e.getMessage()).isEqualTo("secret store is not configured");
    assertThat(error(() -> block.bulkGet("any", Map.of())).code())
        .isEqualTo(ErrorCode.SECRET_STORES_NOT_CONFIGURED);
  }

  @Test
  void unknownStoreIsNotFoundBeforeTheScope() throws Exception {
    SecretsBlock block = new SecretsBlock(Map.of("files", new MapStore()), scopes("""
        scopes:
        - storeName: other
          defaultAccess: deny
        """));
    DaprException e = error(() -> block.get("other", "k", Map.of()));
    assertThat(e.code()).isEqualTo(ErrorCode.SECRET_STORE_NOT_FOUND);
    assertThat(e.getMessage()).isEqualTo("failed finding secret store with key other");
    assertThat(error(() -> block.bulkGet("nope", Map.of())).getMessage())
        .isEqualTo("failed finding secret store with key nope");
  }

  @Test
  void getAnswersTheStoresSecretAndPassesTheMetadata() {
    MapStore store = new MapStore().with("db", "pw");
    SecretsBlock block = new SecretsBlock(Map.of("files", store), SecretScopes.NONE);
    assertThat(block.get("files", "db", Map.of("version_id", "2"))).isEqualTo(Map.of("db", "pw"));
    assertThat(store.lastMetadata).isEqualTo(Map.of("version_id", "2"));
  }

  @Test
  void aMissingSecretIsSecretGetWithTheStoresText() {
    SecretsBlock block = new SecretsBlock(Map.of("files", new MapStore()), SecretScopes.NONE);
    DaprException e = error(() -> block.get("files", "key1", Map.of()));
    assertThat(e.code()).isEqualTo(ErrorCode.SECRET_GET);
    assertThat(e.getMessage())
        .isEqualTo("failed getting secret with key key1 from secret store files: secret key1 not found");
  }

  @Test
  void aDeniedKeyIsPermissionDeniedBeforeTheStoreIsAsked() throws Exception {
    MapStore store = new MapStore().with("db", "pw");
    SecretsBlock block = new SecretsBlock(Map.of("files", store), scopes("""
        scopes:
        - storeName: files
          defaultAccess: allow
          deniedSecrets: [db]
        """));
    DaprException e = error(() -> block.get("files", "db", Map.of()));
    assertThat(e.code()).isEqualTo(ErrorCode.SECRET_PERMISSION_DENIED);
    assertThat(e.getMessage()).isEqualTo("access denied by policy to get \"db\" from \"files\"");
    assertThat(store.lastMetadata).isNull();
  }

  @Test
  void bulkLeavesOutDeniedSecretsSilently() throws Exception {
    MapStore store = new MapStore().with("a", "1").with("b", "2").with("c", "3");
    SecretsBlock block = new SecretsBlock(Map.of("files", store), scopes("""
        scopes:
        - storeName: files
          defaultAccess: deny
          allowedSecrets: [c, a]
        """));
    assertThat(block.bulkGet("files", Map.of())).isEqualTo(Map.of("a", Map.of("a", "1"), "c", Map.of("c", "3")));
  }

  @Test
  void aFailedBulkGetIsSecretGetWithTheBulkMessage() {
    MapStore store = new MapStore();
    store.failBulk = true;
    SecretsBlock block = new SecretsBlock(Map.of("files", store), SecretScopes.NONE);
    DaprException e = error(() -> block.bulkGet("files", Map.of()));
    assertThat(e.code()).isEqualTo(ErrorCode.SECRET_BULK_GET);
    assertThat(e.errorCode()).isEqualTo("ERR_SECRET_GET");
    assertThat(e.getMessage()).isEqualTo("failed getting secrets from secret store files: backend down");
  }

  @Test
  void scopesFollowDaprdsRules() throws Exception {
    SecretScopes s = scopes("""
        scopes:
        - storeName: allowList
          defaultAccess: allow
          allowedSecrets: [x]
          deniedSecrets: [x]
        - storeName: denyDefault
          defaultAccess: DENY
        - storeName: denyList
          deniedSecrets: [bad]
        """);
    assertThat(s.allows("allowList", "x")).isTrue();
    assertThat(s.allows("allowList", "y")).isFalse();
    assertThat(s.allows("denyDefault", "any")).isFalse();
    assertThat(s.allows("denyList", "bad")).isFalse();
    assertThat(s.allows("denyList", "good")).isTrue();
    assertThat(s.allows("unscoped", "anything")).isTrue();
    assertThat(SecretScopes.parse(null).allows("s", "k")).isTrue();
  }

  @Test
  void invalidScopesAreRefusedWithDaprdsMessages() {
    assertThatThrownBy(() -> scopes("scopes: [{storeName: a}, {storeName: a}]"))
        .hasMessage("a storeName is repeated in secrets configuration");
    assertThatThrownBy(() -> scopes("scopes: [{storeName: a, defaultAccess: maybe}]"))
        .hasMessage("defaultAccess maybe can be either allow or deny");
  }
}
