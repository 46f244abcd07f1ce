package io.jdaprd.errors.details;

import java.util.List;

/** {@code google.rpc.PreconditionFailure}: which preconditions failed. {@code violations} may be {@code null}. */
public record PreconditionFailure(List<Violation> violations) implements ErrorDetail {

  public PreconditionFailure {
    violations = violations == null ? null : List.copyOf(violations);
  }

  /** One failed precondition. */
  public record Violation(String type, String subject, String description) {
    public Violation {
      type = type == null ? "" : type;
      subject = subject == null ? "" : subject;
      description = description == null ? "" : description;
    }
  }

  @Override
  public String typeName() {
    return "PreconditionFailure";
  }
}
