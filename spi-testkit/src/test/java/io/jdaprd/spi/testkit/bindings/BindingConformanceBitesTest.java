package io.jdaprd.spi.testkit.bindings;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.testkit.SuiteRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The binding conformance suites can fail: against reference bindings that keep their promises they pass (the
 * restart check skips), and against ones that each break one promise they fail the checks of that promise.
 */
class BindingConformanceBitesTest {

  @Test
  @DisplayName("a conforming output binding passes every output check")
  void conformingOutputPasses() {
    SuiteRun run = SuiteRun.of(BindingSuites.OutputConforming.class);
    assertThat(run.failed()).as("failures: %s", run.failures()).isEmpty();
    assertThat(run.skipped()).isEmpty();
    assertThat(run.passed()).containsExactlyInAnyOrder("operationsListed", "invocationReachesBackend",
        "largerPayloadArrivesWhole", "readAnswerCarriesData", "failingInvocationThrowsBindingException",
        "concurrentInvocationsAllArrive", "secondInstanceWorks");
  }

  @Test
  @DisplayName("output defects are caught by the checks of the broken promise")
  void outputDefectsAreCaught() {
    assertThat(SuiteRun.of(BindingSuites.OutputTruncating.class).failed())
        .containsExactly("largerPayloadArrivesWhole");
    assertThat(SuiteRun.of(BindingSuites.OutputSwallowing.class).failed())
        .containsExactly("failingInvocationThrowsBindingException");
    assertThat(SuiteRun.of(BindingSuites.OutputReordered.class).failed()).containsExactly("operationsListed");
  }

  @Test
  @DisplayName("a conforming redelivering input binding passes every input check but the restart check")
  void conformingInputPasses() {
    SuiteRun run = SuiteRun.of(BindingSuites.InputConforming.class);
    assertThat(run.failed()).as("failures: %s", run.failures()).isEmpty();
    assertThat(run.skipped()).containsExactly("survivesBackendRestart");
    assertThat(run.passed()).contains("eventsDelivered", "eventsCarryMetadata", "refusedEventIsRedelivered",
        "refusalDoesNotStopReading", "closeStopsDelivery", "closeWaitsForHandlerInFlight", "oneEventAtATime",
        "readsAgainAfterClose");
  }

  @Test
  @DisplayName("an input binding whose close() does not stop reading fails the close checks")
  void notStoppingIsCaught() {
    SuiteRun run = SuiteRun.of(BindingSuites.InputNotStopping.class, "closeStopsDelivery", "eventsDelivered");
    assertThat(run.failed()).containsExactly("closeStopsDelivery");
    assertThat(run.passed()).containsExactly("eventsDelivered");
  }

  @Test
  @DisplayName("an input binding that drops refused events fails the redelivery check")
  void losingIsCaught() {
    SuiteRun run = SuiteRun.of(BindingSuites.InputLosing.class, "refusedEventIsRedelivered", "eventsDelivered");
    assertThat(run.failed()).containsExactly("refusedEventIsRedelivered");
    assertThat(run.passed()).containsExactly("eventsDelivered");
  }
}
