package io.jdaprd.core.actors;

import io.jdaprd.golang.GoDurations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The time formats of reminders and timers as daprd reads them (dapr/kit's {@code time} package): a period is an
 * ISO 8601 duration ({@code PnYnMnWnDTnHnMnS}) with an optional {@code Rn/} repetition prefix, or a Go duration; a
 * due time or TTL is one of those without repetitions, measured from a start, or an RFC 3339 instant. The ISO reader
 * is as lenient as daprd's: letters it does not know are skipped, digits without a unit are ignored.
 */
final class ReminderTimes {
  private ReminderTimes() {
  }

  /**
   * A parsed period.
   *
   * @param years calendar years
   * @param months calendar months
   * @param days calendar days (weeks included)
   * @param duration the time part
   * @param repeats how many times it repeats, -1 for no limit
   * @param text the text as given
   */
  record Period(int years, int months, int days, Duration duration, int repeats, String text) {
    /** No period: a one-shot. */
    static final Period NONE = new Period(0, 0, 0, Duration.ZERO, -1, "");

    /** Whether it fires more than once. */
    boolean repeating() {
      return repeats != 0 && (years != 0 || months != 0 || days != 0 || !duration.isZero());
    }

    /** The due time after {@code t}: Go's {@code AddDate} (a day past a month's end runs into the next) then the time. */
    Instant following(Instant t) {
      java.time.LocalDateTime at = java.time.LocalDateTime.ofInstant(t, ZoneOffset.UTC);
      java.time.LocalDateTime firstOfMonth = at.withDayOfMonth(1).plusYears(years).plusMonths(months);
      return firstOfMonth.plusDays(at.getDayOfMonth() - 1L + days).toInstant(ZoneOffset.UTC).plus(duration);
    }
  }

  /** A text daprd does not accept; the message is its text. */
  static final class FormatException extends Exception {
    private static final long serialVersionUID = 1L;

    FormatException(String message) {
      super(message, null, false, false);
    }
  }

  /** daprd's {@code NewReminderPeriod}: empty is {@link Period#NONE}; {@code R0/...} is refused. */
  static Period period(String text) throws FormatException {
    if (text == null || text.isEmpty()) {
      return Period.NONE;
    }
    Period p = iso(text).orElse(null);
    if (p == null) {
      Optional<Duration> d = GoDurations.parse(text);
      if (d.isEmpty()) {
        throw new FormatException("parse error: unsupported duration format: " + text);
      }
      p = new Period(0, 0, 0, d.get(), -1, text);
    }
    if (p.repeats() == 0) {
      throw new FormatException("has zero repetitions");
    }
    return p;
  }

  /** The prefix of a Scheduler schedule that repeats at a fixed interval. */
  static final String EVERY = "@every ";

  /**
   * daprd 1.18's reminder period, which it keeps as a Scheduler job: the text is read as {@link #period} reads it,
   * then only its time part is kept, as the schedule {@code @every <Go duration>} (what {@code GetActorReminder} and
   * {@code ListActorReminders} answer as the period), with its repetitions when there are more than zero (none, or
   * {@code R0}, repeats without limit). Empty is {@link Period#NONE}.
   *
   * @throws FormatException "unsupported period format: <text>" when it does not parse or has years, months or days
   */
  static Period schedule(String text) throws FormatException {
    if (text == null || text.isEmpty()) {
      return Period.NONE;
    }
    Period p = iso(text).orElse(null);
    if (p == null) {
      Optional<Duration> d = GoDurations.parse(text);
      if (d.isEmpty()) {
        throw new FormatException("unsupported period format: " + text);
      }
      p = new Period(0, 0, 0, d.get(), -1, text);
    }
    if (p.years() > 0 || p.months() > 0 || p.days() > 0) {
      throw new FormatException("unsupported period format: " + text);
    }
    String every;
    try {
      every = EVERY + GoDurations.format(p.duration());
    } catch (ArithmeticException e) {
      throw new FormatException("unsupported period format: " + text);
    }
    return new Period(0, 0, 0, p.duration(), p.repeats() > 0 ? p.repeats() : -1, every);
  }

  /**
   * The period of a stored reminder: a schedule ({@code @every <Go duration>}, see {@link #schedule}) or, for a
   * reminder stored before schedules, its text as given ({@link #period}).
   */
  static Period stored(String text) throws FormatException {
    if (text != null && text.startsWith(EVERY)) {
      Optional<Duration> d = GoDurations.parse(text.substring(EVERY.length()));
      if (d.isEmpty()) {
        throw new FormatException("unsupported period format: " + text);
      }
      return new Period(0, 0, 0, d.get(), -1, text);
    }
    return period(text);
  }

  /**
   * The TTL of a reminder as daprd 1.18 answers it from its Scheduler job: only a TTL given as an RFC 3339 time is
   * reported, written as Go's {@code RFC3339Nano} (the offset as given, {@code Z} for UTC, the fraction without
   * trailing zeros); a TTL given as a duration, or a reminder stored without the TTL's text, reports none.
   */
  static String reportedTtl(ActorReminders.Entry e) {
    if (e.ttl() == null || e.expires() == null) {
      return null;
    }
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(e.ttl());
    } catch (DateTimeParseException ex) {
      return null;
    }
    StringBuilder out = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", t.getYear(),
        t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond()));
    if (t.getNano() != 0) {
      out.append('.').append(String.format("%09d", t.getNano()).replaceAll("0+$", ""));
    }
    int offset = t.getOffset().getTotalSeconds();
    if (offset == 0) {
      return out.append('Z').toString();
    }
    int abs = Math.abs(offset);
    return out.append(String.format("%s%02d:%02d", offset < 0 ? "-" : "+", abs / 3600, abs / 60 % 60)).toString();
  }

  /** dapr/kit's {@code ParseTime}: {@code text} after {@code start}, or an RFC 3339 instant. */
  static Instant time(String text, Instant start) throws FormatException {
    Optional<Period> p = iso(text);
    if (p.isPresent()) {
      if (p.get().repeats() != -1) {
        throw new FormatException("repetitions are not allowed");
      }
      return p.get().following(start);
    }
    Optional<Duration> d = GoDurations.parse(text);
    if (d.isPresent()) {
      return start.plus(d.get());
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new FormatException("unsupported time/duration format: " + text);
    }
  }

  /** An ISO 8601 duration with optional repetitions, read as leniently as daprd; empty when it does not parse. */
  static Optional<Period> iso(String s) {
    int n = s.length();
    if (n < 2) {
      return Optional.empty();
    }
    int i = 0;
    int repeats = -1;
    if (s.charAt(0) == 'R') {
      int slash = s.indexOf('/');
      int end = slash < 0 ? n : slash;
      if (end < 2) {
        return Optional.empty();
      }
      Integer r = integer(s.substring(1, end));
      if (r == null) {
        return Optional.empty();
      }
      repeats = r;
      i = end + 1;
      if (i >= n) {
        return Optional.of(new Period(0, 0, 0, Duration.ZERO, repeats, s));
      }
    }
    if (s.charAt(i) != 'P') {
      return Optional.empty();
    }
    i++;
    int start = i;
    boolean time = false;
    int years = 0;
    int months = 0;
    int days = 0;
    Duration duration = Duration.ZERO;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c == 'T') {
        if (start != i) {
          return Optional.empty();
        }
        time = true;
        start = i + 1;
        continue;
      }
      if ("YWDHSM".indexOf(c) < 0) {
        continue;
      }
      boolean dateUnit = c == 'Y' || c == 'W' || c == 'D';
      boolean timeUnit = c == 'H' || c == 'S';
      if (start == i || (dateUnit && time) || (timeUnit && !time)) {
        return Optional.empty();
      }
      Integer v = integer(s.substring(start, i));
      if (v == null) {
        return Optional.empty();
      }
      switch (c) {
        case 'Y' -> years = v;
        case 'W' -> days += v * 7;
        case 'D' -> days += v;
        case 'H' -> duration = duration.plusHours(v);
        case 'S' -> duration = duration.plusSeconds(v);
        default -> {
          if (time) {
            duration = duration.plusMinutes(v);
          } else {
            months = v;
          }
        }
      }
      start = i + 1;
    }
    return Optional.of(new Period(years, months, days, duration, repeats, s));
  }

  /** Go's {@code strconv.Atoi}: an optional sign and decimal digits. */
  private static Integer integer(String t) {
    if (t.isEmpty() || !t.matches("[+-]?[0-9]+")) {
      return null;
    }
    try {
      return Integer.parseInt(t.startsWith("+") ? t.substring(1) : t);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
