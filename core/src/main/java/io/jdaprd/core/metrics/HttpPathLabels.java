package io.jdaprd.core.metrics;

import java.util.List;
import java.util.Set;

/**
 * daprd's {@code path} and {@code method} labels of the HTTP metrics. With {@code http.increasedCardinality}
 * (daprd 1.18's default when unset) the path loses its variable parts: {@code /v1.0/state/store/key} becomes
 * {@code /v1.0/state/store}, an actor's id becomes {@code {id}}, a workflow instance {@code {instanceId}}; without
 * it the path label is empty. The app's own {@code /dapr/config}, {@code /dapr/subscribe}, {@code /dapr/metrics} and
 * {@code /healthz} keep their path. A method outside HTTP's verbs is {@code UNKNOWN}; with {@code excludeVerbs} the
 * label is empty. With {@code http.pathMatching} the label is the pattern the path matches, as daprd's
 * {@code getMetricsPath} chooses it ({@link PathMatching}).
 */
public final class HttpPathLabels {
  private static final Set<String> STATIC_PATHS = Set.of("/dapr/config", "/dapr/metrics", "/dapr/subscribe",
      "/healthz");
  private static final Set<String> VERBS = Set.of("GET", "PUT", "POST", "PATCH", "DELETE", "HEAD", "OPTIONS",
      "CONNECT", "TRACE");

  private final boolean increasedCardinality;
  private final boolean excludeVerbs;
  private final PathMatching matching;

  /** Labels as {@code spec.metrics.http} says, without path matching. */
  public HttpPathLabels(boolean increasedCardinality, boolean excludeVerbs) {
    this(increasedCardinality, excludeVerbs, List.of());
  }

  /** Labels as {@code spec.metrics.http} says; {@code pathMatching} empty: none. */
  public HttpPathLabels(boolean increasedCardinality, boolean excludeVerbs, List<String> pathMatching) {
    this.increasedCardinality = increasedCardinality;
    this.excludeVerbs = excludeVerbs;
    this.matching = PathMatching.of(pathMatching, increasedCardinality);
  }

  /** The {@code path} label of a request the API served (its path without the query). */
  public String path(String path) {
    if (matching == null) {
      if (STATIC_PATHS.contains(path)) {
        return path;
      }
      return increasedCardinality ? lowCardinality(path) : "";
    }
    return metricsPath(PathMatching.normalize(path));
  }

  /** The {@code path} label of a call into the app (its path without the query). */
  public String clientPath(String path) {
    if (matching == null) {
      return path(path);
    }
    return lowCardinality(metricsPath(path));
  }

  /** daprd's {@code getMetricsPath}. */
  private String metricsPath(String path) {
    if (STATIC_PATHS.contains(path)) {
      return path;
    }
    if (matching != null) {
      String matched = matching.match(path);
      if (matched != null && !matched.isEmpty() && (!increasedCardinality || !matched.equals(path))) {
        return matched;
      }
      String normalized = lowCardinality(path);
      if (!normalized.equals(path)) {
        String again = matching.match(normalized);
        if (again != null && !again.isEmpty() && !again.equals("/")) {
          return again;
        }
      }
    }
    return increasedCardinality ? lowCardinality(path) : "";
  }

  /** The {@code method} label for an HTTP method. */
  public String method(String method) {
    if (excludeVerbs) {
      return "";
    }
    return VERBS.contains(method) ? method : "UNKNOWN";
  }

  /**
   * daprd's path normalisation: repeated slashes folded, a leading slash, the variable parts replaced. The common
   * paths (state, secrets, everything left as it is) are found by scanning for slashes, without splitting.
   */
  static String lowCardinality(String raw) {
    if (raw == null || raw.isEmpty()) {
      return "";
    }
    String path = raw;
    while (path.contains("//")) {
      path = path.replace("//", "/");
    }
    if (!path.startsWith("/")) {
      path = "/" + path;
    }
    int end0 = path.indexOf('/', 1);
    int end1 = end0 < 0 ? -1 : path.indexOf('/', end0 + 1);
    if (end1 < 0) {
      return path;
    }
    if (segmentIs(path, 1, end0, "actors") || segmentIs(path, end0 + 1, end1, "actors")
        || segmentIs(path, end0 + 1, end1, "workflows")) {
      return split(path);
    }
    if (segmentIs(path, end0 + 1, end1, "state") || segmentIs(path, end0 + 1, end1, "secrets")) {
      int end2 = path.indexOf('/', end1 + 1);
      return end2 < 0 ? path : path.substring(0, end2);
    }
    return path;
  }

  private static boolean segmentIs(String path, int from, int to, String segment) {
    return to - from == segment.length() && path.regionMatches(from, segment, 0, segment.length());
  }

  /** The actor and workflow paths, part by part as daprd splits them (at most six parts). */
  private static String split(String path) {
    String[] parts = path.substring(1).split("/", 6);
    if (parts[0].equals("actors")) {
      parts[2] = "{id}";
      return String.join("/", parts);
    }
    if (parts[1].equals("actors")) {
      if (parts.length < 5) {
        return path;
      }
      parts[3] = "{id}";
      return "/" + String.join("/", parts[0], parts[1], parts[2], parts[3], parts[4]);
    }
    return workflow(path, parts);
  }

  private static String workflow(String path, String[] parts) {
    if (parts.length < 4) {
      return path;
    }
    if (parts.length == 4) {
      parts[3] = "{instanceId}";
      return "/" + String.join("/", parts);
    }
    if (parts.length == 5 && !parts[4].isEmpty() && parts[4].startsWith("start")) {
      return "/" + String.join("/", parts[0], parts[1], parts[2], parts[3]) + "/start";
    }
    parts[3] = "{instanceId}";
    if (parts.length == 6 && parts[4].equals("raiseEvent") && !parts[5].isEmpty()) {
      parts[5] = "{eventName}";
      return "/" + String.join("/", parts);
    }
    return "/" + String.join("/", parts[0], parts[1], parts[2], parts[3], parts[4]);
  }
}
