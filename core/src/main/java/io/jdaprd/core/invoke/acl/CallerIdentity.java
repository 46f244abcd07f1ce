package io.jdaprd.core.invoke.acl;

import java.util.Objects;

/**
 * The identity of a calling sidecar, from the SPIFFE ID of its mTLS certificate:
 * {@code spiffe://<trustDomain>/ns/<namespace>/<appId>}. Segments after the app id are allowed and kept in
 * {@link #path()}, as daprd allows them for future use.
 *
 * @param trustDomain the trust domain, for example {@code public}
 * @param namespace the namespace, for example {@code default}
 * @param appId the calling app's id
 * @param path the SPIFFE ID's path, starting with {@code /ns/}
 */
public record CallerIdentity(String trustDomain, String namespace, String appId, String path) {
  private static final String SCHEME = "spiffe://";

  /** Checks that every part is there. */
  public CallerIdentity {
    Objects.requireNonNull(trustDomain, "trustDomain");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(appId, "appId");
    Objects.requireNonNull(path, "path");
  }

  /** The identity of {@code appId} in {@code namespace} of {@code trustDomain}, with the plain Dapr path. */
  public CallerIdentity(String trustDomain, String namespace, String appId) {
    this(trustDomain, namespace, appId, "/ns/" + namespace + "/" + appId);
  }

  /** The SPIFFE ID as a URI string, as daprd prints it in a denial: {@code spiffe://public/ns/default/app}. */
  public String uri() {
    return SCHEME + trustDomain + path;
  }

  /** A SPIFFE ID that does not name a Dapr app; the message is the one daprd denies the call with. */
  public static final class MalformedSpiffeIdException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedSpiffeIdException(String message) {
      super(message);
    }
  }

  /**
   * Parses a SPIFFE ID: first as a SPIFFE ID (go-spiffe's rules: scheme {@code spiffe}, a trust domain of lower-case
   * letters, digits, {@code .-_}, path segments of letters, digits, {@code .-_}, no empty, dot or trailing segment),
   * then as Dapr's {@code /ns/<namespace>/<appId>} path.
   *
   * @throws MalformedSpiffeIdException with go-spiffe's message for an invalid SPIFFE ID, and with daprd's
   *     {@code malformed SPIFFE ID: <id>} for a valid one whose path does not name a namespace and an app
   */
  public static CallerIdentity parse(String id) throws MalformedSpiffeIdException {
    if (id == null || id.isEmpty()) {
      throw new MalformedSpiffeIdException("cannot be empty");
    }
    if (!id.startsWith(SCHEME)) {
      throw new MalformedSpiffeIdException("scheme is missing or invalid");
    }
    String rest = id.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    String trustDomain = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);
    if (trustDomain.isEmpty()) {
      throw new MalformedSpiffeIdException("trust domain is missing");
    }
    for (int i = 0; i < trustDomain.length(); i++) {
      if (!trustDomainChar(trustDomain.charAt(i))) {
        throw new MalformedSpiffeIdException(
            "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores");
      }
    }
    checkPath(path);
    String[] segments = path.split("/", -1);
    if (segments.length < 4 || !segments[0].isEmpty() || !segments[1].equals("ns") || segments[2].isEmpty()
        || segments[3].isEmpty()) {
      throw new MalformedSpiffeIdException("malformed SPIFFE ID: " + id);
    }
    return new CallerIdentity(trustDomain, segments[2], segments[3], path);
  }

  private static void checkPath(String path) throws MalformedSpiffeIdException {
    if (path.isEmpty()) {
      return;
    }
    String[] segments = path.substring(1).split("/", -1);
    for (int s = 0; s < segments.length; s++) {
      String segment = segments[s];
      if (segment.isEmpty()) {
        throw new MalformedSpiffeIdException(s == segments.length - 1 ? "path cannot have a trailing slash"
            : "path cannot contain empty segments");
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new MalformedSpiffeIdException("path cannot contain dot segments");
      }
      for (int i = 0; i < segment.length(); i++) {
        if (!pathChar(segment.charAt(i))) {
          throw new MalformedSpiffeIdException(
              "path segment characters are limited to letters, numbers, dots, dashes, and underscores");
        }
      }
    }
  }

  private static boolean trustDomainChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
  }

  private static boolean pathChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
        || c == '_';
  }
}
