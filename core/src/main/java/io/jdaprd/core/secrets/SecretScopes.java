package io.jdaprd.core.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The secret scopes of a Configuration's {@code spec.secrets.scopes}, as daprd reads and applies them: one scope per
 * {@code storeName}; a store without a scope allows every secret. Within a scope a non-empty
 * {@code allowedSecrets} decides alone; otherwise a key of {@code deniedSecrets} is denied, and any other key gets
 * {@code defaultAccess} ({@code allow} unless it says {@code deny}, in any case).
 */
public final class SecretScopes {
  /** No scopes: every secret of every store is allowed. */
  public static final SecretScopes NONE = new SecretScopes(Map.of());

  private final Map<String, Scope> byStore;

  private SecretScopes(Map<String, Scope> byStore) {
    this.byStore = Map.copyOf(byStore);
  }

  /** One store's scope. */
  private record Scope(boolean defaultAllow, List<String> allowed, Set<String> denied) {
    boolean allows(String key) {
      if (!allowed.isEmpty()) {
        return allowed.contains(key);
      }
      if (denied.contains(key)) {
        return false;
      }
      return defaultAllow;
    }
  }

  /**
   * Reads the {@code spec.secrets} node of a Configuration (missing or null: {@link #NONE}).
   *
   * @throws IllegalArgumentException when a store name is repeated or a {@code defaultAccess} is neither
   *     {@code allow} nor {@code deny}, with daprd's message; daprd refuses to start with such a Configuration
   */
  public static SecretScopes parse(JsonNode secrets) {
    if (secrets == null || secrets.isMissingNode() || secrets.isNull()) {
      return NONE;
    }
    Map<String, Scope> byStore = new LinkedHashMap<>();
    for (JsonNode scope : secrets.path("scopes")) {
      String store = scope.path("storeName").asText("");
      if (byStore.containsKey(store)) {
        throw new IllegalArgumentException(store + " storeName is repeated in secrets configuration");
      }
      String access = scope.path("defaultAccess").asText("");
      String lower = access.toLowerCase(Locale.ROOT);
      if (!access.isEmpty() && !lower.equals("allow") && !lower.equals("deny")) {
        throw new IllegalArgumentException("defaultAccess " + access + " can be either allow or deny");
      }
      byStore.put(store, new Scope(!lower.equals("deny"), strings(scope.path("allowedSecrets")),
          new HashSet<>(strings(scope.path("deniedSecrets")))));
    }
    return new SecretScopes(byStore);
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(n -> out.add(n.asText()));
    return Collections.unmodifiableList(out);
  }

  /** Whether secret {@code key} of store {@code store} may be read through the secrets API. */
  public boolean allows(String store, String key) {
    Scope scope = byStore.get(store);
    return scope == null || scope.allows(key);
  }
}
