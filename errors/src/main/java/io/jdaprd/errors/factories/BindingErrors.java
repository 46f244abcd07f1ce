package io.jdaprd.errors.factories;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.golang.GoFmt;
import java.util.Collection;

/** Errors of output bindings. A missing binding is not a 404 in Dapr: it is 500 with a cause that says so. */
public final class BindingErrors {
  /** The component type of bindings. */
  public static final String RESOURCE_TYPE = "bindings";

  private BindingErrors() {
  }

  /** Invoking binding {@code name} failed with {@code cause}. */
  public static DaprException invoke(String name, Object cause) {
    return Errors.about(ErrorCode.INVOKE_OUTPUT_BINDING, RESOURCE_TYPE, name, name, cause);
  }

  /** There is no output binding {@code name}. */
  public static DaprException notFound(String name) {
    return invoke(name, "couldn't find output binding " + name);
  }

  /** The request has no {@code operation}. */
  public static DaprException operationMissing(String name) {
    return invoke(name, "operation field is missing from request");
  }

  /** The binding does not support {@code operation}; the supported ones are listed as daprd lists them. */
  public static DaprException operationNotSupported(String name, String operation, Collection<String> supported) {
    String list = GoFmt.text(supported);
    return invoke(name, "binding " + name + " does not support operation " + operation + ". supported operations:"
        + list.substring(1, list.length() - 1));
  }

  /** The request's {@code data} could not be serialized again (HTTP only, 500). */
  public static DaprException malformedRequestData(Object cause) {
    return Errors.of(ErrorCode.MALFORMED_REQUEST_DATA, cause);
  }

  /** The {@code baggage} header does not parse (HTTP only). */
  public static DaprException invalidBaggage(Object cause) {
    return Errors.of(ErrorCode.MALFORMED_REQUEST_RAW, "invalid baggage header: " + GoFmt.text(cause));
  }
}
