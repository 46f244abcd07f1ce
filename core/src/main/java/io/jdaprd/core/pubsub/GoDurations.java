package io.jdaprd.core.pubsub;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Parses durations written as Go's {@code time.ParseDuration} reads them ({@code 300ms}, {@code -1.5h},
 * {@code 2h45m}): a sign, then one or more decimal numbers each followed by a unit among {@code ns}, {@code us}
 * ({@code µs}), {@code ms}, {@code s}, {@code m}, {@code h}; a lone {@code 0} is zero.
 */
final class GoDurations {
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);

  private GoDurations() {
  }

  /** The duration {@code text} stands for, or empty when it is not a Go duration (or overflows Go's int64). */
  static Optional<Duration> parse(String text) {
    int i = 0;
    boolean negative = false;
    if (!text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
      negative = text.charAt(0) == '-';
      i = 1;
    }
    if (text.substring(i).equals("0")) {
      return Optional.of(Duration.ZERO);
    }
    if (i == text.length()) {
      return Optional.empty();
    }
    BigDecimal total = BigDecimal.ZERO;
    while (i < text.length()) {
      int numberStart = i;
      while (i < text.length() && (Character.isDigit(text.charAt(i)) && text.charAt(i) < 0x80
          || text.charAt(i) == '.')) {
        i++;
      }
      String number = text.substring(numberStart, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        return Optional.empty();
      }
      int unitStart = i;
      while (i < text.length() && text.charAt(i) != '.' && !(Character.isDigit(text.charAt(i))
          && text.charAt(i) < 0x80)) {
        i++;
      }
      Long nanos = NANOS_PER_UNIT.get(text.substring(unitStart, i));
      if (nanos == null) {
        return Optional.empty();
      }
      total = total.add(new BigDecimal(number.startsWith(".") ? "0" + number : number)
          .multiply(BigDecimal.valueOf(nanos)));
    }
    BigInteger whole = total.toBigInteger();
    if (whole.compareTo(MAX_NANOS) > 0) {
      return Optional.empty();
    }
    long nanos = whole.longValueExact();
    return Optional.of(Duration.ofNanos(negative ? -nanos : nanos));
  }
}
