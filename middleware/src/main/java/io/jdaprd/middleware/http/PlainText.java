package io.jdaprd.middleware.http;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;

/** The answers components-contrib's middleware write themselves: a status and a plain-text message. */
final class PlainText {
  private PlainText() {
  }

  /** {@code status} with {@code message} as a {@code text/plain; charset=utf-8} body. */
  static HttpResponse of(int status, String message) {
    return HttpResponse.of(HttpStatus.valueOf(status), MediaType.PLAIN_TEXT_UTF_8, message);
  }

  /** {@code status} with its reason phrase as the body (contrib's {@code RespondWithError}). */
  static HttpResponse of(int status) {
    return of(status, HttpStatus.valueOf(status).reasonPhrase());
  }
}
