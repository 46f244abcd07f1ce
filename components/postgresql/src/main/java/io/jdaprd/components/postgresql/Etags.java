package io.jdaprd.components.postgresql;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * ETags of {@code state.postgresql} v2: UUIDs. A client's ETag is read as daprd reads it, with Go's
 * {@code uuid.Parse}: the canonical form, {@code {...}}, {@code urn:uuid:...} and 32 bare hex digits are accepted
 * and compared in canonical form; anything else is refused with {@code uuid.Parse}'s own words.
 */
final class Etags {
  private static final int[] HEX_AT = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};

  private Etags() {
  }

  /** The ETag is not a UUID; the message is Go's {@code uuid.Parse} error. */
  static final class MalformedEtagException extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedEtagException(String message) {
      super(message);
    }
  }

  /** {@code etag} as a canonical, lower-case UUID. */
  static String canonical(String etag) throws MalformedEtagException {
    String s = etag;
    int length = s.getBytes(StandardCharsets.UTF_8).length;
    if (length != s.length()) {
      // Not ASCII: Go measures bytes, and no multi-byte character is a hex digit or a dash.
      throw length == 36 || length == 38 || length == 45 || length == 32
          ? new MalformedEtagException("invalid UUID format")
          : new MalformedEtagException("invalid UUID length: " + length);
    }
    switch (length) {
      case 36 -> {
      }
      case 45 -> {
        if (!s.substring(0, 9).equalsIgnoreCase("urn:uuid:")) {
          throw new MalformedEtagException("invalid urn prefix: \"" + s.substring(0, 9).replace("\\", "\\\\")
              .replace("\"", "\\\"") + "\"");
        }
        s = s.substring(9);
      }
      case 38 -> s = s.substring(1);
      case 32 -> {
        if (!s.matches("[0-9a-fA-F]{32}")) {
          throw new MalformedEtagException("invalid UUID format");
        }
        String h = s.toLowerCase(Locale.ROOT);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20)
            + "-" + h.substring(20);
      }
      default -> throw new MalformedEtagException("invalid UUID length: " + length);
    }
    if (s.charAt(8) != '-' || s.charAt(13) != '-' || s.charAt(18) != '-' || s.charAt(23) != '-') {
      throw new MalformedEtagException("invalid UUID format");
    }
    StringBuilder out = new StringBuilder(36);
    for (int i = 0; i < HEX_AT.length; i++) {
      int at = HEX_AT[i];
      if (Character.digit(s.charAt(at), 16) < 0 || Character.digit(s.charAt(at + 1), 16) < 0) {
        throw new MalformedEtagException("invalid UUID format");
      }
      if (i == 4 || i == 6 || i == 8 || i == 10) {
        out.append('-');
      }
      out.append(Character.toLowerCase(s.charAt(at))).append(Character.toLowerCase(s.charAt(at + 1)));
    }
    return out.toString();
  }
}
