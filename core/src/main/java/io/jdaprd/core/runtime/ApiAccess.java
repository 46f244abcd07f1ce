package io.jdaprd.core.runtime;

import java.util.List;
import java.util.Locale;

/**
 * The Configuration's API allow and deny lists ({@code spec.api.allowed} and {@code spec.api.denied}), as daprd reads
 * them: a rule names an API ({@code state}, {@code publish}, {@code invoke}, ...), a version ({@code v1},
 * {@code v1alpha1}, or the HTTP path version {@code v1.0}) and a protocol ({@code http} or {@code grpc}); a rule
 * without a known protocol applies to neither server. With an allow list, only the listed APIs are served; a denied
 * API is not served even when allowed. The health routes are always served.
 *
 * @param allowed the allow list; empty: every API not denied
 * @param denied the deny list
 */
public record ApiAccess(List<Rule> allowed, List<Rule> denied) {
  /** No lists: every API is served. */
  public static final ApiAccess ALL = new ApiAccess(List.of(), List.of());

  public ApiAccess {
    allowed = List.copyOf(allowed);
    denied = List.copyOf(denied);
  }

  /** Whether any rule is given (daprd then logs that the access list is on). */
  public boolean any() {
    return !allowed.isEmpty() || !denied.isEmpty();
  }

  /** The allow list's rules for {@code protocol}. */
  public List<Rule> allowed(String protocol) {
    return allowed.stream().filter(r -> r.isFor(protocol)).toList();
  }

  /** The deny list's rules for {@code protocol}. */
  public List<Rule> denied(String protocol) {
    return denied.stream().filter(r -> r.isFor(protocol)).toList();
  }

  /**
   * One rule.
   *
   * @param name the API's name as daprd's groups name it, e.g. {@code state}
   * @param version e.g. {@code v1}, {@code v1alpha1} or {@code v1.0}
   * @param protocol {@code http} or {@code grpc}, as written
   */
  public record Rule(String name, String version, String protocol) {
    public Rule {
      name = name == null ? "" : name;
      version = version == null ? "" : version;
      protocol = protocol == null ? "" : protocol;
    }

    /**
     * Whether the rule applies to {@code protocol}: daprd's HTTP server compares the protocol without regard to
     * case, its gRPC server exactly.
     */
    public boolean isFor(String protocol) {
      return "http".equals(protocol) ? this.protocol.toLowerCase(Locale.ROOT).equals("http")
          : this.protocol.equals(protocol);
    }
  }
}
