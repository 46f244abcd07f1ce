package io.jdaprd.core.component;

import java.util.List;

/**
 * The {@code secretKeyRef}s of a component's metadata, resolved when the component loads, through the secret store
 * {@code auth.secretStore} names (daprd in standalone mode has no default store: without it a reference cannot be
 * resolved).
 *
 * @param store {@code auth.secretStore}, empty when absent
 * @param namespace the resource's {@code metadata.namespace}, empty when absent; given to the store as daprd does
 * @param refs the references, in the order of the metadata items
 */
public record SecretRefs(String store, String namespace, List<Ref> refs) {
  /** No references. */
  public static final SecretRefs NONE = new SecretRefs("", "", List.of());

  public SecretRefs {
    refs = List.copyOf(refs);
  }

  /**
   * One reference: metadata item {@code field} takes key {@code key} of secret {@code name}.
   *
   * @param field the metadata item's name
   * @param name {@code secretKeyRef.name}
   * @param key {@code secretKeyRef.key}, or {@code name} when absent or empty (daprd's default)
   */
  public record Ref(String field, String name, String key) {
  }
}
