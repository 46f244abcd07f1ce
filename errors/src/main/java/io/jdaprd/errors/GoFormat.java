package io.jdaprd.errors;

import io.grpc.Status;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Go's formatting, as far as daprd's messages depend on it: the {@code %s %v %d %q} verbs of {@code fmt.Sprintf},
 * {@code strconv.Quote}, {@code %v} of a slice, and {@code codes.Code.String()}. Messages built here are the same
 * strings daprd writes.
 */
public final class GoFormat {
  private static final Map<Status.Code, String> GO_CODE_NAMES = new EnumMap<>(Status.Code.class);

  static {
    String[] names = {"OK", "Canceled", "Unknown", "InvalidArgument", "DeadlineExceeded", "NotFound",
        "AlreadyExists", "PermissionDenied", "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
        "Unimplemented", "Internal", "Unavailable", "DataLoss", "Unauthenticated"};
    for (Status.Code code : Status.Code.values()) {
      GO_CODE_NAMES.put(code, names[code.value()]);
    }
  }

  private GoFormat() {
  }

  /** Go's name of a gRPC code, for example {@code InvalidArgument} for {@code INVALID_ARGUMENT}. */
  public static String codeName(Status.Code code) {
    return GO_CODE_NAMES.get(code);
  }

  /** The gRPC code with Go's name {@code name}, or {@code null} when there is none. */
  public static Status.Code codeFromName(String name) {
    for (Map.Entry<Status.Code, String> e : GO_CODE_NAMES.entrySet()) {
      if (e.getValue().equals(name)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** The Go error string of a Dapr error: {@code api error: code = {GoName} desc = {message}}. */
  public static String apiError(Status.Code code, String message) {
    return "api error: code = " + codeName(code) + " desc = " + message;
  }

  /**
   * Fills a template's verbs in order. {@code %s} and {@code %v} take {@link #text(Object)}, {@code %d} a number,
   * {@code %q} a Go-quoted string, {@code %%} is a percent sign; {@code %[n]s} takes argument {@code n} (from 1),
   * as in Go, so that a translation may reorder arguments. A missing argument prints as Go does,
   * {@code %!s(MISSING)}.
   */
  public static String sprintf(String template, Object... args) {
    StringBuilder out = new StringBuilder(template.length() + 32);
    int next = 0;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c != '%' || i + 1 == template.length()) {
        out.append(c);
        continue;
      }
      char verb = template.charAt(++i);
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (verb == '[') {
        int close = template.indexOf(']', i);
        next = Integer.parseInt(template.substring(i + 1, close)) - 1;
        i = close + 1;
        verb = template.charAt(i);
      }
      if (next >= args.length) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object arg = args[next++];
      out.append(verb == 'q' ? quote(text(arg)) : text(arg));
    }
    return out.toString();
  }

  /** How many arguments a template takes: the highest argument position any of its verbs uses. */
  public static int arity(String template) {
    int next = 0;
    int max = 0;
    for (int i = 0; i + 1 < template.length(); i++) {
      if (template.charAt(i) != '%') {
        continue;
      }
      char verb = template.charAt(++i);
      if (verb == '%') {
        continue;
      }
      if (verb == '[') {
        int close = template.indexOf(']', i);
        next = Integer.parseInt(template.substring(i + 1, close)) - 1;
        i = close + 1;
      }
      max = Math.max(max, ++next);
    }
    return max;
  }

  /** A pattern matching every message a template can produce (each verb stands for any text). */
  public static Pattern templatePattern(String template) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '%' && i + 1 < template.length()) {
        char verb = template.charAt(++i);
        if (verb == '%') {
          literal.append('%');
          continue;
        }
        regex.append(Pattern.quote(literal.toString())).append("(.*)");
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    regex.append(Pattern.quote(literal.toString()));
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /**
   * The text of an argument as Go's {@code %v} prints it: a {@link DaprException} as its Go error string, another
   * throwable as its message, a collection as a slice {@code [a b]}.
   */
  public static String text(Object arg) {
    if (arg instanceof DaprException e) {
      return e.goError();
    }
    if (arg instanceof Throwable t) {
      return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
    if (arg instanceof Collection<?> items) {
      StringBuilder b = new StringBuilder("[");
      for (Object item : items) {
        if (b.length() > 1) {
          b.append(' ');
        }
        b.append(text(item));
      }
      return b.append(']').toString();
    }
    return String.valueOf(arg);
  }

  /** Go's {@code strconv.Quote}: double quotes, with backslash escapes for quotes, backslashes and control chars. */
  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case 0x07 -> out.append("\\a");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case 0x0b -> out.append("\\v");
        default -> {
          if (cp < 0x20 || cp == 0x7f) {
            out.append(String.format("\\x%02x", cp));
          } else if (Character.isSurrogate((char) cp)) {
            out.append("\\ufffd");
          } else if (!isPrintable(cp)) {
            out.append(cp > 0xffff ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
          } else {
            out.appendCodePoint(cp);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static boolean isPrintable(int cp) {
    int type = Character.getType(cp);
    return cp == ' ' || !(Character.isISOControl(cp) || Character.isWhitespace(cp)
        || type == Character.UNASSIGNED || type == Character.FORMAT || type == Character.PRIVATE_USE
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR);
  }
}
