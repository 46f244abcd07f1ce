package io.jdaprd.core.component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * Reads the {@code Component} resources of the resources paths: every {@code .yaml}/{@code .yml} file of each
 * directory, in name order, every YAML document of each file. A metadata item takes its {@code value}, else its
 * {@code envRef}, as daprd; a {@code secretKeyRef} (with the component's {@code auth.secretStore}) is kept for
 * {@link Components} to resolve once the secret stores are loaded. Other kinds ({@code Subscription},
 * {@code Configuration}, {@code Resiliency}, ...) are left to their own readers. Nothing here throws on bad input:
 * each problem becomes a {@link LoadProblem} and the rest is still read.
 */
public final class ResourceLoader {
  private static final YAMLMapper YAML = new YAMLMapper();

  private final String appId;
  private final String namespace;
  private final UnaryOperator<String> environment;

  /**
   * @param appId this sidecar's app id (scopes, {@code {appID}} tokens)
   * @param namespace the {@code NAMESPACE} of this sidecar, or {@code null}
   * @param environment reads an environment variable ({@code envRef}); {@code null} when unset
   */
  public ResourceLoader(String appId, String namespace, UnaryOperator<String> environment) {
    this.appId = appId;
    this.namespace = namespace;
    this.environment = environment;
  }

  /**
   * What was read: the components visible to this app, the documents of other kinds (for their own readers), and
   * the problems found.
   */
  public record Result(List<ComponentDefinition> components, List<ResourceDocument> others,
      List<LoadProblem> problems) {
  }

  /**
   * A YAML document of a kind other than {@code Component}, such as {@code Subscription}.
   *
   * @param kind its {@code kind}
   * @param document the whole document
   * @param source the file it came from
   */
  public record ResourceDocument(String kind, JsonNode document, Path source) {
  }

  /** Reads every resources directory; a missing directory is a problem, not a failure. */
  public Result load(List<Path> directories) {
    List<ComponentDefinition> components = new ArrayList<>();
    List<LoadProblem> problems = new ArrayList<>();
    List<ResourceDocument> others = new ArrayList<>();
    Map<String, Path> seen = new LinkedHashMap<>();
    for (Path dir : directories) {
      if (!Files.isDirectory(dir)) {
        problems.add(new LoadProblem(dir, null, "resources path is not a directory"));
        continue;
      }
      for (Path file : yamlFiles(dir, problems)) {
        for (ComponentDefinition c : readFile(file, problems, others)) {
          Path first = seen.putIfAbsent(c.name(), c.source());
          if (first != null) {
            problems.add(new LoadProblem(file, c.name(), "metadata.name: " + c.name()
                + " (expected: a name not used by another component; already defined in " + first + ")"));
          } else {
            components.add(c);
          }
        }
      }
    }
    return new Result(components, others, problems);
  }

  private static List<Path> yamlFiles(Path dir, List<LoadProblem> problems) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml"))
          .sorted().toList();
    } catch (IOException e) {
      problems.add(new LoadProblem(dir, null, "cannot list the directory: " + e.getMessage()));
      return List.of();
    }
  }

  /** The components of one file that are visible to this app. */
  List<ComponentDefinition> readFile(Path file, List<LoadProblem> problems) {
    return readFile(file, problems, new ArrayList<>());
  }

  private List<ComponentDefinition> readFile(Path file, List<LoadProblem> problems, List<ResourceDocument> others) {
    List<ComponentDefinition> out = new ArrayList<>();
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      while (docs.hasNextValue()) {
        JsonNode doc = docs.nextValue();
        if (doc != null && doc.isObject() && "Component".equals(doc.path("kind").asText())) {
          ComponentDefinition c = component(doc, file, problems);
          if (c != null && c.visibleTo(appId)) {
            out.add(c);
          }
        } else if (doc != null && doc.isObject() && doc.hasNonNull("kind")) {
          others.add(new ResourceDocument(doc.path("kind").asText(), doc, file));
        }
      }
    } catch (JsonProcessingException e) {
      problems.add(new LoadProblem(file, null, "malformed YAML: " + e.getOriginalMessage().replaceAll("\\s*\\R\\s*", " ")
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
    } catch (IOException | RuntimeException e) {
      problems.add(new LoadProblem(file, null, "cannot read the file: " + e.getMessage()));
    }
    return out;
  }

  private ComponentDefinition component(JsonNode doc, Path file, List<LoadProblem> problems) {
    String name = doc.path("metadata").path("name").asText("");
    if (name.isBlank()) {
      problems.add(new LoadProblem(file, null, "metadata.name is required"));
      return null;
    }
    String ns = doc.path("metadata").path("namespace").asText("");
    if (!ns.isEmpty() && namespace != null && !ns.equals(namespace)) {
      return null;
    }
    JsonNode spec = doc.path("spec");
    String type = spec.path("type").asText("");
    if (type.isBlank() || !type.contains(".")) {
      problems.add(new LoadProblem(file, name, "spec.type: " + (type.isBlank() ? "(missing)" : type)
          + " (expected: a type such as state.sqlite)"));
      return null;
    }
    String version = spec.path("version").asText("");
    Map<String, String> metadata = new LinkedHashMap<>();
    List<SecretRefs.Ref> refs = new ArrayList<>();
    JsonNode items = spec.path("metadata");
    if (!items.isMissingNode() && !items.isNull() && !items.isArray()) {
      problems.add(new LoadProblem(file, name, "spec.metadata: expected a list of {name, value} items"));
      return null;
    }
    for (JsonNode item : items) {
      String key = item.path("name").asText("");
      if (key.isBlank()) {
        problems.add(new LoadProblem(file, name, "spec.metadata: an item has no name"));
        return null;
      }
      String value;
      JsonNode v = item.path("value");
      boolean hasValue = !v.isMissingNode() && !v.isNull();
      if (!hasValue && !item.path("envRef").asText("").isEmpty()) {
        String env = environment.apply(item.path("envRef").asText(""));
        value = env == null ? "" : env;
      } else {
        value = !hasValue ? "" : v.isValueNode() ? v.asText() : v.toString();
        String secretName = item.path("secretKeyRef").path("name").asText("");
        if (!secretName.isEmpty()) {
          String secretKey = item.path("secretKeyRef").path("key").asText("");
          refs.add(new SecretRefs.Ref(key, secretName, secretKey.isEmpty() ? secretName : secretKey));
        }
      }
      metadata.put(key, tokens(value));
    }
    List<String> scopes = new ArrayList<>();
    doc.path("scopes").forEach(s -> scopes.add(s.asText()));
    return new ComponentDefinition(name, type, version.isBlank() ? "v1" : version, metadata, scopes,
        spec.path("ignoreErrors").asBoolean(false), file,
        new SecretRefs(doc.path("auth").path("secretStore").asText(""), ns, refs));
  }

  private String tokens(String value) {
    if (value.indexOf('{') < 0) {
      return value;
    }
    String out = value.replace("{appID}", appId).replace("{namespace}", namespace == null ? "" : namespace)
        .replace("{podName}", appId);
    while (out.contains("{uuid}")) {
      out = out.replaceFirst("\\{uuid\\}", UUID.randomUUID().toString());
    }
    return out;
  }
}
