package io.jdaprd.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Numbers as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} writes them. */
class GoFloatsTest {
  @Test
  void formatsAsGo() {
    assertThat(GoFloats.format(0)).isEqualTo("0");
    assertThat(GoFloats.format(5)).isEqualTo("5");
    assertThat(GoFloats.format(100000)).isEqualTo("100000");
    assertThat(GoFloats.format(1e6)).isEqualTo("1e+06");
    assertThat(GoFloats.format(1 << 20)).isEqualTo("1.048576e+06");
    assertThat(GoFloats.format(4L << 30)).isEqualTo("4.294967296e+09");
    assertThat(GoFloats.format(0.25)).isEqualTo("0.25");
    assertThat(GoFloats.format(1.5)).isEqualTo("1.5");
    assertThat(GoFloats.format(0.0001)).isEqualTo("0.0001");
    assertThat(GoFloats.format(0.00001)).isEqualTo("1e-05");
    assertThat(GoFloats.format(-2.5)).isEqualTo("-2.5");
    assertThat(GoFloats.format(123456.5)).isEqualTo("123456.5");
    assertThat(GoFloats.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
  }
}
