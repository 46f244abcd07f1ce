package io.jdaprd.core.component;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One {@code Component} resource as read from YAML, references resolved.
 *
 * @param name {@code metadata.name}
 * @param type {@code spec.type}
 * @param version {@code spec.version} ({@code v1} when absent)
 * @param metadata {@code spec.metadata}, values as strings
 * @param scopes the app ids the component is for; empty for all
 * @param ignoreErrors {@code spec.ignoreErrors}: a failed init only logs
 * @param source the file it came from
 */
public record ComponentDefinition(String name, String type, String version, Map<String, String> metadata,
    List<String> scopes, boolean ignoreErrors, Path source) {
  public ComponentDefinition {
    metadata = Map.copyOf(metadata);
    scopes = List.copyOf(scopes);
  }

  /** Whether the app {@code appId} may load this component. */
  public boolean visibleTo(String appId) {
    return scopes.isEmpty() || scopes.contains(appId);
  }
}
