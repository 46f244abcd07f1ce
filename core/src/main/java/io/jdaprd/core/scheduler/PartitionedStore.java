package io.jdaprd.core.scheduler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A durable set of records on a state store, split into partitions as daprd's state-store reminders were
 * ({@code pkg/actors/reminders} up to 1.14): with no partitions, one JSON array under {@code <base>}; with
 * {@code n}, a metadata record {@code <base>||metadata} ({@code {"id":"<uuid>","actorRemindersMetadata":
 * {"partitionCount":n}}}) and arrays under {@code <base>||<uuid>||<word>||1..n}, a record going to partition
 * {@code fnv32a(hash input) mod n + 1}. Every change rewrites only its record's partition, from memory (the
 * records are read once, by {@link #load}). The partition count grows as records are added (doubling, so that a
 * partition holds {@value #TARGET} records on average), never shrinks; growing writes the new partitions, then the
 * metadata (the switch), then deletes the old keys, so a crash in between leaves the old layout whole. A daprd of
 * that era reads the layout, since it follows the metadata it finds. One writer per base key: callers serialize
 * through this object (every method is synchronized).
 *
 * @param <V> the record type
 */
public final class PartitionedStore<V> {
  /** The records a partition holds on average after growing. */
  static final int TARGET = 32;
  /** Growth starts when the average passes this. */
  static final int MAX_AVERAGE = 64;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How records are written, read and placed. */
  public interface Codec<V> {
    /** The record's unique key. */
    String key(V value);

    /** The bytes hashed to pick its partition (daprd's reminders: the actor id, then the reminder name). */
    String hashInput(V value);

    /** Writes the record as stored: one JSON object. */
    void write(V value, JsonGenerator out) throws IOException;

    /** A stored record; throws with a message when it is unreadable. */
    V decode(JsonNode node) throws IOException;
  }

  private final StateStore store;
  private final String base;
  private final String word;
  private final Codec<V> codec;
  private String metadataId = new UUID(0, 0).toString();
  private int partitions;
  private final Map<String, V> records = new HashMap<>();
  private final Map<Integer, Map<String, V>> parts = new HashMap<>();

  /**
   * @param store the state store
   * @param base the base key, for example {@code actors||<type>}
   * @param word the word of the partition keys, for example {@code reminders}
   */
  public PartitionedStore(StateStore store, String base, String word, Codec<V> codec) {
    this.store = store;
    this.base = base;
    this.word = word;
    this.codec = codec;
  }

  /** Reads every record from the store (what was held in memory is replaced); answers them. */
  public synchronized Collection<V> load() throws StateException, IOException {
    records.clear();
    parts.clear();
    Optional<StoredValue> meta = store.get(request(base + "||metadata"));
    partitions = 0;
    metadataId = new UUID(0, 0).toString();
    if (meta.isPresent() && meta.get().data() != null && meta.get().data().length > 0) {
      JsonNode m = JSON.readTree(meta.get().data());
      metadataId = m.path("id").asText(metadataId);
      partitions = Math.max(0, m.path("actorRemindersMetadata").path("partitionCount").asInt(0));
    }
    if (partitions == 0) {
      readPartition(0);
    } else {
      for (int p = 1; p <= partitions; p++) {
        readPartition(p);
      }
    }
    return List.copyOf(records.values());
  }

  private void readPartition(int p) throws StateException, IOException {
    Optional<StoredValue> v = store.get(request(keyOf(p)));
    if (v.isEmpty() || v.get().data() == null || v.get().data().length == 0) {
      return;
    }
    JsonNode all = JSON.readTree(v.get().data());
    if (!(all instanceof ArrayNode a)) {
      throw new IOException("the records under " + keyOf(p) + " are not a JSON array");
    }
    for (JsonNode n : a) {
      V value = codec.decode(n);
      String key = codec.key(value);
      records.put(key, value);
      place(key, value, p);
    }
  }

  private void place(String key, V value, int p) {
    parts.computeIfAbsent(p, x -> new LinkedHashMap<>()).put(key, value);
  }

  private void unplace(String key, int p) {
    Map<String, V> part = parts.get(p);
    if (part != null) {
      part.remove(key);
    }
  }

  /** The record of {@code key}, if held. */
  public synchronized Optional<V> get(String key) {
    return Optional.ofNullable(records.get(key));
  }

  /** Every record held. */
  public synchronized List<V> all() {
    return List.copyOf(records.values());
  }

  /** How many records are held. */
  public synchronized int size() {
    return records.size();
  }

  /** The partition count in use (0: the single array under the base key). */
  public synchronized int partitions() {
    return partitions;
  }

  /** Adds or replaces the record of {@code value}'s key and writes its partition (or grows the partitions). */
  public synchronized void put(V value) throws StateException {
    String key = codec.key(value);
    V before = records.put(key, value);
    if (before == null && records.size() > MAX_AVERAGE * Math.max(1, partitions)) {
      try {
        grow();
        return;
      } catch (StateException e) {
        records.remove(key);
        throw e;
      }
    }
    int p = partitionFor(value);
    place(key, value, p);
    try {
      writePartition(p);
    } catch (StateException e) {
      if (before == null) {
        records.remove(key);
        unplace(key, p);
      } else {
        records.put(key, before);
        place(key, before, p);
      }
      throw e;
    }
  }

  /** Removes the record of {@code key} and writes its partition; {@code false} when there was none. */
  public synchronized boolean remove(String key) throws StateException {
    V before = records.remove(key);
    if (before == null) {
      return false;
    }
    int p = partitionFor(before);
    unplace(key, p);
    try {
      writePartition(p);
    } catch (StateException e) {
      records.put(key, before);
      place(key, before, p);
      throw e;
    }
    return true;
  }

  private int partitionFor(V value) {
    if (partitions == 0) {
      return 0;
    }
    return (int) (Integer.toUnsignedLong(fnv32a(codec.hashInput(value))) % partitions) + 1;
  }

  /** FNV-1a, 32 bits, over the UTF-8 bytes of {@code s} (daprd's reminder partition hash). */
  static int fnv32a(String s) {
    int h = 0x811c9dc5;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x01000193;
    }
    return h;
  }

  private void grow() throws StateException {
    int wanted = Integer.highestOneBit(Math.max(1, records.size() / TARGET - 1)) * 2;
    int oldCount = partitions;
    String oldId = metadataId;
    partitions = wanted;
    metadataId = UUID.randomUUID().toString();
    Map<Integer, List<V>> byPartition = new LinkedHashMap<>();
    for (int p = 1; p <= partitions; p++) {
      byPartition.put(p, new ArrayList<>());
    }
    for (V v : records.values()) {
      byPartition.get(partitionFor(v)).add(v);
    }
    try {
      List<SetRequest> writes = new ArrayList<>();
      byPartition.forEach((p, list) -> writes.add(set(keyOf(p), list)));
      store.bulkSet(writes);
      ObjectNode meta = JSON.createObjectNode().put("id", metadataId);
      meta.putObject("actorRemindersMetadata").put("partitionCount", partitions);
      store.set(new SetRequest(base + "||metadata", meta.toString().getBytes(StandardCharsets.UTF_8), null,
          Map.of(), Concurrency.LAST_WRITE, null));
    } catch (StateException e) {
      partitions = oldCount;
      metadataId = oldId;
      throw e;
    }
    parts.clear();
    byPartition.forEach((p, list) -> list.forEach(v -> place(codec.key(v), v, p)));
    List<DeleteRequest> old = new ArrayList<>();
    if (oldCount == 0) {
      old.add(new DeleteRequest(base, null, Map.of(), null, null));
    }
    for (int p = 1; p <= oldCount; p++) {
      old.add(new DeleteRequest(base + "||" + oldId + "||" + word + "||" + p, null, Map.of(), null, null));
    }
    try {
      store.bulkDelete(old);
    } catch (StateException e) {
      // the metadata no longer names them: left over, never read
    }
  }

  private void writePartition(int p) throws StateException {
    store.set(set(keyOf(p), parts.getOrDefault(p, Map.of()).values()));
  }

  private SetRequest set(String key, Collection<V> values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + values.size() * 192);
    try (JsonGenerator out = JSON.getFactory().createGenerator(bytes)) {
      out.writeStartArray();
      for (V v : values) {
        codec.write(v, out);
      }
      out.writeEndArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    return new SetRequest(key, bytes.toByteArray(), null, Map.of(), Concurrency.LAST_WRITE, null);
  }

  private String keyOf(int p) {
    return p == 0 ? base : base + "||" + metadataId + "||" + word + "||" + p;
  }

  private static GetRequest request(String key) {
    return new GetRequest(key, Map.of(), null);
  }
}
