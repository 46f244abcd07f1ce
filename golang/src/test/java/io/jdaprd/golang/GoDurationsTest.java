package io.jdaprd.golang;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What Go's time.ParseDuration and Dapr's metadata decoders accept, and what they refuse. */
class GoDurationsTest {

  @Test
  void readsWhatGoReads() {
    assertThat(GoDurations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(GoDurations.parse("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
    assertThat(GoDurations.parse("300ms")).contains(Duration.ofMillis(300));
    assertThat(GoDurations.parse("1.5s")).contains(Duration.ofMillis(1500));
    assertThat(GoDurations.parse(".5s")).contains(Duration.ofMillis(500));
    assertThat(GoDurations.parse("5.s")).contains(Duration.ofSeconds(5));
    assertThat(GoDurations.parse("+3s")).contains(Duration.ofSeconds(3));
    assertThat(GoDurations.parse("-2m")).contains(Duration.ofMinutes(-2));
    assertThat(GoDurations.parse("-1.5h")).contains(Duration.ofMinutes(-90));
    assertThat(GoDurations.parse("1us")).contains(Duration.ofNanos(1000));
    assertThat(GoDurations.parse("1\u00b5s")).contains(Duration.ofNanos(1000));
    assertThat(GoDurations.parse("1\u03bcs")).contains(Duration.ofNanos(1000));
    assertThat(GoDurations.parse("7ns")).contains(Duration.ofNanos(7));
    assertThat(GoDurations.parse("1s1s")).contains(Duration.ofSeconds(2));
    assertThat(GoDurations.parse("0")).contains(Duration.ZERO);
    assertThat(GoDurations.parse("-0")).contains(Duration.ZERO);
    assertThat(GoDurations.parse("0s")).contains(Duration.ZERO);
    assertThat(GoDurations.parse("2562047h47m16.854775807s")).contains(Duration.ofNanos(Long.MAX_VALUE));
    assertThat(GoDurations.parse("-2562047h47m16.854775808s")).contains(Duration.ofNanos(Long.MIN_VALUE));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "3", "-", "+", "s", "1.2.3s", "1x", "1 s", "1s ", " 1s", ".s", "3000000h", "1d",
      "2562047h47m16.854775808s", "1S", "1Ms", "--1s", "1e3s", "١s"})
  void refusesWhatGoRefuses(String text) {
    assertThat(GoDurations.parse(text)).isEmpty();
  }

  @Test
  void metadataTakesBareIntegersInTheDecodersUnit() {
    assertThat(GoDurations.parseMetadata("5", ChronoUnit.SECONDS)).contains(Duration.ofSeconds(5));
    assertThat(GoDurations.parseMetadata("-5", ChronoUnit.SECONDS)).contains(Duration.ofSeconds(-5));
    assertThat(GoDurations.parseMetadata("+5", ChronoUnit.SECONDS)).contains(Duration.ofSeconds(5));
    assertThat(GoDurations.parseMetadata("250", ChronoUnit.MILLIS)).contains(Duration.ofMillis(250));
    assertThat(GoDurations.parseMetadata("0", ChronoUnit.MILLIS)).contains(Duration.ZERO);
    assertThat(GoDurations.parseMetadata("1m", ChronoUnit.MILLIS)).contains(Duration.ofMinutes(1));
    assertThat(GoDurations.parseMetadata("-1h", ChronoUnit.SECONDS)).contains(Duration.ofHours(-1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "five", "1.5", "5 ", "9223372036854775807", "1d"})
  void metadataRefusesTheRest(String text) {
    assertThat(GoDurations.parseMetadata(text, ChronoUnit.SECONDS)).isEmpty();
  }
}
