package io.jdaprd.core.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GoDurationsTest {

  @Test
  void readsWhatGoReads() {
    assertThat(GoDurations.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(GoDurations.parse("1.5s")).contains(Duration.ofMillis(1500));
    assertThat(GoDurations.parse(".5s")).contains(Duration.ofMillis(500));
    assertThat(GoDurations.parse("5.s")).contains(Duration.ofSeconds(5));
    assertThat(GoDurations.parse("+3s")).contains(Duration.ofSeconds(3));
    assertThat(GoDurations.parse("-2m")).contains(Duration.ofMinutes(-2));
    assertThat(GoDurations.parse("1us")).contains(Duration.ofNanos(1000));
    assertThat(GoDurations.parse("1\u00b5s")).contains(Duration.ofNanos(1000));
    assertThat(GoDurations.parse("7ns")).contains(Duration.ofNanos(7));
    assertThat(GoDurations.parse("0")).contains(Duration.ZERO);
    assertThat(GoDurations.parse("-0")).contains(Duration.ZERO);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "3", "-", "s", "1.2.3s", "1x", "1 s", "1s ", ".s", "3000000h", "1d"})
  void refusesWhatGoRefuses(String text) {
    assertThat(GoDurations.parse(text)).isEmpty();
  }
}
