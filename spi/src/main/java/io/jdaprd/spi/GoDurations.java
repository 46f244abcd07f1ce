package io.jdaprd.spi;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations as Go's {@code time.ParseDuration} writes them ({@code 1h30m}, {@code 250ms}, {@code 1.5s}). */
public final class GoDurations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

  private GoDurations() {
  }

  /** The duration, or {@code null} when {@code text} is neither a Go duration nor a plain number. */
  public static Duration parse(String text, ChronoUnit plainUnit) {
    String s = text.trim();
    if (s.matches("\\d+")) {
      return Duration.of(Long.parseLong(s), plainUnit);
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    Matcher m = PART.matcher(s);
    int at = 0;
    double nanos = 0;
    while (m.find() && m.start() == at) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "ns" -> 1;
        case "us", "µs" -> 1e3;
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        default -> 3600e9;
      };
      at = m.end();
    }
    return at == s.length() && at > 0 ? Duration.ofNanos(Math.round(nanos)) : null;
  }
}
