package io.jdaprd.errors.details;

import java.util.List;

/** {@code google.rpc.BadRequest}: which request fields were wrong. {@code fieldViolations} may be {@code null}. */
public record BadRequest(List<FieldViolation> fieldViolations) implements ErrorDetail {

  public BadRequest {
    fieldViolations = fieldViolations == null ? null : List.copyOf(fieldViolations);
  }

  /** A BadRequest with one violation, as daprd's {@code WithFieldViolation} builds it. */
  public static BadRequest of(String field, String description) {
    return new BadRequest(List.of(new FieldViolation(field, description)));
  }

  /** One bad field and why it is bad. */
  public record FieldViolation(String field, String description) {
    public FieldViolation {
      field = field == null ? "" : field;
      description = description == null ? "" : description;
    }
  }

  @Override
  public String typeName() {
    return "BadRequest";
  }
}
