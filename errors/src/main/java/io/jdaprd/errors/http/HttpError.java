package io.jdaprd.errors.http;

import java.nio.charset.StandardCharsets;

/**
 * An error as an HTTP response: status, content type and body bytes.
 *
 * @param status the HTTP status
 * @param contentType always {@code application/json}, as daprd sets it
 * @param body the JSON body, UTF-8, without a trailing newline
 */
public record HttpError(int status, String contentType, byte[] body) {
  /** The content type daprd writes on every JSON error. */
  public static final String JSON = "application/json";

  /** The body as text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
