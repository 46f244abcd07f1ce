package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;

/** What every factory shares: an error of an entry, about a resource, with an optional throwable as cause. */
final class Errors {
  private Errors() {
  }

  /** An error of {@code code} about {@code resourceType}/{@code resource}, its cause the last throwable argument. */
  static DaprException about(ErrorCode code, String resourceType, String resource, Object... args) {
    DaprException.Builder b = DaprException.builder(code, args);
    if (resource != null) {
      b.resource(resourceType, resource);
    }
    for (Object arg : args) {
      if (arg instanceof Throwable t) {
        b.cause(t);
      }
    }
    return b.build();
  }

  /** An error of {@code code} about no particular resource. */
  static DaprException of(ErrorCode code, Object... args) {
    return about(code, null, null, args);
  }
}
