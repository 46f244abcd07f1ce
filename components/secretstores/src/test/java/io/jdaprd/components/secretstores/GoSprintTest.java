package io.jdaprd.components.secretstores;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's {@code %v} of a float64, as {@code fmt} writes it inside {@code %!s(float64=...)}. */
class GoSprintTest {
  @ParameterizedTest
  @CsvSource({"0, 0", "1, 1", "5432, 5432", "-2.5, -2.5", "0.5, 0.5", "123456, 123456", "1234567, 1.234567e+06",
      "1000000, 1e+06", "0.0001, 0.0001", "0.00001, 1e-05", "1e21, 1e+21", "1.5e300, 1.5e+300",
      "0.1, 0.1", "100, 100"})
  void formatsLikeGo(double value, String go) {
    assertThat(GoSprint.formatG(value)).isEqualTo(go);
  }
}
