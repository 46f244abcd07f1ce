package io.jdaprd.spi.testkit.pubsub;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSub;
import java.time.Duration;
import java.util.Map;

/**
 * {@link PubSubConformance} against a {@link ReferenceBroker} with each {@link ReferenceBroker.Defect}, one nested
 * suite per defect. Surefire does not run nested classes by itself: {@link PubSubConformanceBitesTest} runs them
 * through the JUnit Platform and reads their results.
 */
final class BrokerSuites {
  private BrokerSuites() {
  }

  /** The suite against a broker with {@code defect}. */
  abstract static class Against extends PubSubConformance {
    private final ReferenceBroker.Defect defect;

    Against(ReferenceBroker.Defect defect) {
      this.defect = defect;
    }

    @Override
    protected PubSub createPubSub(ComponentMetadata metadata) {
      return new ReferenceBroker(defect);
    }

    @Override
    protected Map<String, String> pubSubMetadata() {
      return Map.of();
    }

    @Override
    protected String pubSubType() {
      return "pubsub.reference";
    }

    @Override
    protected Duration redeliveryTimeout() {
      return Duration.ofSeconds(2);
    }
  }

  /** A broker that keeps every promise. */
  static final class Conforming extends Against {
    Conforming() {
      super(ReferenceBroker.Defect.NONE);
    }
  }

  /** A broker whose subscriptions close without waiting for the handler in flight. */
  static final class ClosingWithoutWaiting extends Against {
    ClosingWithoutWaiting() {
      super(ReferenceBroker.Defect.CLOSE_DOES_NOT_WAIT);
    }
  }

  /** A durable broker that drops a message whose handler threw. */
  static final class LosingFailedMessages extends Against {
    LosingFailedMessages() {
      super(ReferenceBroker.Defect.LOSES_FAILED_MESSAGES);
    }
  }
}
