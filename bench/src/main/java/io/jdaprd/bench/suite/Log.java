package io.jdaprd.bench.suite;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/** Progress lines on stderr, each with the time of day, so that a long run shows where it is. */
final class Log {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Log() {
  }

  static void line(String format, Object... args) {
    System.err.println(TIME.format(LocalTime.now()) + " " + String.format(format, args));
  }
}
