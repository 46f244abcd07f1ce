package io.jdaprd.core.scheduler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation;
import io.jdaprd.spi.state.TransactionalStateStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * A durable set of records on a state store, split into partitions as daprd's state-store reminders were
 * ({@code pkg/actors/reminders} up to 1.14): with no partitions, one JSON array under {@code <base>}; with
 * {@code n}, a metadata record {@code <base>||metadata} ({@code {"id":"<uuid>","actorRemindersMetadata":
 * {"partitionCount":n}}}) and arrays under {@code <base>||<uuid>||<word>||1..n}, a record going to partition
 * {@code fnv32a(hash input) mod n + 1}. A daprd of that era reads the layout, since it follows the metadata it finds.
 *
 * <p>Every change rewrites only its record's partition. The records are held in memory (read by {@link #load}), and
 * several writers may share the base key (sidecars of one app on one store): before a change, the metadata and the
 * partition are read back and compared with what this object last saw (a digest of their bytes); what another
 * writer changed is read again, and the change applied to it. The partition is then written with the ETag just
 * read, so a write in between fails and the change runs again. The partition count grows as records are added
 * (doubling, so that a partition holds {@value #TARGET} records on average), never shrinks: on a transactional store
 * the new partitions, the metadata and the deletion of the old keys (with their ETags) are one transaction; on
 * another store they are written in that order, so a crash in between leaves the old layout whole. Every partition
 * of a partitioned layout is written, empty ones as {@code []}. Every method is synchronized.
 *
 * @param <V> the record type
 */
public final class PartitionedStore<V> {
  /** The records a partition holds on average after growing. */
  static final int TARGET = 32;
  /** Growth starts when the average passes this. */
  static final int MAX_AVERAGE = 64;
  /** How often a change is tried again after other writers changed its partition in between. */
  static final int ATTEMPTS = 20;
  private static final long ABSENT = 0;
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
  private final boolean etags;
  private String metadataId = new UUID(0, 0).toString();
  private int partitions;
  private long metadataSeen = ABSENT;
  /** The records held, by partition then key (no second map by key: one map entry per record). */
  private final Map<Integer, Map<String, V>> parts = new HashMap<>();
  private int count;
  private final Map<Integer, Long> seen = new HashMap<>();

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
    this.etags = store.features().contains(StateFeature.ETAG);
  }

  /** Reads every record from the store (what was held in memory is replaced); answers them. */
  public synchronized Collection<V> load() throws StateException, IOException {
    parts.clear();
    count = 0;
    seen.clear();
    Optional<StoredValue> meta = store.get(request(metadataKey()));
    partitions = 0;
    metadataId = new UUID(0, 0).toString();
    metadataSeen = digest(meta);
    if (meta.isPresent() && meta.get().data() != null && meta.get().data().length > 0) {
      JsonNode m = JSON.readTree(meta.get().data());
      metadataId = m.path("id").asText(metadataId);
      partitions = Math.max(0, m.path("actorRemindersMetadata").path("partitionCount").asInt(0));
    }
    List<GetRequest> reads = new ArrayList<>();
    int first = partitions == 0 ? 0 : 1;
    for (int p = first; p <= partitions; p++) {
      reads.add(request(keyOf(p)));
    }
    List<Optional<StoredValue>> values = store.bulkGet(reads);
    for (int p = first; p <= partitions; p++) {
      take(p, values.get(p - first));
    }
    return all();
  }

  /** Replaces what is held of partition {@code p} by its stored value. */
  private void take(int p, Optional<StoredValue> v) throws IOException {
    Map<String, V> old = parts.remove(p);
    if (old != null) {
      count -= old.size();
    }
    seen.put(p, digest(v));
    if (v.isEmpty() || v.get().data() == null || v.get().data().length == 0) {
      return;
    }
    JsonNode all = JSON.readTree(v.get().data());
    if (!(all instanceof ArrayNode a)) {
      throw new IOException("the records under " + keyOf(p) + " are not a JSON array");
    }
    for (JsonNode n : a) {
      V value = codec.decode(n);
      place(codec.key(value), value, p);
    }
  }

  private void place(String key, V value, int p) {
    if (parts.computeIfAbsent(p, x -> new LinkedHashMap<>()).put(key, value) == null) {
      count++;
    }
  }

  private void unplace(String key, int p) {
    Map<String, V> part = parts.get(p);
    if (part != null && part.remove(key) != null) {
      count--;
    }
  }

  private V held(int p, String key) {
    Map<String, V> part = parts.get(p);
    return part == null ? null : part.get(key);
  }

  /** The record of {@code key} as held in memory, if any (see {@link #read} for the stored one). */
  public synchronized Optional<V> get(String key) {
    for (Map<String, V> part : parts.values()) {
      V v = part.get(key);
      if (v != null) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }

  /**
   * The record of {@code key} as stored now: its partition (the one of {@code hashInput}) is read back first, and
   * read again when another writer changed it.
   */
  public synchronized Optional<V> read(String key, String hashInput) throws StateException, IOException {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int p = partitionFor(hashInput);
      if (verify(p) != null) {
        return Optional.ofNullable(held(p, key));
      }
      load();
    }
    throw new StateException("the records under " + base + " kept changing");
  }

  /** Every record held. */
  public synchronized List<V> all() {
    List<V> out = new ArrayList<>(count);
    parts.values().forEach(part -> out.addAll(part.values()));
    return out;
  }

  /** How many records are held. */
  public synchronized int size() {
    return count;
  }

  /** The partition count in use (0: the single array under the base key). */
  public synchronized int partitions() {
    return partitions;
  }

  /** Adds or replaces the record of {@code value}'s key (see {@link #compute}). */
  public synchronized void put(V value) throws StateException, IOException {
    compute(codec.key(value), codec.hashInput(value), before -> Optional.of(value));
  }

  /** Removes the record of {@code key}, whose hash input is {@code hashInput}; {@code false} when there was none. */
  public synchronized boolean remove(String key, String hashInput) throws StateException, IOException {
    return compute(key, hashInput, before -> Optional.empty()).isPresent();
  }

  /** Removes the record of {@code key} as held in memory; {@code false} when none is held. */
  public synchronized boolean remove(String key) throws StateException, IOException {
    Optional<V> held = get(key);
    return held.isPresent() && remove(key, codec.hashInput(held.get()));
  }

  /**
   * Changes the record of {@code key} (in the partition of {@code hashInput}) as stored now: {@code change} gets the
   * stored record (empty for none) and answers the record to keep (empty to remove it; the same instance it got for
   * no change). It may run more than once, when another writer changed the partition in between.
   *
   * @return the record before the change
   */
  public synchronized Optional<V> compute(String key, String hashInput, UnaryOperator<Optional<V>> change)
      throws StateException, IOException {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      int p = partitionFor(hashInput);
      Verified v = verify(p);
      if (v == null) {
        load();
        continue;
      }
      Optional<V> before = Optional.ofNullable(held(p, key));
      Optional<V> after = change.apply(before);
      if (after.equals(before) && (after.isEmpty() || after.get() == before.get())) {
        return before;
      }
      if (after.isPresent() && !codec.key(after.get()).equals(key)) {
        throw new IllegalArgumentException("the changed record has another key");
      }
      if (after.isPresent()) {
        place(key, after.get(), p);
      } else {
        unplace(key, p);
      }
      try {
        if (before.isEmpty() && count > MAX_AVERAGE * Math.max(1, partitions)) {
          if (!grow()) {
            load();
            continue;
          }
        } else {
          writePartition(p, v.etag());
        }
        return before;
      } catch (EtagMismatchException conflict) {
        load();
      } catch (StateException | RuntimeException e) {
        load();
        throw e;
      }
    }
    throw new StateException("the records under " + base + " kept changing");
  }

  /** What a partition was read back with. */
  private record Verified(String etag) {
  }

  /**
   * Reads the metadata and partition {@code p} back; a partition another writer changed is taken again. Answers
   * {@code null} when the layout itself changed (reload everything).
   */
  private Verified verify(int p) throws StateException, IOException {
    List<Optional<StoredValue>> both = store.bulkGet(List.of(request(metadataKey()), request(keyOf(p))));
    if (digest(both.get(0)) != metadataSeen) {
      return null;
    }
    Optional<StoredValue> part = both.get(1);
    if (digest(part) != seen.getOrDefault(p, ABSENT)) {
      take(p, part);
    }
    return new Verified(part.map(StoredValue::etag).orElse(null));
  }

  private int partitionFor(String hashInput) {
    if (partitions == 0) {
      return 0;
    }
    return (int) (Integer.toUnsignedLong(fnv32a(hashInput)) % partitions) + 1;
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

  /**
   * Doubles the partitions (or makes the first ones) for the records held; {@code false} when another writer changed
   * an old partition or the metadata since they were read (nothing written).
   */
  private boolean grow() throws StateException, IOException {
    int oldCount = partitions;
    List<GetRequest> reads = new ArrayList<>();
    reads.add(request(metadataKey()));
    int first = oldCount == 0 ? 0 : 1;
    for (int p = first; p <= oldCount; p++) {
      reads.add(request(keyOf(p)));
    }
    List<Optional<StoredValue>> stored = store.bulkGet(reads);
    if (digest(stored.get(0)) != metadataSeen) {
      return false;
    }
    List<DeleteRequest> old = new ArrayList<>();
    for (int p = first; p <= oldCount; p++) {
      Optional<StoredValue> v = stored.get(p - first + 1);
      if (digest(v) != seen.getOrDefault(p, ABSENT)) {
        return false;
      }
      if (v.isPresent()) {
        old.add(new DeleteRequest(keyOf(p), etags ? v.get().etag() : null, Map.of(), null, null));
      }
    }
    String metaEtag = stored.get(0).map(StoredValue::etag).orElse(null);
    int wanted = Integer.highestOneBit(Math.max(1, count / TARGET - 1)) * 2;
    String oldId = metadataId;
    partitions = wanted;
    metadataId = UUID.randomUUID().toString();
    Map<Integer, List<V>> byPartition = new LinkedHashMap<>();
    for (int p = 1; p <= partitions; p++) {
      byPartition.put(p, new ArrayList<>());
    }
    for (V v : all()) {
      byPartition.get(partitionFor(codec.hashInput(v))).add(v);
    }
    List<SetRequest> writes = new ArrayList<>();
    byPartition.forEach((p, list) -> writes.add(set(keyOf(p), list, null)));
    ObjectNode meta = JSON.createObjectNode().put("id", metadataId);
    meta.putObject("actorRemindersMetadata").put("partitionCount", partitions);
    byte[] metaBytes = meta.toString().getBytes(StandardCharsets.UTF_8);
    SetRequest metaWrite = new SetRequest(metadataKey(), metaBytes, etags ? metaEtag : null, Map.of(),
        etags ? Concurrency.FIRST_WRITE : Concurrency.LAST_WRITE, null);
    try {
      if (store instanceof TransactionalStateStore tx && fits(tx, writes.size() + old.size() + 1)) {
        List<TransactionOperation> ops = new ArrayList<>();
        writes.forEach(w -> ops.add(new TransactionOperation.Upsert(w)));
        ops.add(new TransactionOperation.Upsert(metaWrite));
        old.forEach(d -> ops.add(new TransactionOperation.Delete(d)));
        tx.multi(ops, Map.of());
      } else {
        store.bulkSet(writes);
        store.set(metaWrite);
        try {
          store.bulkDelete(old.stream().map(d -> new DeleteRequest(d.key(), null, Map.of(), null, null)).toList());
        } catch (StateException e) {
          // the metadata no longer names them: left over, never read
        }
      }
    } catch (StateException e) {
      partitions = oldCount;
      metadataId = oldId;
      if (e instanceof EtagMismatchException) {
        return false;
      }
      throw e;
    }
    Map<String, V> keyed = new HashMap<>();
    parts.values().forEach(keyed::putAll);
    parts.clear();
    count = 0;
    seen.clear();
    keyed.forEach((key, v) -> place(key, v, partitionFor(codec.hashInput(v))));
    for (SetRequest w : writes) {
      seen.put(partitionOfKey(w.key()), digest(w.value()));
    }
    metadataSeen = digest(metaBytes);
    return true;
  }

  private static boolean fits(TransactionalStateStore tx, int operations) {
    return tx.maxOperationsPerTransaction() == 0 || operations <= tx.maxOperationsPerTransaction();
  }

  private int partitionOfKey(String key) {
    return key.equals(base) ? 0 : Integer.parseInt(key.substring(key.lastIndexOf("||") + 2));
  }

  /** Writes partition {@code p} over the value read with {@code etag} ({@code null}: the key must not exist). */
  private void writePartition(int p, String etag) throws StateException {
    SetRequest write = set(keyOf(p), parts.getOrDefault(p, Map.of()).values(), etag);
    store.set(write);
    seen.put(p, digest(write.value()));
  }

  private SetRequest set(String key, Collection<V> values, String etag) {
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
    return new SetRequest(key, bytes.toByteArray(), etags ? etag : null, Map.of(),
        etags ? Concurrency.FIRST_WRITE : Concurrency.LAST_WRITE, null);
  }

  private String metadataKey() {
    return base + "||metadata";
  }

  private String keyOf(int p) {
    return p == 0 ? base : base + "||" + metadataId + "||" + word + "||" + p;
  }

  private static GetRequest request(String key) {
    return new GetRequest(key, Map.of(), null);
  }

  private static long digest(Optional<StoredValue> v) {
    return v.isEmpty() || v.get().data() == null ? ABSENT : digest(v.get().data());
  }

  /** The first 63 bits of the SHA-256 of {@code bytes}, never {@link #ABSENT}. */
  private static long digest(byte[] bytes) {
    byte[] h;
    try {
      h = MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every JDK has SHA-256
    }
    long d = 0;
    for (int i = 0; i < 8; i++) {
      d = (d << 8) | (h[i] & 0xff);
    }
    return d | 1;
  }
}
