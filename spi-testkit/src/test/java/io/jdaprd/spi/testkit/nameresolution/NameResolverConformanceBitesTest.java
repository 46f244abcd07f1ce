package io.jdaprd.spi.testkit.nameresolution;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.testkit.SuiteRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The name-resolution conformance suite can fail: a resolver keeping its promises passes every check, and resolvers
 * that each break one promise fail the checks of that promise and pass the others.
 */
class NameResolverConformanceBitesTest {
  private static final String[] ALL = {"registeredInstanceIsFound", "everyInstanceOfAnIdIsFound",
      "unknownIdHasNoAddress", "closeRemovesTheRegistration", "instanceWithoutAppIdIsRefused"};

  @Test
  @DisplayName("a conforming resolver passes every check")
  void conformingResolverPasses() {
    SuiteRun run = SuiteRun.of(ResolverSuites.Conforming.class);
    assertThat(run.failed()).as("checks failed by the conforming reference: %s", run.failures()).isEmpty();
    assertThat(run.passed()).containsExactlyInAnyOrder(ALL);
  }

  @Test
  @DisplayName("a resolver keeping one replica per id fails the replica checks")
  void onePerIdIsCaught() {
    SuiteRun run = SuiteRun.of(ResolverSuites.OnePerId.class);
    assertThat(run.failed()).containsExactlyInAnyOrder("everyInstanceOfAnIdIsFound", "closeRemovesTheRegistration");
  }

  @Test
  @DisplayName("a resolver ignoring the id fails every lookup check")
  void ignoringTheIdIsCaught() {
    SuiteRun run = SuiteRun.of(ResolverSuites.IgnoresId.class);
    assertThat(run.failed()).containsExactlyInAnyOrder("registeredInstanceIsFound", "everyInstanceOfAnIdIsFound",
        "unknownIdHasNoAddress", "closeRemovesTheRegistration");
  }

  @Test
  @DisplayName("a resolver keeping a closed registration fails the close check")
  void closeKeepingTheRegistrationIsCaught() {
    SuiteRun run = SuiteRun.of(ResolverSuites.CloseKeepsRegistration.class);
    assertThat(run.failed()).containsExactly("closeRemovesTheRegistration");
    assertThat(run.failures().get("closeRemovesTheRegistration")).contains("the closed replica is gone");
  }

  @Test
  @DisplayName("a resolver answering hosts without port fails the lookup checks")
  void addressWithoutPortIsCaught() {
    SuiteRun run = SuiteRun.of(ResolverSuites.AddressWithoutPort.class);
    assertThat(run.failed()).containsExactlyInAnyOrder("registeredInstanceIsFound", "everyInstanceOfAnIdIsFound",
        "closeRemovesTheRegistration");
  }

  @Test
  @DisplayName("a resolver accepting an instance without app id fails the validation check")
  void acceptingNamelessIsCaught() {
    SuiteRun run = SuiteRun.of(ResolverSuites.AcceptsNameless.class);
    assertThat(run.failed()).containsExactly("instanceWithoutAppIdIsRefused");
  }
}
