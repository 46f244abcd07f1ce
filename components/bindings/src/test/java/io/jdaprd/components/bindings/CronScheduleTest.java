package io.jdaprd.components.bindings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {
  private static final ZonedDateTime AT = ZonedDateTime.of(2026, 12, 5, 3, 30, 15, 500_000_000, ZoneOffset.UTC);

  @ParameterizedTest(name = "{0} after 2026-12-05T03:30:15.5Z (a Saturday) -> {1}")
  @CsvSource(delimiter = '|', value = {
      "* * * * * *           | 2026-12-05T03:30:16Z",
      "*/10 * * * * *        | 2026-12-05T03:30:20Z",
      "0 */15 * * * *        | 2026-12-05T03:45:00Z",
      "*/5 * * * *           | 2026-12-05T03:35:00Z",
      "0 0 * * *             | 2026-12-06T00:00:00Z",
      "30 4 1,15 * *         | 2026-12-15T04:30:00Z",
      "0 0 0 * * MON-FRI     | 2026-12-07T00:00:00Z",
      "0 0 12 ? JAN *        | 2027-01-01T12:00:00Z",
      "0 0 0 1 * 0           | 2026-12-06T00:00:00Z",
      "15 10 3 * * *         | 2026-12-06T03:10:15Z",
      "0 30 3 5 12 *         | 2027-12-05T03:30:00Z",
      "5/20 * * * * *        | 2026-12-05T03:30:25Z",
      "@hourly               | 2026-12-05T04:00:00Z",
      "@daily                | 2026-12-06T00:00:00Z",
      "@midnight             | 2026-12-06T00:00:00Z",
      "@weekly               | 2026-12-06T00:00:00Z",
      "@monthly              | 2027-01-01T00:00:00Z",
      "@yearly               | 2027-01-01T00:00:00Z",
      "@annually             | 2027-01-01T00:00:00Z",
      "@every 1m30s          | 2026-12-05T03:31:45Z",
      "@every 2h             | 2026-12-05T05:30:15Z",
  })
  void next(String spec, String expected) {
    assertThat(CronSchedule.parse(spec.trim()).next(AT)).isEqualTo(ZonedDateTime.parse(expected.trim()));
  }

  @Test
  @DisplayName("February 30th never comes")
  void never() {
    assertThat(CronSchedule.parse("0 0 0 30 2 *").next(AT)).isNull();
  }

  @Test
  @DisplayName("@every is at least a second")
  void everyFloor() {
    assertThat(CronSchedule.parse("@every 10ms").next(AT)).isEqualTo(AT.plus(Duration.ofSeconds(1))
        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "* * * *                | expected 5 to 6 fields",
      "* * * * * * *          | expected 5 to 6 fields",
      "61 * * * * *           | out of range",
      "* * * * 13             | out of range",
      "*/0 * * * *            | positive",
      "5-1 * * * *            | beyond end of range",
      "x * * * *              | failed to parse int",
      "@often                 | unrecognized descriptor",
      "@every 5 seconds       | time: ",
  })
  void refused(String spec, String reason) {
    assertThatThrownBy(() -> CronSchedule.parse(spec.trim())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(reason.trim());
  }
}
