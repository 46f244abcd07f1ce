package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import java.net.ConnectException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/** Failures of an HTTP call as Go's HTTP client prints them ({@code *url.Error}). */
final class GoUrlErrors {
  private GoUrlErrors() {
  }

  /**
   * {@code Post "http://...": dial tcp 127.0.0.1:1: connect: connection refused} and the like.
   *
   * @param verb the request's verb in capitals
   * @param url the request's URL
   * @param hostPort {@code host:port} the client dialled
   */
  static String urlError(String verb, String url, String hostPort, Throwable failure) {
    String op = verb.charAt(0) + verb.substring(1).toLowerCase(Locale.ROOT);
    return op + " \"" + url + "\": " + reason(hostPort, failure);
  }

  private static String reason(String hostPort, Throwable failure) {
    Throwable cause = failure instanceof UnprocessedRequestException u && u.getCause() != null ? u.getCause()
        : failure;
    if (has(cause, ConnectException.class)) {
      return "dial tcp " + hostPort + ": connect: connection refused";
    }
    if (cause instanceof ResponseTimeoutException) {
      return "context deadline exceeded";
    }
    if (has(cause, CertPathValidatorException.class) || has(cause, CertificateException.class)
        || has(cause, SSLHandshakeException.class) && String.valueOf(message(cause)).contains("PKIX")) {
      return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
    }
    if (has(cause, SSLException.class)) {
      return "remote error: tls: " + message(cause);
    }
    if (cause instanceof ClosedSessionException) {
      return "EOF";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static String message(Throwable t) {
    Throwable deepest = t;
    while (deepest.getCause() != null && deepest.getCause() != deepest) {
      deepest = deepest.getCause();
    }
    String m = deepest.getMessage() != null ? deepest.getMessage() : t.getMessage();
    return m == null ? t.getClass().getSimpleName() : m;
  }

  private static boolean has(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }
}
