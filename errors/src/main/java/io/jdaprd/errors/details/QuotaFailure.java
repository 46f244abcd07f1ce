package io.jdaprd.errors.details;

import java.util.List;

/** {@code google.rpc.QuotaFailure}: which quotas were exceeded. {@code violations} may be {@code null}. */
public record QuotaFailure(List<Violation> violations) implements ErrorDetail {

  public QuotaFailure {
    violations = violations == null ? null : List.copyOf(violations);
  }

  /** One exceeded quota. */
  public record Violation(String subject, String description) {
    public Violation {
      subject = subject == null ? "" : subject;
      description = description == null ? "" : description;
    }
  }

  @Override
  public String typeName() {
    return "QuotaFailure";
  }
}
