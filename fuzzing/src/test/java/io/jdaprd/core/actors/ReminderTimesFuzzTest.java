package io.jdaprd.core.actors;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/**
 * The due-time, period and TTL parsers of actor timers and reminders (Go durations, ISO 8601 durations with
 * repetitions, RFC 3339 times): a text is read or refused with {@link ReminderTimes.FormatException}, and a period
 * read steps forward from any instant without an escaped exception.
 */
class ReminderTimesFuzzTest {
  @FuzzTest
  @DictionaryEntries({"R", "P", "T", "Y", "M", "W", "D", "H", "S", "/", "PT1S", "R5/PT1S", "P1Y2M3DT4H5M6S",
      "2026-01-01T00:00:00Z", "1h2m3s", "500ms", "-", "+", "."})
  void periodsAndTimes(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Instant start = Instant.parse("2026-01-31T12:00:00Z");
    try {
      ReminderTimes.Period period = ReminderTimes.period(text);
      if (period.repeating()) {
        try {
          period.following(start);
        } catch (java.time.DateTimeException | ArithmeticException tooFar) {
          throw new AssertionError("period " + text + " was accepted but cannot step from " + start, tooFar);
        }
      }
    } catch (ReminderTimes.FormatException refused) {
      // Refused as the contract says.
    }
    try {
      ReminderTimes.time(text, start);
    } catch (ReminderTimes.FormatException refused) {
      // Refused as the contract says.
    }
  }
}
