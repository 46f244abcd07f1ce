package io.jdaprd.components.inmemory;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.testkit.pubsub.PubSubConformance;
import java.util.Map;

/** {@code pubsub.in-memory} against the pub/sub conformance suite; it is not durable, so those checks skip. */
class InMemoryPubSubTest extends PubSubConformance {

  @Override
  protected PubSub createPubSub(ComponentMetadata metadata) {
    return new InMemoryPubSub();
  }

  @Override
  protected Map<String, String> pubSubMetadata() {
    return Map.of();
  }

  @Override
  protected String pubSubType() {
    return InMemoryPubSub.TYPE;
  }
}
