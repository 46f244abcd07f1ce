package io.jdaprd.spi.testkit.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.testkit.SuiteRun;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The pub/sub conformance suite can fail: run against a broker that keeps its promises it passes every check (the
 * restart check skips: the reference broker cannot be restarted), and run against brokers that each break one
 * promise it fails the checks of that promise.
 */
class PubSubConformanceBitesTest {

  @Test
  @DisplayName("a conforming durable broker passes every check")
  void conformingBrokerPasses() {
    SuiteRun run = SuiteRun.of(BrokerSuites.Conforming.class);
    assertThat(run.failed()).as("checks failed by the conforming reference broker: %s", run.failures()).isEmpty();
    assertThat(run.skipped()).as("only the restart check (no restartBroker()) and the TTL check (no MESSAGE_TTL)"
        + " skip").containsExactlyInAnyOrder("survivesBrokerRestart", "expiredMessageIsNotDelivered");
    assertThat(run.passed()).contains("closeWaitsForHandlerInFlight", "failedMessageIsRedelivered",
        "messagesWaitForTheirConsumerGroup", "everyMessageOnce", "competingConsumers");
  }

  @Test
  @DisplayName("a broker whose close() does not wait for the handler in flight fails the close check")
  void closeNotWaitingIsCaught() {
    SuiteRun run = SuiteRun.of(BrokerSuites.ClosingWithoutWaiting.class, "closeWaitsForHandlerInFlight");
    assertThat(run.failed()).as("the suite notices close() returning while a handler runs")
        .containsExactly("closeWaitsForHandlerInFlight");
    assertThat(run.failures().get("closeWaitsForHandlerInFlight")).contains("waits for the handlers in flight");
  }

  @Test
  @DisplayName("a durable broker that loses a message whose handler failed fails the redelivery check")
  void lostMessageIsCaught() {
    SuiteRun run = SuiteRun.of(BrokerSuites.LosingFailedMessages.class, "failedMessageIsRedelivered",
        "closeWaitsForHandlerInFlight", "everyMessageOnce");
    assertThat(run.failed()).as("the suite notices a durable broker losing a message")
        .containsExactly("failedMessageIsRedelivered");
    assertThat(run.passed()).as("checks where no handler fails still pass")
        .containsExactlyInAnyOrder("closeWaitsForHandlerInFlight", "everyMessageOnce");
  }
}
