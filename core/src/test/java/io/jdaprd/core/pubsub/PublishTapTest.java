package io.jdaprd.core.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.errors.DaprException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.MessageHandler;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubException;
import io.jdaprd.spi.pubsub.PubSubFeature;
import io.jdaprd.spi.pubsub.PublishRequest;
import io.jdaprd.spi.pubsub.SubscribeRequest;
import io.jdaprd.spi.pubsub.Subscription;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A publish tap sees exactly what a broker accepted: single and bulk, never a refused event. */
class PublishTapTest {
  private final List<String> seen = new ArrayList<>();
  private final PubSubBlock block = new PubSubBlock("app", new PubSubs(List.of(
      new PubSubs.Entry("ps", new RefusingBroker(), TopicScopes.NONE, Map.of()))));

  PublishTapTest() {
    block.addTap((pubsub, topic, data, contentType, metadata) -> seen.add(pubsub + "/" + topic + " " + contentType
        + " " + new String(data, StandardCharsets.UTF_8)));
  }

  @Test
  void anAcceptedEventIsSeenAsTheBrokerGotIt() {
    block.publish(new PublishCommand("ps", "t", "ok".getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of("rawPayload", "true"), PublishCommand.Transport.HTTP, null, null));
    assertThat(seen).containsExactly("ps/t text/plain ok");
  }

  @Test
  void aRefusedEventIsNotSeen() {
    assertThatThrownBy(() -> block.publish(new PublishCommand("ps", "t", "refuse".getBytes(StandardCharsets.UTF_8),
        "text/plain", Map.of("rawPayload", "true"), PublishCommand.Transport.HTTP, null, null)))
        .isInstanceOf(DaprException.class);
    assertThat(seen).isEmpty();
  }

  @Test
  void aBulkPublishShowsOnlyTheAcceptedEntriesAndARemovedTapSeesNothing() {
    BulkPublishOutcome outcome = block.bulkPublish(new BulkPublishCommand("ps", "t", List.of(
        new BulkPublishCommand.Entry("1", "a".getBytes(StandardCharsets.UTF_8), "text/plain", null),
        new BulkPublishCommand.Entry("2", "refuse".getBytes(StandardCharsets.UTF_8), "text/plain", null)),
        Map.of("rawPayload", "true"), PublishCommand.Transport.HTTP, null, null));
    assertThat(outcome.failed()).hasSize(1);
    assertThat(seen).containsExactly("ps/t text/plain a");

    PublishTap other = (pubsub, topic, data, contentType, metadata) -> seen.add("other");
    block.addTap(other);
    block.removeTap(other);
    block.publish(new PublishCommand("ps", "t", "b".getBytes(StandardCharsets.UTF_8), "text/plain",
        Map.of("rawPayload", "true"), PublishCommand.Transport.HTTP, null, null));
    assertThat(seen).containsExactly("ps/t text/plain a", "ps/t text/plain b");
  }

  @Test
  void aBulkPublishUnderAnOutboundRetryResendsOnlyTheFailedEntries() throws Exception {
    String yaml = """
        kind: Resiliency
        metadata: {name: r}
        spec:
          policies:
            retries:
              twice: {policy: constant, duration: 1ms, maxRetries: 2}
          targets:
            components:
              ps:
                outbound: {retry: twice}
        """;
    io.jdaprd.core.resiliency.Resiliency resiliency = io.jdaprd.core.resiliency.Resiliency.of(List.of(
        io.jdaprd.core.resiliency.ResiliencyParser.parse(new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(yaml))));
    List<String> sent = new ArrayList<>();
    RefusingBroker flaky = new RefusingBroker() {
      @Override
      public void publish(PublishRequest request) throws PubSubException {
        String data = new String(request.data(), StandardCharsets.UTF_8);
        sent.add(data);
        if (data.equals("refuse") || data.equals("late") && sent.stream().filter("late"::equals).count() < 3) {
          throw new PubSubException("broker said no to " + data);
        }
      }
    };
    PubSubBlock resilient = new PubSubBlock("app", new PubSubs(List.of(new PubSubs.Entry("ps", flaky,
        TopicScopes.NONE, Map.of()))), io.jdaprd.core.metrics.Metrics.NONE, resiliency);
    BulkPublishOutcome outcome = resilient.bulkPublish(new BulkPublishCommand("ps", "t", List.of(
        new BulkPublishCommand.Entry("1", "a".getBytes(StandardCharsets.UTF_8), "text/plain", null),
        new BulkPublishCommand.Entry("2", "late".getBytes(StandardCharsets.UTF_8), "text/plain", null),
        new BulkPublishCommand.Entry("3", "refuse".getBytes(StandardCharsets.UTF_8), "text/plain", null)),
        Map.of("rawPayload", "true"), PublishCommand.Transport.HTTP, null, null));
    assertThat(sent).containsExactly("a", "late", "refuse", "late", "refuse", "late", "refuse");
    assertThat(outcome.failed()).singleElement().satisfies(f -> {
      assertThat(f.entryId()).isEqualTo("3");
      assertThat(f.error()).isEqualTo("broker said no to refuse");
    });
  }

  /** Accepts every event except those whose data is {@code refuse}. */
  private static class RefusingBroker implements PubSub {
    @Override
    public void init(ComponentMetadata metadata) {
    }

    @Override
    public Set<PubSubFeature> features() {
      return Set.of();
    }

    @Override
    public void publish(PublishRequest request) throws PubSubException {
      if (new String(request.data(), StandardCharsets.UTF_8).equals("refuse")) {
        throw new PubSubException("refused");
      }
    }

    @Override
    public Subscription subscribe(SubscribeRequest request, MessageHandler handler) {
      throw new UnsupportedOperationException();
    }
  }
}
