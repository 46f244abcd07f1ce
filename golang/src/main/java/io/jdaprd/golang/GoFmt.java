package io.jdaprd.golang;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Go's {@code fmt.Sprintf}, as far as daprd's messages depend on it: the verbs {@code %s %v %d %q}, {@code %%},
 * explicit argument indexes ({@code %[2]s}), Go's {@code %!s(MISSING)} for a missing argument, and {@code %v} of
 * errors ({@link GoError}), throwables and slices ({@link Collection}).
 */
public final class GoFmt {

  private GoFmt() {
  }

  /**
   * Fills a template's verbs in order. {@code %s}, {@code %v} and {@code %d} take {@link #text(Object)},
   * {@code %q} takes {@link Strconv#quote} of it, {@code %%} is a percent sign; {@code %[n]s} takes argument
   * {@code n} (from 1), as in Go, so that a translation may reorder arguments; a missing argument prints as Go
   * prints it, {@code %!s(MISSING)}.
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
      out.append(verb == 'q' ? Strconv.quote(text(arg)) : text(arg));
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

  /** A pattern matching every text a template can produce (each verb stands for any text). */
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
        if (verb == '[') {
          i = template.indexOf(']', i) + 1;
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
   * The text of an argument as Go's {@code %v} prints it: a {@link GoError} as its Go error string, another
   * throwable as its message (its simple class name when it has none), a collection as a slice {@code [a b]},
   * anything else as {@link String#valueOf(Object)}.
   */
  public static String text(Object arg) {
    if (arg instanceof GoError e) {
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
}
