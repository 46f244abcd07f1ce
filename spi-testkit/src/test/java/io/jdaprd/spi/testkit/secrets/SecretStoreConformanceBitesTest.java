package io.jdaprd.spi.testkit.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.testkit.SuiteRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The secret store conformance suite can fail: the reference passes every check, and stores that each break one
 * promise fail the checks of that promise and pass the others.
 */
class SecretStoreConformanceBitesTest {
  private static final String[] ALL = {"getAnswersTheSecret", "missingSecret", "bulkGetAnswersEverySecret",
      "valuesStaySecret", "multiValuedSecret", "singleValuedHasNoMultiKeyFeature"};

  @Test
  @DisplayName("the conforming reference passes every check")
  void conformingPasses() {
    SuiteRun run = SuiteRun.of(SecretSuites.Conforming.class);
    assertThat(run.failed()).as("failures: %s", run.failures()).isEmpty();
    assertThat(run.passed()).containsExactlyInAnyOrder(ALL);
  }

  @Test
  @DisplayName("a secret under the wrong key fails the get check only")
  void wrongKeyIsCaught() {
    assertThat(SuiteRun.of(SecretSuites.WrongKey.class).failed()).containsExactly("getAnswersTheSecret");
  }

  @Test
  @DisplayName("a value in an error message fails the secrecy check only")
  void leakIsCaught() {
    SuiteRun run = SuiteRun.of(SecretSuites.LeaksValues.class);
    assertThat(run.failed()).containsExactly("valuesStaySecret");
  }

  @Test
  @DisplayName("a bulk get missing a secret fails the bulk check only")
  void bulkMissIsCaught() {
    assertThat(SuiteRun.of(SecretSuites.BulkMissesOne.class).failed()).containsExactly("bulkGetAnswersEverySecret");
  }

  @Test
  @DisplayName("an empty answer for a missing secret fails the missing check only")
  void missingIsEmptyIsCaught() {
    assertThat(SuiteRun.of(SecretSuites.MissingIsEmpty.class).failed()).containsExactly("missingSecret");
  }

  @Test
  @DisplayName("claiming multiple keys per secret fails the feature check only")
  void falseFeatureIsCaught() {
    assertThat(SuiteRun.of(SecretSuites.ClaimsMultiValued.class).failed())
        .containsExactly("singleValuedHasNoMultiKeyFeature");
  }

  @Test
  @DisplayName("a multi-valued mode losing keys fails the multi-valued check only")
  void multiValuedLossIsCaught() {
    assertThat(SuiteRun.of(SecretSuites.MultiValuedKeepsOneKey.class).failed()).containsExactly("multiValuedSecret");
  }
}
