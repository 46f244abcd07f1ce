package io.jdaprd.core.invoke.acl;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.factories.InvokeErrors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The access-control list of service invocation, from the Configuration's {@code spec.accessControl}, checked as
 * daprd's {@code pkg/acl} checks it when another sidecar calls this one.
 *
 * <p>Loading follows daprd, which decodes the Configuration over its default one: {@code defaultAction} is
 * {@code allow} and {@code trustDomain} is {@code public} unless the resource sets them, so no
 * {@code accessControl} at all allows every call, and so does one that sets only policies. An explicit
 * {@code accessControl: null} removes the list altogether ({@link #enforced()} is then false). When the
 * {@code defaultAction} is set to an empty string and policies are given, the global action is {@code deny}.
 * Every policy needs {@code appId}, {@code trustDomain} and {@code namespace}; otherwise the list is invalid and
 * daprd does not start. Actions are not validated: anything but {@code allow} (in any case) denies.
 *
 * <p>Checking: a caller without identity (no mTLS) gets the global action. A caller with identity gets the global
 * action unless a policy is registered for its app id and namespace with its trust domain; then the policy's
 * {@code defaultAction} applies, if it has one, unless one of its operations covers the invoked method. An operation
 * decides by its action for gRPC apps, and for HTTP apps by the action of the request's verb or {@code *}, keeping
 * the default when neither is listed. Operations of HTTP apps are matched in lower case.
 */
public final class AccessControl {
  /** daprd's action that allows a call; any other denies. */
  public static final String ALLOW = "allow";
  /** daprd's action that denies a call. */
  public static final String DENY = "deny";
  /** The trust domain when the resource sets none. */
  public static final String DEFAULT_TRUST_DOMAIN = "public";

  /**
   * daprd's default list, in force when the Configuration has no {@code accessControl} (or there is no
   * Configuration): {@code allow}, trust domain {@code public}, no policies.
   */
  public static final AccessControl DEFAULT = new AccessControl(ALLOW, DEFAULT_TRUST_DOMAIN, Map.of());

  /** No access control: every call is allowed, whoever makes it (daprd's ACL is {@code nil}). */
  public static final AccessControl NONE = new AccessControl(null, DEFAULT_TRUST_DOMAIN, Map.of());

  private final String defaultAction;
  private final String trustDomain;
  private final Map<String, AppPolicy> policies;

  private AccessControl(String defaultAction, String trustDomain, Map<String, AppPolicy> policies) {
    this.defaultAction = defaultAction;
    this.trustDomain = trustDomain;
    this.policies = policies;
  }

  private record AppPolicy(String appId, String defaultAction, String trustDomain, String namespace,
      OperationTrie<OperationActions> operations) {
  }

  private record OperationActions(String operation, Map<String, String> verbActions, String action) {
  }

  /**
   * Loads the {@code spec.accessControl} node of one Configuration.
   *
   * @param accessControl the node; {@code null} or a missing node when the resource has none
   * @param httpApp whether the app speaks HTTP ({@code --app-protocol} http, https or h2c): its operations are
   *     then matched in lower case
   * @throws InvalidAccessControlException when a policy lacks its app id, trust domain or namespace, or a value has
   *     the wrong shape
   */
  public static AccessControl parse(JsonNode accessControl, boolean httpApp) throws InvalidAccessControlException {
    return parseAll(accessControl == null ? List.of() : List.of(accessControl), httpApp);
  }

  /**
   * Loads the {@code spec.accessControl} nodes of several Configurations given in order, each decoded over the
   * previous ones as daprd decodes several {@code --config} files: a field that is set replaces the earlier value,
   * a list replaces the earlier list, {@code null} removes the whole list.
   *
   * @see #parse(JsonNode, boolean)
   */
  public static AccessControl parseAll(List<JsonNode> layers, boolean httpApp)
      throws InvalidAccessControlException {
    Spec spec = new Spec(ALLOW, DEFAULT_TRUST_DOMAIN);
    for (JsonNode layer : layers) {
      if (layer == null || layer.isMissingNode()) {
        continue;
      }
      if (layer.isNull()) {
        spec = null;
        continue;
      }
      if (!layer.isObject()) {
        throw new InvalidAccessControlException("accessControl: expected a mapping");
      }
      if (spec == null) {
        spec = new Spec("", "");
      }
      spec.overlay(layer);
    }
    return spec == null ? NONE : build(spec, httpApp);
  }

  /** The decoded resource, before daprd's checks. */
  private static final class Spec {
    String defaultAction;
    String trustDomain;
    List<JsonNode> policies;

    Spec(String defaultAction, String trustDomain) {
      this.defaultAction = defaultAction;
      this.trustDomain = trustDomain;
    }

    void overlay(JsonNode node) throws InvalidAccessControlException {
      defaultAction = string(node, "defaultAction", "accessControl", defaultAction);
      trustDomain = string(node, "trustDomain", "accessControl", trustDomain);
      JsonNode list = node.get("policies");
      if (list != null) {
        policies = list(list, "accessControl.policies");
      }
    }
  }

  private static AccessControl build(Spec spec, boolean httpApp) throws InvalidAccessControlException {
    if (spec.trustDomain.isEmpty() && spec.defaultAction.isEmpty()
        && (spec.policies == null || spec.policies.isEmpty())) {
      return NONE;
    }
    String trustDomain = spec.trustDomain.isEmpty() ? DEFAULT_TRUST_DOMAIN : spec.trustDomain;
    String defaultAction = spec.defaultAction.toLowerCase(Locale.ROOT);
    if (defaultAction.isEmpty()) {
      defaultAction = spec.policies == null || !spec.policies.isEmpty() ? DENY : ALLOW;
    }
    List<String> missingTrustDomain = new ArrayList<>();
    List<String> missingNamespace = new ArrayList<>();
    boolean missingAppId = false;
    Map<String, AppPolicy> policies = new HashMap<>();
    List<JsonNode> specs = spec.policies == null ? List.of() : spec.policies;
    for (int i = 0; i < specs.size(); i++) {
      String where = "accessControl.policies[" + i + "]";
      JsonNode p = specs.get(i);
      if (!p.isObject()) {
        throw new InvalidAccessControlException(where + ": expected a mapping");
      }
      String appId = string(p, "appId", where, "");
      String policyTrustDomain = string(p, "trustDomain", where, "");
      String namespace = string(p, "namespace", where, "");
      String policyDefault = string(p, "defaultAction", where, "");
      OperationTrie<OperationActions> trie = operations(p.get("operations"), where, httpApp);
      boolean invalid = false;
      if (appId.isEmpty()) {
        missingAppId = true;
      }
      if (policyTrustDomain.isEmpty()) {
        missingTrustDomain.add(appId);
        invalid = true;
      }
      if (namespace.isEmpty()) {
        missingNamespace.add(appId);
        invalid = true;
      }
      if (invalid || missingAppId) {
        continue;
      }
      policies.put(key(appId, namespace), new AppPolicy(appId, policyDefault, policyTrustDomain, namespace, trie));
    }
    if (!missingTrustDomain.isEmpty() || !missingNamespace.isEmpty() || missingAppId) {
      throw new InvalidAccessControlException("invalid access control spec. missing trustdomain for apps: "
          + goList(missingTrustDomain) + ", missing namespace for apps: " + goList(missingNamespace)
          + ", missing app name on at least one of the app policies: " + missingAppId);
    }
    return new AccessControl(defaultAction, trustDomain, Map.copyOf(policies));
  }

  /**
   * The operations of one policy: each name gets a leading {@code /} when it lacks one, and is lower-cased for an
   * HTTP app; each listed verb maps to the operation's action.
   */
  private static OperationTrie<OperationActions> operations(JsonNode node, String where, boolean httpApp)
      throws InvalidAccessControlException {
    OperationTrie<OperationActions> trie = new OperationTrie<>();
    List<JsonNode> operations = node == null ? null : list(node, where + ".operations");
    if (operations == null) {
      return trie;
    }
    for (int j = 0; j < operations.size(); j++) {
      String opWhere = where + ".operations[" + j + "]";
      JsonNode op = operations.get(j);
      if (!op.isObject()) {
        throw new InvalidAccessControlException(opWhere + ": expected a mapping");
      }
      String name = string(op, "name", opWhere, "");
      String action = string(op, "action", opWhere, "");
      if (!name.startsWith("/")) {
        name = "/" + name;
      }
      if (httpApp) {
        name = name.toLowerCase(Locale.ROOT);
      }
      Map<String, String> verbActions = new HashMap<>();
      JsonNode verbsNode = op.get("httpVerb");
      List<JsonNode> verbs = verbsNode == null ? null : list(verbsNode, opWhere + ".httpVerb");
      if (verbs != null) {
        for (int k = 0; k < verbs.size(); k++) {
          verbActions.put(scalar(verbs.get(k), opWhere + ".httpVerb[" + k + "]"), action);
        }
      }
      trie.put(name, new OperationActions(name, Map.copyOf(verbActions), action));
    }
    return trie;
  }

  /**
   * Whether a list is in force (daprd's ACL is not {@code nil}). daprd checks the caller's SPIFFE ID only then: a
   * malformed one is denied even when every call would be allowed.
   */
  public boolean enforced() {
    return defaultAction != null;
  }

  /**
   * The trust domain of this sidecar's own identity: the resource's {@code trustDomain}, {@code public} when it sets
   * none or when no list is in force.
   */
  public String trustDomain() {
    return trustDomain;
  }

  /** The global action, lower-cased, as loaded; {@code allow} when no list is in force. */
  public String defaultAction() {
    return defaultAction == null ? ALLOW : defaultAction;
  }

  /**
   * What daprd's called sidecar does before invoking its app ({@code callLocalValidateACL}, and its gRPC proxy):
   * normalise the method, then, when a list is in force, read the caller's SPIFFE ID and check the call.
   *
   * @param peerSpiffeId the SPIFFE ID of the caller's mTLS certificate ({@code SpiffeIds.fromCertificate}), or
   *     {@code null} without mTLS
   * @param method the invoked method as received
   * @param httpVerb the request's HTTP verb ({@code GET}, ...), or {@code null} when it carries none; only read
   *     when {@code http}
   * @param http whether the call is checked as an HTTP one (see {@link #check})
   * @return the normalised method, which daprd also sends to the app
   * @throws DaprException {@code InvokeErrors.invalidMethod} (InvalidArgument) for a method daprd refuses,
   *     {@code InvokeErrors.malformedCaller} (PermissionDenied) for an ID that does not name a Dapr app, and
   *     {@code InvokeErrors.accessDenied} (PermissionDenied) when the list denies the call
   */
  public String authorize(String peerSpiffeId, String method, String httpVerb, boolean http) {
    String normalized;
    try {
      normalized = InvokeMethods.normalize(method == null ? "" : method);
    } catch (InvokeMethods.InvalidMethodException e) {
      throw InvokeErrors.invalidMethod(e.getMessage());
    }
    if (!enforced()) {
      return normalized;
    }
    CallerIdentity caller = null;
    if (peerSpiffeId != null) {
      try {
        caller = CallerIdentity.parse(peerSpiffeId);
      } catch (CallerIdentity.MalformedSpiffeIdException e) {
        throw InvokeErrors.malformedCaller(peerSpiffeId);
      }
    }
    String verb = http && httpVerb != null && !httpVerb.isEmpty() ? httpVerb : "NONE";
    if (!check(caller, normalized, verb, http).allowed()) {
      throw InvokeErrors.accessDenied(caller == null ? "" : caller.uri(), normalized, verb);
    }
    return normalized;
  }

  /**
   * Checks a call from another sidecar.
   *
   * @param caller the caller's identity from its mTLS certificate, or {@code null} when there is none (mTLS off)
   * @param operation the invoked method, already normalised ({@link InvokeMethods#normalize}); a leading {@code /}
   *     is added when missing, and an HTTP check lower-cases it
   * @param httpVerb the HTTP verb of the request ({@code GET}, {@code POST}, ... as daprd's {@code HTTPExtension}
   *     names them), or {@code null} or {@code NONE} when the request carries none
   * @param http whether the call is checked as an HTTP one: the app speaks HTTP and the call is a service
   *     invocation ({@code CallLocal}); daprd's gRPC proxy checks with {@code false} and no verb
   */
  public Decision check(CallerIdentity caller, String operation, String httpVerb, boolean http) {
    if (defaultAction == null) {
      return new Decision(true, Decision.Scope.NONE);
    }
    String action = defaultAction;
    Decision.Scope scope = Decision.Scope.GLOBAL;
    if (caller == null) {
      return new Decision(allows(action), scope);
    }
    AppPolicy policy = policies.get(key(caller.appId(), caller.namespace()));
    if (policy == null || !policy.trustDomain().equals(caller.trustDomain())
        || !policy.namespace().equals(caller.namespace())) {
      return new Decision(allows(action), scope);
    }
    if (!policy.defaultAction().isEmpty()) {
      action = policy.defaultAction();
      scope = Decision.Scope.APP;
    }
    String op = operation == null ? "" : operation;
    if (!op.startsWith("/")) {
      op = "/" + op;
    }
    if (http) {
      op = op.toLowerCase(Locale.ROOT);
    }
    OperationActions actions = policy.operations().find(op);
    if (actions != null) {
      if (!http) {
        action = actions.action();
      } else if (httpVerb == null || httpVerb.isEmpty() || httpVerb.equals("NONE")) {
        action = policy.defaultAction();
      } else if (actions.verbActions().containsKey(httpVerb)) {
        action = actions.verbActions().get(httpVerb);
      } else if (actions.verbActions().containsKey("*")) {
        action = actions.verbActions().get("*");
      }
    }
    return new Decision(allows(action), scope);
  }

  private static boolean allows(String action) {
    return ALLOW.equalsIgnoreCase(action);
  }

  private static String key(String appId, String namespace) {
    return appId + "||" + namespace;
  }

  /** Go's {@code %v} of a string slice: {@code [a b]}. */
  private static String goList(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** A string field: its text when set, {@code current} when absent or null (Go's decoders leave it then). */
  private static String string(JsonNode parent, String field, String where, String current)
      throws InvalidAccessControlException {
    JsonNode v = parent.get(field);
    if (v == null || v.isNull()) {
      return current;
    }
    return scalar(v, where + "." + field);
  }

  private static String scalar(JsonNode v, String where) throws InvalidAccessControlException {
    if (!v.isValueNode()) {
      throw new InvalidAccessControlException(where + ": expected a string");
    }
    return v.isNull() ? "" : v.asText();
  }

  /** A list field: its items; {@code null} for an explicit null, as Go decodes it into a nil slice. */
  private static List<JsonNode> list(JsonNode v, String where) throws InvalidAccessControlException {
    if (v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw new InvalidAccessControlException(where + ": expected a list");
    }
    List<JsonNode> items = new ArrayList<>();
    v.forEach(items::add);
    return items;
  }
}
