package io.jdaprd.appchannel;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import java.net.ConnectException;

/** A call that got no answer from the app: it could not connect, timed out, or lost the connection. */
final class CallFailure extends Exception {
  private static final long serialVersionUID = 1L;

  CallFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** What went wrong, in words for the log. */
  static String describe(Throwable failure, AppChannelSettings settings) {
    String where = settings.address() + ":" + settings.port();
    Throwable cause = failure;
    if (cause instanceof UnprocessedRequestException u && u.getCause() != null) {
      cause = u.getCause();
    }
    if (cause instanceof ResponseTimeoutException) {
      return "the app did not answer within " + settings.callTimeout().toMillis() + " ms";
    }
    if (cause instanceof ConnectException || hasCause(cause, ConnectException.class)) {
      return "the app is not reachable at " + where + ": " + message(cause);
    }
    if (cause instanceof ClosedSessionException) {
      return "the app at " + where + " closed the connection";
    }
    return "the call to the app at " + where + " failed: " + message(cause);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": "
        + t.getMessage();
  }
}
