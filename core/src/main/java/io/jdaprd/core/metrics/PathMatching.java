package io.jdaprd.core.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * daprd's {@code spec.metrics.http.pathMatching}: the path label of a request becomes the pattern it matches,
 * patterns as Go's {@code http.ServeMux} reads them ({@code /orders/{id}} matches one segment, {@code {rest...}}
 * the rest of the path, a trailing {@code /} a subtree, {@code {$}} the end; the most specific pattern wins). For
 * each pattern that is not an invocation path, {@code /v1.0/invoke/{app_id}/method<pattern>} is matched as well.
 * With {@code increasedCardinality} (daprd's legacy mode) and no {@code /} pattern, an unmatched path is labelled
 * as without path matching; without it, an unmatched path has an empty label.
 */
final class PathMatching {
  private static final int LITERAL = 3;
  private static final int WILDCARD = 2;
  private static final int REST = 1;

  private record Pattern(String text, List<String> segments, boolean subtree, int[] ranks) {
  }

  private final List<Pattern> patterns = new ArrayList<>();
  private final boolean returnRawPath;

  /** A matcher of {@code paths}, or {@code null} when there are none (path matching off). */
  static PathMatching of(List<String> paths, boolean legacy) {
    return paths == null || paths.isEmpty() ? null : new PathMatching(paths, legacy);
  }

  private PathMatching(List<String> paths, boolean legacy) {
    TreeSet<String> clean = new TreeSet<>();
    boolean root = false;
    for (String raw : paths) {
      String p = normalize(raw);
      clean.add(p);
      root |= p.equals("/");
      if (!p.startsWith("/v1.0/invoke/")) {
        clean.add("/v1.0/invoke/{app_id}/method" + p);
      }
    }
    if (!root && legacy) {
      clean.add("/");
    }
    this.returnRawPath = !root && legacy;
    clean.forEach(p -> patterns.add(compile(p)));
  }

  /** daprd's {@code NormalizeHTTPPath}: repeated slashes folded, a leading slash ensured. */
  static String normalize(String p) {
    while (p.contains("//")) {
      p = p.replace("//", "/");
    }
    return p.startsWith("/") ? p : "/" + p;
  }

  private static Pattern compile(String text) {
    boolean subtree = text.endsWith("/");
    String body = subtree ? text.substring(1, Math.max(1, text.length() - 1)) : text.substring(1);
    List<String> segments = body.isEmpty() ? List.of() : List.of(body.split("/", -1));
    int[] ranks = new int[segments.size() + (subtree ? 1 : 0)];
    for (int i = 0; i < segments.size(); i++) {
      String s = segments.get(i);
      ranks[i] = s.startsWith("{") && s.endsWith("...}") ? REST : isWildcard(s) && !s.equals("{$}") ? WILDCARD
          : LITERAL;
    }
    if (subtree) {
      ranks[segments.size()] = REST;
    }
    return new Pattern(text, segments, subtree, ranks);
  }

  private static boolean isWildcard(String segment) {
    return segment.startsWith("{") && segment.endsWith("}");
  }

  /**
   * The label of {@code path} by the patterns: the matching pattern, the path itself for the legacy catch-all,
   * {@code ""} when nothing matches; {@code null} for an empty path.
   */
  String match(String path) {
    if (path == null || path.isEmpty()) {
      return null;
    }
    String clean = normalize(path);
    Pattern best = best(clean);
    if (best == null && !clean.endsWith("/")) {
      // ServeMux redirects /a to /a/ when only the subtree /a/ is registered, and names that pattern.
      Pattern redirect = best(clean + "/");
      best = redirect != null && redirect.subtree() && redirect.text().equals(clean + "/") ? redirect : null;
    }
    if (best == null) {
      return "";
    }
    return best.text().equals("/") && returnRawPath ? clean : best.text();
  }

  private Pattern best(String clean) {
    String body = clean.substring(1);
    List<String> parts = body.isEmpty() ? List.of() : List.of(body.split("/", -1));
    Pattern best = null;
    for (Pattern p : patterns) {
      if (matches(p, parts) && (best == null || moreSpecific(p, best))) {
        best = p;
      }
    }
    return best;
  }

  private static boolean matches(Pattern p, List<String> parts) {
    List<String> segs = p.segments();
    for (int i = 0; i < segs.size(); i++) {
      String s = segs.get(i);
      if (s.startsWith("{") && s.endsWith("...}")) {
        return true;
      }
      if (s.equals("{$}")) {
        return i == parts.size() - 1 && parts.get(i).isEmpty();
      }
      if (i >= parts.size()) {
        return false;
      }
      String part = parts.get(i);
      if (isWildcard(s) ? part.isEmpty() : !s.equals(part)) {
        return false;
      }
    }
    return p.subtree() ? parts.size() > segs.size() : parts.size() == segs.size();
  }

  /** Whether {@code a} is more specific than {@code b}: literal over wildcard over rest, segment by segment. */
  private static boolean moreSpecific(Pattern a, Pattern b) {
    int n = Math.min(a.ranks().length, b.ranks().length);
    for (int i = 0; i < n; i++) {
      if (a.ranks()[i] != b.ranks()[i]) {
        return a.ranks()[i] > b.ranks()[i];
      }
    }
    return a.ranks().length > b.ranks().length;
  }
}
