package io.jdaprd.core.invoke.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.core.component.ResourceLoader.ResourceDocument;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the {@code HTTPEndpoint} resources ({@code apiVersion: dapr.io/v1alpha1}) among the resources paths'
 * documents, as daprd's disk loader and its endpoint processing do. Nothing here fails the sidecar or its readiness:
 * as in daprd, every problem is a logged warning.
 *
 * <ul>
 *   <li>a name that is not a valid path segment ({@code .}, {@code ..}, or containing {@code /} or {@code %}) skips
 *       that resource; an empty name is skipped silently;
 *   <li>a resource of another {@code metadata.namespace} (with {@code NAMESPACE} set) or whose {@code scopes} do not
 *       name this app is skipped;
 *   <li>two visible resources of one name load none at all ({@code failed to load HTTP endpoints: duplicate
 *       definition ...});
 *   <li>{@code spec.headers[].envRef} (when the item has no value) reads the environment, except
 *       {@code APP_API_TOKEN}, {@code DAPR_*} and names with a space, and within {@code DAPR_ENV_KEYS} when set;
 *   <li>{@code secretKeyRef}s need a secret store, which this runtime does not load: the header keeps an empty
 *       value (the items after it are left unresolved too) and a TLS document given only by reference is absent.
 * </ul>
 */
public final class HttpEndpointResources {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpointResources.class);
  /** The {@code kind} of the resource. */
  public static final String KIND = "HTTPEndpoint";
  /** The only {@code apiVersion} daprd reads. */
  public static final String API_VERSION = "dapr.io/v1alpha1";

  private final String appId;
  private final String namespace;
  private final UnaryOperator<String> environment;

  /**
   * @param appId this sidecar's app id (scopes)
   * @param namespace this sidecar's {@code NAMESPACE}, or {@code null}
   * @param environment reads an environment variable; {@code null} when unset
   */
  public HttpEndpointResources(String appId, String namespace, UnaryOperator<String> environment) {
    this.appId = appId;
    this.namespace = namespace;
    this.environment = environment;
  }

  /** The endpoints of {@code documents} this app may call, in the order of the files. */
  public List<HttpEndpoint> read(List<ResourceDocument> documents) {
    Map<String, HttpEndpoint> byName = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (ResourceDocument d : documents) {
      JsonNode doc = d.document();
      if (!KIND.equals(d.kind()) || !API_VERSION.equals(doc.path("apiVersion").asText(""))) {
        continue;
      }
      String name = doc.path("metadata").path("name").asText("");
      String invalid = invalidName(name);
      if (invalid != null) {
        LOG.warn("daprd load HTTPEndpoint error when parsing manifests yaml resource in {}: invalid name \"{}\" "
            + "for \"HTTPEndpoint\": {}", d.source(), name, invalid);
        continue;
      }
      String ns = doc.path("metadata").path("namespace").asText("");
      if (!ns.isEmpty() && namespace != null && !namespace.isEmpty() && !ns.equals(namespace)) {
        continue;
      }
      String baseUrl = doc.path("spec").path("baseUrl").asText("");
      HttpEndpoint existing = byName.get(name);
      if (existing != null) {
        duplicates.add("duplicate definition of HTTPEndpoint name " + name + " (" + baseUrl + ") with existing "
            + existing.logName());
        continue;
      }
      if (!visible(doc.path("scopes")) || name.isEmpty()) {
        continue;
      }
      byName.put(name, endpoint(doc, name, baseUrl, d));
    }
    if (!duplicates.isEmpty()) {
      LOG.warn("failed to load HTTP endpoints: {}", String.join("\n", duplicates));
      return List.of();
    }
    byName.keySet().forEach(n -> LOG.info("Found http endpoint: {}", n));
    return List.copyOf(byName.values());
  }

  private HttpEndpoint endpoint(JsonNode doc, String name, String baseUrl, ResourceDocument d) {
    String secretStore = doc.path("auth").path("secretStore").asText("");
    List<HttpEndpoint.Header> headers = new ArrayList<>();
    boolean unresolved = false;
    for (JsonNode item : doc.path("spec").path("headers")) {
      String header = item.path("name").asText("");
      JsonNode given = item.path("value");
      String value = dynamicValue(given);
      boolean hasValue = !given.isMissingNode() && !given.isNull();
      if (!unresolved && !hasValue && !item.path("envRef").asText("").isEmpty()) {
        value = env(name, item.path("envRef").asText(""));
      } else if (!unresolved && !item.path("secretKeyRef").path("name").asText("").isEmpty()) {
        LOG.warn("HTTPEndpoint {} references a secret store that isn't loaded: {}", name, secretStore);
        unresolved = true;
      }
      headers.add(new HttpEndpoint.Header(header, value));
    }
    JsonNode tls = doc.path("spec").path("clientTLS");
    HttpEndpoint.ClientTls clientTls = null;
    if (tls.isObject()) {
      for (String document : List.of("rootCA", "certificate", "privateKey")) {
        if (!tls.path(document).path("secretKeyRef").path("name").asText("").isEmpty()) {
          LOG.warn("HTTPEndpoint {} references a secret store that isn't loaded: {}", name, secretStore);
        }
      }
      JsonNode renegotiation = tls.path("renegotiation");
      clientTls = new HttpEndpoint.ClientTls(tlsDocument(tls.path("rootCA")), tlsDocument(tls.path("certificate")),
          tlsDocument(tls.path("privateKey")), renegotiation.isMissingNode() || renegotiation.isNull() ? null
              : dynamicValue(renegotiation));
    }
    return new HttpEndpoint(name, baseUrl, headers, clientTls, d.source());
  }

  private String env(String endpoint, String key) {
    if (!envAllowed(key)) {
      LOG.warn("HTTPEndpoint {} references an env variable that isn't allowed: {}", endpoint, key);
      return "";
    }
    String value = environment.apply(key);
    return value == null ? "" : value;
  }

  /** daprd's allow rules for {@code envRef}: never the app token or {@code DAPR_*}, within {@code DAPR_ENV_KEYS}. */
  boolean envAllowed(String key) {
    String upper = key.toUpperCase(Locale.ROOT);
    if (upper.isEmpty() || upper.equals("APP_API_TOKEN") || upper.startsWith("DAPR_") || upper.contains(" ")) {
      return false;
    }
    String allowlist = environment.apply("DAPR_ENV_KEYS");
    if (allowlist == null || allowlist.isEmpty()) {
      return true;
    }
    int idx = allowlist.indexOf(upper);
    return idx >= 0 && (idx + upper.length() == allowlist.length() || allowlist.charAt(idx + upper.length()) == ' ')
        && (idx == 0 || allowlist.charAt(idx - 1) == ' ');
  }

  private static String tlsDocument(JsonNode document) {
    JsonNode value = document.path("value");
    return value.isMissingNode() || value.isNull() ? null : dynamicValue(value);
  }

  /** A value as daprd's {@code DynamicValue.String()} gives it: a string's text, any other JSON value's JSON. */
  static String dynamicValue(JsonNode value) {
    if (value.isMissingNode() || value.isNull()) {
      return "";
    }
    return value.isTextual() ? value.asText() : value.toString();
  }

  /** Kubernetes' path segment rule, with its messages; {@code null} when the name is valid. */
  static String invalidName(String name) {
    List<String> errors = new ArrayList<>();
    if (name.equals(".") || name.equals("..")) {
      errors.add("may not be '" + name + "'");
    }
    for (String c : List.of("/", "%")) {
      if (name.contains(c)) {
        errors.add("may not contain '" + c + "'");
      }
    }
    return errors.isEmpty() ? null : String.join("; ", errors);
  }

  private boolean visible(JsonNode scopes) {
    if (!scopes.isArray() || scopes.isEmpty()) {
      return true;
    }
    for (JsonNode s : scopes) {
      if (appId.equals(s.asText())) {
        return true;
      }
    }
    return false;
  }
}
