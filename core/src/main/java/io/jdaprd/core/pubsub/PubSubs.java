package io.jdaprd.core.pubsub;

import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubFeature;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The pub/sub components this sidecar serves, by name, with their topic scoping. */
public final class PubSubs {
  private final Map<String, Entry> entries;

  /** The components in {@code entries}, in load order. */
  public PubSubs(Collection<Entry> entries) {
    Map<String, Entry> m = new LinkedHashMap<>();
    entries.forEach(e -> m.put(e.name(), e));
    this.entries = Collections.unmodifiableMap(m);
  }

  /**
   * One pub/sub component.
   *
   * @param name the component name
   * @param broker the initialised component
   * @param scopes its topic scoping for this app
   * @param metadata the component metadata (for its {@code consumerID}, shown by the metadata API)
   */
  public record Entry(String name, PubSub broker, TopicScopes scopes, Map<String, String> metadata) {
    public Entry {
      metadata = Map.copyOf(metadata);
    }

    /** Whether the broker expires messages itself ({@code ttlInSeconds}). */
    public boolean nativeTtl() {
      return broker.features().contains(PubSubFeature.MESSAGE_TTL);
    }

    /** Whether the broker keeps and redelivers unacknowledged messages. */
    public boolean durable() {
      return broker.features().contains(PubSubFeature.DURABLE);
    }
  }

  /** The component named {@code name}. */
  public Optional<Entry> find(String name) {
    return Optional.ofNullable(entries.get(name));
  }

  /** Every component, in load order. */
  public Collection<Entry> all() {
    return entries.values();
  }

  /** Whether there is no pub/sub component at all. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
