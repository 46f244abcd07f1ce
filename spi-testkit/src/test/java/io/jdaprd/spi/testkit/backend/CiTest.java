package io.jdaprd.spi.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which values of {@code CI} mean a CI run. */
class CiTest {
  @Test
  void anyNonEmptyValueButFalseOrZeroIsCi() {
    assertThat(Ci.isActive("true")).isTrue();
    assertThat(Ci.isActive("TRUE")).isTrue();
    assertThat(Ci.isActive("1")).isTrue();
    assertThat(Ci.isActive("yes")).isTrue();
    assertThat(Ci.isActive("woodpecker")).isTrue();
  }

  @Test
  void unsetEmptyFalseOrZeroIsNotCi() {
    assertThat(Ci.isActive(null)).isFalse();
    assertThat(Ci.isActive("")).isFalse();
    assertThat(Ci.isActive("  ")).isFalse();
    assertThat(Ci.isActive("false")).isFalse();
    assertThat(Ci.isActive("False")).isFalse();
    assertThat(Ci.isActive("0")).isFalse();
  }
}
