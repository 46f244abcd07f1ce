package io.jdaprd.core.pubsub;

import io.jdaprd.core.component.InFlight;
import io.jdaprd.spi.pubsub.PubSub;
import io.jdaprd.spi.pubsub.PubSubFeature;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pub/sub components this sidecar serves, by name, with their topic scoping. Hot reload replaces and removes
 * components while requests run ({@link #put}, {@link #remove}); each lookup reads the set of now.
 */
public final class PubSubs {
  private volatile Map<String, Entry> entries;

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
   * @param inFlight the publishes in flight on it (hot reload closes it after them)
   */
  public record Entry(String name, PubSub broker, TopicScopes scopes, Map<String, String> metadata,
      InFlight inFlight) {
    public Entry {
      metadata = Map.copyOf(metadata);
    }

    /** An entry whose publishes are counted from now on. */
    public Entry(String name, PubSub broker, TopicScopes scopes, Map<String, String> metadata) {
      this(name, broker, scopes, metadata, new InFlight());
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

  /** Adds {@code entry}, or replaces the component of its name; returns the replaced one, {@code null} if none. */
  public synchronized Entry put(Entry entry) {
    Map<String, Entry> next = new LinkedHashMap<>(entries);
    Entry old = next.put(entry.name(), entry);
    entries = Collections.unmodifiableMap(next);
    return old;
  }

  /** Removes the component named {@code name}; returns it, {@code null} when there was none. */
  public synchronized Entry remove(String name) {
    if (!entries.containsKey(name)) {
      return null;
    }
    Map<String, Entry> next = new LinkedHashMap<>(entries);
    Entry old = next.remove(name);
    entries = Collections.unmodifiableMap(next);
    return old;
  }

  /** Whether there is no pub/sub component at all. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
