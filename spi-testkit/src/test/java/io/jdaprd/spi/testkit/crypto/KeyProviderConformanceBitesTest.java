package io.jdaprd.spi.testkit.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.testkit.SuiteRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The key-provider conformance suite can fail: the reference passes every check, and providers that each break one
 * promise fail the checks of that promise.
 */
class KeyProviderConformanceBitesTest {
  private static final String[] ALL = {"aesKeyWrapRoundTrips", "rsaOaepRoundTrips", "changedWrappedKeyIsRefused",
      "unsuitableKeysAreRefused", "missingKeyFails", "getKeyAnswersPublicParts", "schemeAlgorithmsAreSupported"};

  @Test
  @DisplayName("a conforming provider passes every check")
  void conformingProviderPasses() {
    SuiteRun run = SuiteRun.of(ProviderSuites.Conforming.class);
    assertThat(run.failed()).as("checks failed by the reference: %s", run.failures()).isEmpty();
    assertThat(run.passed()).containsExactlyInAnyOrder(ALL);
  }

  @Test
  @DisplayName("a provider that does not wrap fails the wrap checks")
  void identityWrapIsCaught() {
    SuiteRun run = SuiteRun.of(ProviderSuites.WrapIsIdentity.class);
    assertThat(run.failed()).containsExactlyInAnyOrder("aesKeyWrapRoundTrips", "rsaOaepRoundTrips",
        "changedWrappedKeyIsRefused", "unsuitableKeysAreRefused", "missingKeyFails");
  }

  @Test
  @DisplayName("a provider ignoring the key name fails the key checks")
  void oneKeyForAllIsCaught() {
    SuiteRun run = SuiteRun.of(ProviderSuites.OneKeyForAll.class);
    assertThat(run.failed()).contains("rsaOaepRoundTrips", "missingKeyFails", "unsuitableKeysAreRefused");
  }

  @Test
  @DisplayName("a provider putting key material in a message fails the missing-key check")
  void leakIsCaught() {
    SuiteRun run = SuiteRun.of(ProviderSuites.LeaksKey.class);
    assertThat(run.failed()).containsExactly("missingKeyFails");
    assertThat(run.failures().get("missingKeyFails")).contains("no key material");
  }

  @Test
  @DisplayName("a provider using a key of the wrong size fails the suitability check")
  void sizeIsChecked() {
    SuiteRun run = SuiteRun.of(ProviderSuites.NoSizeCheck.class);
    assertThat(run.failed()).containsExactly("unsuitableKeysAreRefused");
  }
}
