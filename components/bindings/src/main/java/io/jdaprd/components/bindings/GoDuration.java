package io.jdaprd.components.bindings;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

/** Go's {@code time.ParseDuration} ({@code 1h30m}, {@code 500ms}, {@code 1.5s}), for {@code @every}. */
final class GoDuration {
  private static final Map<String, Long> UNITS = Map.of("ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs",
      1_000L, "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

  private GoDuration() {
  }

  /** Parses {@code text}; throws {@link IllegalArgumentException} with Go's wording when it does not parse. */
  static Duration parse(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    if (text.isEmpty()) {
      throw new IllegalArgumentException("time: invalid duration \"\"");
    }
    int i = 0;
    boolean negative = false;
    if (text.charAt(0) == '-' || text.charAt(0) == '+') {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    BigDecimal nanos = BigDecimal.ZERO;
    if (i >= text.length()) {
      throw invalid(text);
    }
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      if (start == i) {
        throw invalid(text);
      }
      BigDecimal number;
      try {
        number = new BigDecimal(text.substring(start, i));
      } catch (NumberFormatException e) {
        throw invalid(text);
      }
      int unitStart = i;
      while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
        i++;
      }
      String unit = text.substring(unitStart, i);
      Long factor = UNITS.get(unit);
      if (factor == null) {
        throw new IllegalArgumentException(unit.isEmpty() ? "time: missing unit in duration \"" + text + "\""
            : "time: unknown unit \"" + unit + "\" in duration \"" + text + "\"");
      }
      nanos = nanos.add(number.multiply(BigDecimal.valueOf(factor)));
    }
    long n = nanos.longValue();
    return Duration.ofNanos(negative ? -n : n);
  }

  private static IllegalArgumentException invalid(String text) {
    return new IllegalArgumentException("time: invalid duration \"" + text + "\"");
  }
}
