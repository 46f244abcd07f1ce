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
  void writesWhatGoWrites() {
    // The cases of Go's time_test.go durationTests, and the app health defaults daprd's metadata API shows.
    assertThat(GoDurations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(GoDurations.format(Duration.ofNanos(1))).isEqualTo("1ns");
    assertThat(GoDurations.format(Duration.ofNanos(1100))).isEqualTo("1.1\u00b5s");
    assertThat(GoDurations.format(Duration.ofNanos(2_200_000))).isEqualTo("2.2ms");
    assertThat(GoDurations.format(Duration.ofMillis(3300))).isEqualTo("3.3s");
    assertThat(GoDurations.format(Duration.ofSeconds(245))).isEqualTo("4m5s");
    assertThat(GoDurations.format(Duration.ofMillis(245_001))).isEqualTo("4m5.001s");
    assertThat(GoDurations.format(Duration.ofMillis(18_367_001))).isEqualTo("5h6m7.001s");
    assertThat(GoDurations.format(Duration.ofMinutes(8).plusNanos(1))).isEqualTo("8m0.000000001s");
    assertThat(GoDurations.format(Duration.ofNanos(Long.MAX_VALUE))).isEqualTo("2562047h47m16.854775807s");
    assertThat(GoDurations.format(Duration.ofNanos(Long.MIN_VALUE))).isEqualTo("-2562047h47m16.854775808s");
    assertThat(GoDurations.format(Duration.ofSeconds(5))).isEqualTo("5s");
    assertThat(GoDurations.format(Duration.ofMillis(500))).isEqualTo("500ms");
    assertThat(GoDurations.format(Duration.ofSeconds(60))).isEqualTo("1m0s");
    assertThat(GoDurations.format(Duration.ofHours(1))).isEqualTo("1h0m0s");
    assertThat(GoDurations.format(Duration.ofMillis(-1500))).isEqualTo("-1.5s");
  }

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
