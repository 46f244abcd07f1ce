package io.jdaprd.spi.testkit.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shared list of binaries, as the tests read it. */
class BinariesTest {
  @Test
  void namesTheDebianPackageOfWhatIsMissing() {
    assertThat(Binaries.missing("initdb", "the PostgreSQL tests"))
        .isEqualTo("initdb is missing (looked for /usr/lib/postgresql/*/bin/initdb): the PostgreSQL tests need it"
            + " (Debian: apt-get install postgresql)");
    assertThat(Binaries.missing("node", "the JS SDK tests")).contains("on the PATH").contains("install nodejs");
  }

  @Test
  void findsAProgramOnThePath() {
    assertThat(Binaries.candidates("node")).allSatisfy(p -> assertThat(p.getFileName()).hasToString("node"));
  }

  @Test
  void refusesANameNotOnTheList() {
    assertThatThrownBy(() -> Binaries.find("zookeeper")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binaries.txt");
  }
}
