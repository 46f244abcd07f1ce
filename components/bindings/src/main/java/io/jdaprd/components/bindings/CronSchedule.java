package io.jdaprd.components.bindings;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule in the syntax of Dapr's cron binding (robfig/cron with optional seconds and descriptors): six fields
 * {@code sec min hour dom month dow}, or the five standard ones (seconds 0); {@code *}, {@code ?}, lists, ranges,
 * steps ({@code *}{@code /5}, {@code 1-10/2}, {@code 3/15}), month names {@code JAN}-{@code DEC} and day names
 * {@code SUN}-{@code SAT}; {@code @every <Go duration>}; {@code @yearly}, {@code @annually}, {@code @monthly},
 * {@code @weekly}, {@code @daily}, {@code @midnight}, {@code @hourly}. When both day fields are restricted, a day
 * matching either fires (cron's rule).
 */
final class CronSchedule {
  private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 0 1 1 *", "@annually",
      "0 0 0 1 1 *", "@monthly", "0 0 0 1 * *", "@weekly", "0 0 0 * * 0", "@daily", "0 0 0 * * *", "@midnight",
      "0 0 0 * * *", "@hourly", "0 0 * * * *");
  private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
      "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private final Duration every;
  private final BitSet seconds;
  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domStar;
  private final boolean dowStar;

  private CronSchedule(Duration every, String[] fields) {
    this.every = every;
    if (fields == null) {
      seconds = minutes = hours = daysOfMonth = months = daysOfWeek = null;
      domStar = dowStar = true;
      return;
    }
    seconds = field(fields[0], 0, 59, null);
    minutes = field(fields[1], 0, 59, null);
    hours = field(fields[2], 0, 23, null);
    daysOfMonth = field(fields[3], 1, 31, null);
    months = field(fields[4], 1, 12, MONTHS);
    daysOfWeek = field(fields[5], 0, 6, DAYS);
    domStar = fields[3].startsWith("*") || fields[3].equals("?");
    dowStar = fields[5].startsWith("*") || fields[5].equals("?");
  }

  /**
   * Parses {@code spec}.
   *
   * @throws IllegalArgumentException with the reason when the schedule does not parse
   */
  static CronSchedule parse(String spec) {
    String s = spec.trim();
    if (s.startsWith("@every ")) {
      Duration d = GoDuration.parse(s.substring("@every ".length()).trim());
      if (d.compareTo(Duration.ofSeconds(1)) < 0) {
        d = Duration.ofSeconds(1);
      }
      return new CronSchedule(d, null);
    }
    if (s.startsWith("@")) {
      String expanded = DESCRIPTORS.get(s.toLowerCase(Locale.ROOT));
      if (expanded == null) {
        throw new IllegalArgumentException("unrecognized descriptor: " + s);
      }
      s = expanded;
    }
    String[] fields = s.split("\\s+");
    if (fields.length == 5) {
      String[] six = new String[6];
      six[0] = "0";
      System.arraycopy(fields, 0, six, 1, 5);
      fields = six;
    } else if (fields.length != 6) {
      throw new IllegalArgumentException("expected 5 to 6 fields, found " + fields.length + ": " + spec);
    }
    return new CronSchedule(null, fields);
  }

  private static BitSet field(String text, int min, int max, List<String> names) {
    BitSet bits = new BitSet(max + 1);
    for (String part : text.split(",", -1)) {
      int step = 1;
      String range = part;
      int slash = part.indexOf('/');
      if (slash >= 0) {
        step = number(part.substring(slash + 1), 0, Integer.MAX_VALUE, null, text);
        if (step <= 0) {
          throw new IllegalArgumentException("step of range should be a positive number: " + part);
        }
        range = part.substring(0, slash);
      }
      int from;
      int to;
      if (range.equals("*") || range.equals("?")) {
        from = min;
        to = max;
      } else {
        int dash = range.indexOf('-');
        if (dash >= 0) {
          from = number(range.substring(0, dash), min, max, names, text);
          to = number(range.substring(dash + 1), min, max, names, text);
        } else {
          from = number(range, min, max, names, text);
          to = slash >= 0 ? max : from;
        }
      }
      if (from > to) {
        throw new IllegalArgumentException("beginning of range (" + from + ") beyond end of range (" + to + "): "
            + part);
      }
      for (int v = from; v <= to; v += step) {
        bits.set(v);
      }
    }
    return bits;
  }

  private static int number(String text, int min, int max, List<String> names, String field) {
    if (names != null) {
      int at = names.indexOf(text.toUpperCase(Locale.ROOT));
      if (at >= 0) {
        return at + min;
      }
    }
    int v;
    try {
      v = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("failed to parse int from " + text + " in " + field);
    }
    if (v < min || v > max) {
      throw new IllegalArgumentException("value (" + v + ") out of range [" + min + ", " + max + "]: " + field);
    }
    return v;
  }

  /** The first time after {@code after} the schedule fires, or {@code null} within the next five years. */
  ZonedDateTime next(ZonedDateTime after) {
    if (every != null) {
      return after.plus(every).truncatedTo(ChronoUnit.SECONDS);
    }
    ZonedDateTime t = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    ZonedDateTime limit = after.plusYears(5);
    while (t.isBefore(limit)) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
        continue;
      }
      if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
        continue;
      }
      if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
        continue;
      }
      if (!minutes.get(t.getMinute())) {
        t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        continue;
      }
      if (!seconds.get(t.getSecond())) {
        t = t.plusSeconds(1);
        continue;
      }
      return t;
    }
    return null;
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    DayOfWeek day = t.getDayOfWeek();
    boolean dow = daysOfWeek.get(day.getValue() % 7);
    if (domStar || dowStar) {
      return dom && dow;
    }
    return dom || dow;
  }
}
