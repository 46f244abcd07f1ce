package io.jdaprd.core.component;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code Component} resource as read from YAML: {@code envRef}s and tokens resolved, {@code secretKeyRef}s listed
 * in {@link #secretRefs()} and resolved into {@link #metadata()} when the component loads.
 *
 * @param name {@code metadata.name}
 * @param type {@code spec.type}
 * @param version {@code spec.version} ({@code v1} when absent)
 * @param metadata {@code spec.metadata}, values as strings
 * @param scopes the app ids the component is for; empty for all
 * @param ignoreErrors {@code spec.ignoreErrors}: a failed init only logs
 * @param source the file it came from
 * @param secretRefs the {@code secretKeyRef}s still to resolve into {@code metadata} when the component loads
 */
public record ComponentDefinition(String name, String type, String version, Map<String, String> metadata,
    List<String> scopes, boolean ignoreErrors, Path source, SecretRefs secretRefs) {
  public ComponentDefinition {
    metadata = Map.copyOf(metadata);
    scopes = List.copyOf(scopes);
    secretRefs = secretRefs == null ? SecretRefs.NONE : secretRefs;
  }

  /** A definition without {@code secretKeyRef}s. */
  public ComponentDefinition(String name, String type, String version, Map<String, String> metadata,
      List<String> scopes, boolean ignoreErrors, Path source) {
    this(name, type, version, metadata, scopes, ignoreErrors, source, SecretRefs.NONE);
  }

  /** This definition with {@code resolved} as its metadata (its secret references resolved). */
  public ComponentDefinition withMetadata(Map<String, String> resolved) {
    return new ComponentDefinition(name, type, version, resolved, scopes, ignoreErrors, source, secretRefs);
  }

  /** Names the metadata items but never their values, which may be secrets. */
  @Override
  public String toString() {
    return "ComponentDefinition[name=" + name + ", type=" + type + ", version=" + version + ", metadata keys="
        + metadata.keySet() + ", scopes=" + scopes + ", source=" + source + "]";
  }

  /** Whether the app {@code appId} may load this component. */
  public boolean visibleTo(String appId) {
    return scopes.isEmpty() || scopes.contains(appId);
  }
}
