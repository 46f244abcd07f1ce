package io.jdaprd.core.invoke.acl;

import io.jdaprd.golang.Strconv;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The normalisation daprd applies to an invoked method before the access check and the call to the app
 * ({@code NormalizeMethod}): methods with {@code #}, {@code ?}, NUL or another control character are refused, and
 * the path is cleaned as Go's {@code path.Clean} cleans it, with no way above the root.
 */
public final class InvokeMethods {
  private InvokeMethods() {
  }

  /** A method daprd refuses; the message is daprd's (the callee answers InvalidArgument {@code invalid method: }). */
  public static final class InvalidMethodException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidMethodException(String message) {
      super(message);
    }
  }

  /**
   * The method as daprd normalises it: {@code a//b/../c} is {@code a/c}, {@code ../x} is {@code x}, {@code /x/} is
   * {@code /x}, {@code .} and {@code ..} are empty. A method without a leading {@code /} keeps none.
   *
   * @throws InvalidMethodException for {@code #}, {@code ?} or NUL
   *     ({@code method contains forbidden character: "..."}), or another control character ({@code method contains control character at position N: "..."}, N counted
   *     in UTF-8 bytes)
   */
  public static String normalize(String method) throws InvalidMethodException {
    if (method.indexOf('#') >= 0 || method.indexOf('?') >= 0 || method.indexOf('\0') >= 0) {
      throw new InvalidMethodException("method contains forbidden character: " + Strconv.quote(method));
    }
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        int position = method.substring(0, i).getBytes(StandardCharsets.UTF_8).length;
        throw new InvalidMethodException(
            "method contains control character at position " + position + ": " + Strconv.quote(method));
      }
    }
    String cleaned = cleanPath(method);
    while (cleaned.startsWith("../")) {
      cleaned = cleaned.substring(3);
    }
    if (cleaned.equals("..") || cleaned.equals(".")) {
      cleaned = "";
    }
    return cleaned;
  }

  /**
   * Go's {@code path.Clean}: one slash between elements, no {@code .} element, each {@code ..} removes the element
   * before it ({@code ..} at the start of a rooted path is dropped, of a relative one kept), no trailing slash; the
   * empty path is {@code .}.
   */
  public static String cleanPath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.charAt(0) == '/';
    Deque<String> out = new ArrayDeque<>();
    int leadingUps = 0;
    for (String element : path.split("/")) {
      if (element.isEmpty() || element.equals(".")) {
        continue;
      }
      if (element.equals("..")) {
        if (!out.isEmpty()) {
          out.removeLast();
        } else if (!rooted) {
          leadingUps++;
        }
        continue;
      }
      out.addLast(element);
    }
    StringBuilder b = new StringBuilder();
    if (rooted) {
      b.append('/');
    }
    for (int i = 0; i < leadingUps; i++) {
      if (b.length() > 0 && b.charAt(b.length() - 1) != '/') {
        b.append('/');
      }
      b.append("..");
    }
    for (String element : out) {
      if (b.length() > 0 && b.charAt(b.length() - 1) != '/') {
        b.append('/');
      }
      b.append(element);
    }
    return b.length() == 0 ? "." : b.toString();
  }
}
