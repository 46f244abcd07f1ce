package io.jdaprd.core.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.components.inmemory.InMemoryStateStore;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** daprd's partitioned reminders layout on the real in-memory store. */
class PartitionedStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BASE = "actors||Cart";

  /** A record: an actor id and a name. */
  record Rec(String id, String name) {
  }

  private static final PartitionedStore.Codec<Rec> CODEC = new PartitionedStore.Codec<>() {
    @Override
    public String key(Rec r) {
      return r.id() + "||" + r.name();
    }

    @Override
    public String hashInput(Rec r) {
      return r.id() + r.name();
    }

    @Override
    public void write(Rec r, JsonGenerator out) throws IOException {
      out.writeStartObject();
      out.writeStringField("actorID", r.id());
      out.writeStringField("name", r.name());
      out.writeEndObject();
    }

    @Override
    public Rec decode(JsonNode n) {
      return new Rec(n.path("actorID").asText(), n.path("name").asText());
    }
  };

  private CountingStore store;

  @BeforeEach
  void setUp() throws Exception {
    store = new CountingStore();
    store.init(new ComponentMetadata("statestore", "state.in-memory", "v1", "myapp", Map.of()));
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  private String read(String key) throws StateException {
    return store.get(new GetRequest(key, Map.of(), null)).map(v -> new String(v.data())).orElse(null);
  }

  @Test
  void fewRecordsLiveInOneArrayUnderTheBaseKey() throws Exception {
    PartitionedStore<Rec> ps = new PartitionedStore<>(store, BASE, "reminders", CODEC);
    ps.put(new Rec("1", "a"));
    ps.put(new Rec("2", "b"));
    ps.put(new Rec("1", "a"));
    assertThat(ps.partitions()).isZero();
    assertThat(read(BASE)).isEqualTo("[{\"actorID\":\"1\",\"name\":\"a\"},{\"actorID\":\"2\",\"name\":\"b\"}]");
    assertThat(ps.remove("2||b")).isTrue();
    assertThat(ps.remove("2||b")).isFalse();
    assertThat(read(BASE)).isEqualTo("[{\"actorID\":\"1\",\"name\":\"a\"}]");
    assertThat(read(BASE + "||metadata")).isNull();
  }

  @Test
  void growsIntoDaprdsPartitionsAndReadsThemBack() throws Exception {
    PartitionedStore<Rec> ps = new PartitionedStore<>(store, BASE, "reminders", CODEC);
    int n = 3000;
    for (int i = 0; i < n; i++) {
      ps.put(new Rec("actor-" + (i % 100), "r" + i));
    }
    int parts = ps.partitions();
    assertThat(parts).isGreaterThanOrEqualTo(n / PartitionedStore.MAX_AVERAGE);
    assertThat(Integer.bitCount(parts)).isEqualTo(1);
    JsonNode meta = JSON.readTree(read(BASE + "||metadata"));
    assertThat(meta.path("actorRemindersMetadata").path("partitionCount").asInt()).isEqualTo(parts);
    String id = meta.path("id").asText();
    assertThat(read(BASE)).isNull();
    int stored = 0;
    for (int p = 1; p <= parts; p++) {
      JsonNode a = JSON.readTree(read(BASE + "||" + id + "||reminders||" + p));
      for (JsonNode r : a) {
        String hash = r.path("actorID").asText() + r.path("name").asText();
        assertThat(Integer.toUnsignedLong(PartitionedStore.fnv32a(hash)) % parts + 1).isEqualTo(p);
        stored++;
      }
    }
    assertThat(stored).isEqualTo(n);
    PartitionedStore<Rec> again = new PartitionedStore<>(store, BASE, "reminders", CODEC);
    assertThat(again.load()).hasSize(n).contains(new Rec("actor-7", "r7"));
    assertThat(again.partitions()).isEqualTo(parts);
  }

  @Test
  void aChangeRewritesOnlyItsPartition() throws Exception {
    PartitionedStore<Rec> ps = new PartitionedStore<>(store, BASE, "reminders", CODEC);
    for (int i = 0; i < 2000; i++) {
      ps.put(new Rec("a" + i, "r"));
    }
    store.written.clear();
    ps.put(new Rec("a5", "r"));
    ps.remove("a6||r");
    assertThat(store.written).hasSize(2);
    assertThat(store.written.get(0).length).isLessThan(2000 * 10);
  }

  @Test
  void twoWritersOnOneBaseKeyLoseNothingOfEachOther() throws Exception {
    PartitionedStore<Rec> a = new PartitionedStore<>(store, BASE, "reminders", CODEC);
    PartitionedStore<Rec> b = new PartitionedStore<>(store, BASE, "reminders", CODEC);
    a.put(new Rec("1", "a"));
    b.put(new Rec("2", "b"));
    a.put(new Rec("3", "c"));
    assertThat(b.remove("1||a", "1a")).as("b never saw it in memory, but it is stored").isTrue();
    assertThat(new PartitionedStore<>(store, BASE, "reminders", CODEC).load())
        .containsExactlyInAnyOrder(new Rec("2", "b"), new Rec("3", "c"));
    assertThat(a.read("2||b", "2b")).contains(new Rec("2", "b"));
    assertThat(a.read("1||a", "1a")).isEmpty();
  }

  @Test
  void aWriterWithAnOldLayoutFollowsAnotherOnesGrowth() throws Exception {
    InMemoryStateStore tx = new InMemoryStateStore();
    tx.init(new ComponentMetadata("statestore", "state.in-memory", "v1", "myapp", Map.of()));
    PartitionedStore<Rec> a = new PartitionedStore<>(tx, BASE, "reminders", CODEC);
    PartitionedStore<Rec> b = new PartitionedStore<>(tx, BASE, "reminders", CODEC);
    b.put(new Rec("b", "0"));
    for (int i = 0; i < 500; i++) {
      a.put(new Rec("a" + i, "r"));
    }
    assertThat(a.partitions()).isGreaterThan(0);
    assertThat(b.partitions()).as("b still holds the single array").isZero();
    for (int i = 1; i < 200; i++) {
      b.put(new Rec("b", String.valueOf(i)));
      a.put(new Rec("a" + (1000 + i), "r"));
    }
    PartitionedStore<Rec> reader = new PartitionedStore<>(tx, BASE, "reminders", CODEC);
    assertThat(reader.load()).hasSize(500 + 200 + 199);
    assertThat(read(BASE)).as("the single array is gone with the growth").isNull();
    tx.close();
  }

  @Test
  void aChangeThatRacesAnotherWriterRunsAgainOnWhatItWrote() throws Exception {
    PartitionedStore<Rec> a = new PartitionedStore<>(store, BASE, "reminders", CODEC);
    PartitionedStore<Rec> b = new PartitionedStore<>(store, BASE, "reminders", CODEC);
    a.put(new Rec("1", "a"));
    int[] runs = new int[1];
    b.compute("2||b", "2b", before -> {
      if (runs[0]++ == 0) {
        try {
          a.put(new Rec("3", "c")); // between b's read and b's write
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      return Optional.of(new Rec("2", "b"));
    });
    assertThat(runs[0]).as("the ETag check failed the first write").isEqualTo(2);
    assertThat(new PartitionedStore<>(store, BASE, "reminders", CODEC).load())
        .containsExactlyInAnyOrder(new Rec("1", "a"), new Rec("2", "b"), new Rec("3", "c"));
  }

  @Test
  void fnv32aIsTheStandardHash() {
    assertThat(PartitionedStore.fnv32a("")).isEqualTo(0x811c9dc5);
    assertThat(PartitionedStore.fnv32a("a")).isEqualTo(0xe40c292c);
    assertThat(PartitionedStore.fnv32a("foobar")).isEqualTo(0xbf9cf968);
  }

  /** The in-memory store, remembering the bytes of each single write. */
  static final class CountingStore implements StateStore {
    final List<byte[]> written = new ArrayList<>();
    private final InMemoryStateStore inner = new InMemoryStateStore();

    @Override
    public void init(ComponentMetadata metadata) throws ComponentException {
      inner.init(metadata);
    }

    @Override
    public Set<StateFeature> features() {
      return inner.features();
    }

    @Override
    public Optional<StoredValue> get(GetRequest request) throws StateException {
      return inner.get(request);
    }

    @Override
    public void set(SetRequest request) throws StateException {
      written.add(request.value());
      inner.set(request);
    }

    @Override
    public void delete(DeleteRequest request) throws StateException {
      inner.delete(request);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
