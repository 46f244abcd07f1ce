package io.jdaprd.components.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.testkit.pubsub.Inbox;
import io.jdaprd.spi.testkit.pubsub.PubSubConformance;
import io.lettuce.core.cluster.SlotHash;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The pub/sub conformance suite against a private three-node Redis cluster ({@code redisType: cluster}) that keeps
 * its data across restarts, with redelivery after 1 s, plus one subscriber of topics on several nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterPubSubTest extends PubSubConformance {
  private RedisCluster cluster;

  @BeforeAll
  void startCluster() throws Exception {
    cluster = RedisCluster.start();
  }

  @AfterAll
  void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected PubSub createPubSub(ComponentMetadata metadata) {
    return new RedisPubSub();
  }

  @Override
  protected Map<String, String> pubSubMetadata() {
    return Map.of("redisHost", cluster.addresses(), "redisType", "cluster", "redeliverInterval", "1s",
        "processingTimeout", "1s");
  }

  @Override
  protected String pubSubType() {
    return RedisPubSub.TYPE;
  }

  @Override
  protected void restartBroker() throws Exception {
    cluster.restart();
  }

  @Test
  @DisplayName("one client subscribes to topics whose streams live in several hash slots and gets every message")
  void topicsAcrossSlots() throws Exception {
    List<String> topics = Stream.of("north", "south", "east", "west").map(this::topic).toList();
    assertThat(topics.stream().map(SlotHash::getSlot).collect(Collectors.toSet())).as("the topics' slots")
        .hasSizeGreaterThan(1);
    Inbox inbox = new Inbox();
    for (String topic : topics) {
      subscribe(topic, "cluster-group", inbox);
    }
    for (String topic : topics) {
      publish(topic, "to " + topic);
    }
    assertAllDelivered(inbox, topics.stream().map(topic -> "to " + topic).collect(Collectors.toSet()),
        "each topic's stream is read from the node that owns its slot");
  }
}
