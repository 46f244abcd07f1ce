package io.jdaprd.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Durations of component metadata, read as Dapr's metadata decoders read them. */
class ComponentMetadataDurationTest {

  private static ComponentMetadata metadata(String value) {
    return new ComponentMetadata("c", "pubsub.test", "v1", "app", Map.of("Timeout", value));
  }

  @Test
  void goDurationsOrWholeSeconds() throws Exception {
    assertThat(metadata("1h2m3.5s").getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(3_723_500));
    assertThat(metadata("300ms").getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(300));
    assertThat(metadata(" 15 ").getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(15));
    assertThat(metadata("-1").getDuration("timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(-1));
    assertThat(metadata("").getDuration("timeout", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    assertThat(metadata("1s").getDuration("other", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void bareNumbersInAnotherUnitWhereTheDecoderSaysSo() throws Exception {
    assertThat(metadata("250").getDuration("timeout", Duration.ZERO, ChronoUnit.MILLIS))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void otherTextIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> metadata("soon").getDuration("timeout", Duration.ZERO))
        .isInstanceOf(ComponentException.class)
        .hasMessage("component c (pubsub.test): metadata timeout: soon (expected: a duration such as 500ms, 5s or 1m,"
            + " or a number of seconds)");
    assertThatThrownBy(() -> metadata("5 s").getDuration("timeout", Duration.ZERO, ChronoUnit.MILLIS))
        .hasMessageEndingWith("or a number of milliseconds)");
  }
}
