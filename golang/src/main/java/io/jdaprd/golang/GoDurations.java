package io.jdaprd.golang;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Go's durations: {@link #parse} is {@code time.ParseDuration}; {@link #parseMetadata} is how Dapr's component
 * metadata decoders read a duration, which also take a bare integer; {@link #format} is {@code Duration.String}.
 */
public final class GoDurations {
  private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
      "ns", 1L, "us", 1_000L, "\u00b5s", 1_000L, "\u03bcs", 1_000L, "ms", 1_000_000L,
      "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
  private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE);
  private static final BigInteger MIN_NANOS = BigInteger.valueOf(Long.MIN_VALUE);

  private GoDurations() {
  }

  /**
   * The duration {@code text} stands for as Go's {@code time.ParseDuration} reads it ({@code 300ms},
   * {@code -1.5h}, {@code 2h45m}): an optional sign, then one or more decimal numbers each followed by a unit
   * among {@code ns}, {@code us} ({@code µs}, {@code μs}), {@code ms}, {@code s}, {@code m}, {@code h}; a lone
   * {@code 0} is zero. Empty when {@code text} is not such a duration or overflows Go's int64 nanoseconds.
   */
  public static Optional<Duration> parse(String text) {
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
      while (i < text.length() && (isAsciiDigit(text.charAt(i)) || text.charAt(i) == '.')) {
        i++;
      }
      String number = text.substring(numberStart, i);
      if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
        return Optional.empty();
      }
      int unitStart = i;
      while (i < text.length() && text.charAt(i) != '.' && !isAsciiDigit(text.charAt(i))) {
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
    if (negative) {
      whole = whole.negate();
    }
    if (whole.compareTo(MAX_NANOS) > 0 || whole.compareTo(MIN_NANOS) < 0) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(whole.longValueExact()));
  }

  /**
   * A duration of Dapr component metadata: a Go duration ({@link #parse}), else a base-10 integer with an optional
   * sign ({@code strconv.ParseInt}) counted in {@code integerUnit}. Dapr's {@code metadata.DecodeMetadata} counts
   * such integers in seconds; the older {@code config.Decode} that the Redis components use counts them in
   * milliseconds. Empty when {@code text} is neither, or when the result overflows Go's int64 nanoseconds.
   */
  public static Optional<Duration> parseMetadata(String text, ChronoUnit integerUnit) {
    Optional<Duration> go = parse(text);
    if (go.isPresent()) {
      return go;
    }
    long n;
    try {
      n = Strconv.parseInt(text);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    try {
      Duration d = integerUnit.getDuration().multipliedBy(n);
      d.toNanos();
      return Optional.of(d);
    } catch (ArithmeticException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code d} as Go's {@code time.Duration.String} writes it: {@code 0s}, {@code 500ms}, {@code 1.5s},
   * {@code 1m0s}, {@code 2h45m0s}, {@code 1.2µs}, {@code 7ns}, with a leading {@code -} when negative. Durations are
   * taken to Go's nanoseconds.
   *
   * @throws ArithmeticException when {@code d} does not fit Go's int64 nanoseconds
   */
  public static String format(Duration d) {
    long nanos = d.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    BigInteger u = BigInteger.valueOf(nanos).abs();
    BigInteger second = BigInteger.valueOf(1_000_000_000L);
    if (u.compareTo(second) < 0) {
      long v = u.longValue();
      if (v < 1_000L) {
        return sign + v + "ns";
      }
      return v < 1_000_000L ? sign + decimal(v, 1_000L) + "\u00b5s" : sign + decimal(v, 1_000_000L) + "ms";
    }
    BigInteger[] secondsAndFraction = u.divideAndRemainder(second);
    long seconds = secondsAndFraction[0].longValue();
    long hours = seconds / 3600;
    long minutes = seconds / 60 % 60;
    String secondsText = decimal(seconds % 60 * 1_000_000_000L + secondsAndFraction[1].longValue(), 1_000_000_000L)
        + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + secondsText;
    }
    return minutes > 0 ? sign + minutes + "m" + secondsText : sign + secondsText;
  }

  /** {@code value / unit} with the fraction's trailing zeros left out, as Go's {@code fmtFrac}. */
  private static String decimal(long value, long unit) {
    long whole = value / unit;
    long fraction = value % unit;
    if (fraction == 0) {
      return Long.toString(whole);
    }
    int digits = Long.toString(unit).length() - 1;
    String text = String.format("%0" + digits + "d", fraction).replaceAll("0+$", "");
    return whole + "." + text;
  }

  private static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
