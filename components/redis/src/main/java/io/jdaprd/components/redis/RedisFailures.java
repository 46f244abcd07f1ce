package io.jdaprd.components.redis;

import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.state.StateException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisNoScriptException;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what Lettuce throws into {@link StateException}s and {@link PubSubException}s whose message names the
 * component and the Redis address, says what went wrong, and never contains a password.
 */
final class RedisFailures {
  private static final String REFUSED_WHILE_DISCONNECTED = "Currently not connected";
  /** The system call Netty's native transport names before the system's error text. */
  private static final Pattern NATIVE_CALL = Pattern.compile("^\\w+\\(\\.\\.\\) failed(?: with error\\(-?\\d+\\))?: ");

  private final String component;
  private final RedisSettings settings;

  /**
   * Failures of one component.
   *
   * @param component how messages name the component, for example {@code redis store statestore}
   * @param settings its settings, for the address and the passwords to hide
   */
  RedisFailures(String component, RedisSettings settings) {
    this.component = component;
    this.settings = settings;
  }

  /** The state store failure of {@code operation} ({@code get}, {@code set}, ...). */
  StateException of(String operation, Throwable thrown) {
    return new StateException(message(operation, thrown), unwrap(thrown));
  }

  /** The pub/sub failure of {@code operation} ({@code publish}, {@code subscribe}, ...). */
  PubSubException ofPubSub(String operation, Throwable thrown) {
    return new PubSubException(message(operation, thrown), unwrap(thrown));
  }

  /** What went wrong in {@code operation}, naming the component and the address, without passwords. */
  String message(String operation, Throwable thrown) {
    Throwable t = unwrap(thrown);
    String what;
    if (t instanceof InterruptedException) {
      Thread.currentThread().interrupt();
      what = operation + " was interrupted";
    } else if (t instanceof RedisCommandTimeoutException) {
      what = operation + " timed out: redis at " + settings.hostText() + " did not answer"
          + (settings.commandTimeout() == null ? "" : " within " + settings.commandTimeout().toMillis() + " ms");
    } else if (t instanceof RedisCommandExecutionException) {
      what = operation + " failed: redis at " + settings.hostText() + " answered: " + t.getMessage();
    } else if (t instanceof IOException) {
      what = operation + " failed: the connection to redis at " + settings.hostText() + " broke (" + describe(t)
          + ")";
    } else if (t instanceof RedisConnectionException || t instanceof RedisException) {
      what = operation + " failed: redis at " + settings.hostText() + " is not reachable (" + describe(t) + ")";
    } else {
      what = operation + " failed: " + describe(t);
    }
    return settings.scrub(component + ": " + what);
  }

  /** The cause behind the wrappers of a future. */
  static Throwable unwrap(Throwable t) {
    Throwable out = t;
    while ((out instanceof ExecutionException || out instanceof CompletionException) && out.getCause() != null) {
      out = out.getCause();
    }
    return out;
  }

  /** Whether the command was refused before it was sent, because the connection was down: safe to try again. */
  static boolean refusedWhileDisconnected(Throwable thrown) {
    Throwable t = unwrap(thrown);
    return t instanceof RedisException && t.getMessage() != null
        && t.getMessage().startsWith(REFUSED_WHILE_DISCONNECTED);
  }

  /** Whether Redis did not know a script's SHA-1 ({@code NOSCRIPT}). */
  static boolean noScript(Throwable thrown) {
    return unwrap(thrown) instanceof RedisNoScriptException;
  }

  /** Whether Redis refused a command for the type of the key's value ({@code WRONGTYPE}). */
  static boolean wrongType(Throwable thrown) {
    Throwable t = unwrap(thrown);
    return t instanceof RedisCommandExecutionException && t.getMessage() != null
        && t.getMessage().startsWith("WRONGTYPE");
  }

  /** The message of the innermost cause: what Redis or the network said. */
  static String rootMessage(Throwable thrown) {
    Throwable root = unwrap(thrown);
    while (root.getCause() != null && root.getCause() != root && root.getCause().getMessage() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : plain(root.getMessage());
  }

  /** The message of {@code t}, followed by its root cause's when that says more. */
  static String describe(Throwable thrown) {
    Throwable t = unwrap(thrown);
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String top = t.getMessage() == null ? t.getClass().getSimpleName() : plain(t.getMessage());
    if (root == t || root.getMessage() == null || top.contains(plain(root.getMessage()))) {
      return top;
    }
    return top + ": " + plain(root.getMessage());
  }

  /**
   * {@code message} without the name of the system call that Netty's native transport puts first ({@code
   * recvAddress(..) failed with error(-104): Connection reset by peer}): what the system said, worded as Go words
   * it ({@code connection reset by peer}).
   */
  static String plain(String message) {
    Matcher call = NATIVE_CALL.matcher(message);
    if (!call.find()) {
      return message;
    }
    String said = message.substring(call.end());
    return said.isEmpty() ? said : Character.toLowerCase(said.charAt(0)) + said.substring(1);
  }
}
