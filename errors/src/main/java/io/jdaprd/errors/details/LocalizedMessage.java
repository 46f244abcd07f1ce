package io.jdaprd.errors.details;

/** {@code google.rpc.LocalizedMessage}: the error message in the client's language ({@code locale} is BCP 47). */
public record LocalizedMessage(String locale, String message) implements ErrorDetail {

  public LocalizedMessage {
    locale = locale == null ? "" : locale;
    message = message == null ? "" : message;
  }

  @Override
  public String typeName() {
    return "LocalizedMessage";
  }
}
