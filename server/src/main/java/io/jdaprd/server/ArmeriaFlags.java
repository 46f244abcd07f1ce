package io.jdaprd.server;

import com.linecorp.armeria.common.FlagsProvider;

/**
 * Armeria's process-wide defaults where daprd's Go server behaves otherwise, found by Armeria's {@code ServiceLoader}
 * lookup (so an embedded sidecar gets them too). A {@code -Dcom.linecorp.armeria.*} system property still wins.
 *
 * <p>A semicolon, plain or {@code %3B}, is an ordinary character of a path segment for Go's {@code net/http}: daprd
 * routes {@code /v1.0/secrets/%3B/key} to the secret store named {@code ;}. Armeria refuses such a path with its own
 * plain-text {@code 400 Invalid request path} unless this flag is on. The same holds for {@code ..} in a query string
 * ({@code ?metadata.ttlInSeconds=..}): Go leaves the query to the handler.
 */
public final class ArmeriaFlags implements FlagsProvider {
  /** Between Armeria's defaults (lowest) and its system properties (highest). */
  @Override
  public int priority() {
    return 0;
  }

  @Override
  public String name() {
    return "jdaprd";
  }

  @Override
  public Boolean allowSemicolonInPathComponent() {
    return true;
  }

  @Override
  public Boolean allowDoubleDotsInQueryString() {
    return true;
  }
}
