package io.jdaprd.core.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.errors.DaprException;
import io.jdaprd.errors.ErrorCode;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A pub/sub that hot reload removes between the publish's checks and the publish itself answers daprd's
 * ERR_PUBSUB_NOT_FOUND with reason DAPR_PUBSUB_TEST_NOT_FOUND (400 / NotFound): daprd's publisher looks the
 * component up again, and finds it gone. One that was gone before the checks answers the usual not-found.
 */
class PublishNotFoundTest {
  private final PubSubs pubsubs = new PubSubs(List.of());
  private final PubSubBlock block = new PubSubBlock("app", pubsubs);
  private final AtomicInteger published = new AtomicInteger();

  /** A broker removed from the registry while the envelope is built (which asks for its features). */
  private class VanishingBroker implements PubSub {
    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Set<PubSubFeature> features() {
      pubsubs.remove("ps");
      return Set.of();
    }

    @Override
    public void publish(PublishRequest request) {
      published.incrementAndGet();
    }

    @Override
    public Subscription subscribe(SubscribeRequest request, MessageHandler handler) {
      throw new UnsupportedOperationException();
    }
  }

  private PublishCommand command(String pubsub) {
    return new PublishCommand(pubsub, "orders", "{}".getBytes(StandardCharsets.UTF_8), "application/json", Map.of(),
        PublishCommand.Transport.HTTP, null, null);
  }

  @Test
  void aPubSubRemovedDuringThePublishAnswersTestNotFound() {
    pubsubs.put(new PubSubs.Entry("ps", new VanishingBroker(), TopicScopes.NONE, Map.of()));
    assertThatThrownBy(() -> block.publish(command("ps"))).isInstanceOfSatisfying(DaprException.class, e -> {
      assertThat(e.code()).isEqualTo(ErrorCode.PUBSUB_TEST_NOT_FOUND);
      assertThat(e.getMessage()).isEqualTo("pubsub 'ps' not found");
    });
    assertThat(published).hasValue(0);
    assertThatThrownBy(() -> block.publish(command("ps"))).isInstanceOfSatisfying(DaprException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PUBSUB_NOT_FOUND));
  }

  @Test
  void aPubSubReplacedDuringThePublishPublishesOnItsSuccessor() {
    AtomicInteger onSuccessor = new AtomicInteger();
    PubSub successor = new VanishingBroker() {
      @Override
      public Set<PubSubFeature> features() {
        return Set.of();
      }

      @Override
      public void publish(PublishRequest request) {
        onSuccessor.incrementAndGet();
      }
    };
    PubSubs.Entry[] first = new PubSubs.Entry[1];
    first[0] = new PubSubs.Entry("ps", new VanishingBroker() {
      @Override
      public Set<PubSubFeature> features() {
        pubsubs.put(new PubSubs.Entry("ps", successor, TopicScopes.NONE, Map.of()));
        first[0].inFlight().closeWhenIdle(java.time.Duration.ZERO);
        return Set.of();
      }
    }, TopicScopes.NONE, Map.of());
    pubsubs.put(first[0]);
    block.publish(command("ps"));
    assertThat(onSuccessor).hasValue(1);
    assertThat(published).as("nothing on the closed one").hasValue(0);
  }
}
