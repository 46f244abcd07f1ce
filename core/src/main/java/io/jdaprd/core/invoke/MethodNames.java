package io.jdaprd.core.invoke;

/** daprd's checks and clean-up of an invoked method's name ({@code method.NormalizeMethod}, Go's {@code path.Clean}). */
public final class MethodNames {
  private MethodNames() {
  }

  /**
   * The method with {@code #}, {@code ?}, NUL and control characters refused and {@code .}/{@code ..} segments
   * resolved; leading {@code ../} is dropped and {@code .} becomes empty.
   *
   * @throws IllegalArgumentException with daprd's message (quoted as Go's {@code %q} quotes)
   */
  public static String normalize(String method) {
    for (int i = 0; i < method.length(); i++) {
      char c = method.charAt(i);
      if (c == '#' || c == '?' || c == 0) {
        throw new IllegalArgumentException("method contains forbidden character: " + quote(method));
      }
    }
    byte[] utf8 = method.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < utf8.length; i++) {
      int b = utf8[i] & 0xff;
      if (b < 0x20 || b == 0x7f) {
        throw new IllegalArgumentException("method contains control character at position " + i + ": "
            + quote(method));
      }
    }
    String cleaned = clean(method);
    while (cleaned.startsWith("../")) {
      cleaned = cleaned.substring(3);
    }
    return cleaned.equals("..") || cleaned.equals(".") ? "" : cleaned;
  }

  /** Go's {@code path.Clean}: the shortest equivalent path, {@code .} for an empty one. */
  public static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
    int dotdots = 0;
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (out.size() > dotdots) {
          out.removeLast();
        } else if (!rooted) {
          out.addLast("..");
          dotdots++;
        }
        continue;
      }
      out.addLast(part);
    }
    String joined = String.join("/", out);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  private static String quote(String s) {
    return io.jdaprd.golang.Strconv.quote(s);
  }
}
