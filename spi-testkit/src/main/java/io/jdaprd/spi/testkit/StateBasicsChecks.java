package io.jdaprd.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.QueryableStateStore;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionalStateStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every state store does, whatever its features: values are opaque bytes kept exactly, keys are opaque strings,
 * missing keys read as absent, deletes are idempotent, bulk operations answer per key and in order, and
 * {@code features()} and {@code check()} behave.
 */
public interface StateBasicsChecks extends StateStoreFixture {

  /** Values whose bytes must survive a round trip exactly. */
  static Stream<Arguments> roundTripValues() {
    byte[] everyByte = new byte[512];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) (255 - i % 256);
    }
    byte[] randomMiB = new byte[1 << 20];
    new Random(20240601L).nextBytes(randomMiB);
    StringBuilder json = new StringBuilder(1 << 20).append('[');
    while (json.length() < (1 << 20) - 40) {
      json.append("{\"n\":").append(json.length()).append(",\"s\":\"jdaprd ✓\"},");
    }
    json.append("{}]");
    return Stream.of(
        Arguments.of("a JSON object", "{\"name\":\"jdaprd\",\"n\":1}".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("a JSON string, quotes included", "\"x\"".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("UTF-8 text with 4-byte characters", "ключ 键 🔑".getBytes(StandardCharsets.UTF_8)),
        Arguments.of("text with a NUL byte", new byte[] {'a', 0, 'b'}),
        Arguments.of("bytes that are not UTF-8", new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc3, 0x28, 0x00,
            (byte) 0x80, (byte) 0xed, (byte) 0xa0, (byte) 0x80}),
        Arguments.of("every byte value", everyByte),
        Arguments.of("1 MiB of random bytes", randomMiB),
        Arguments.of("1 MiB of JSON text", json.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  @DisplayName("get of a missing key is empty")
  default void getOfMissingKeyIsEmpty() throws Exception {
    assertThat(get(key("never-written")))
        .as("Dapr: a key that was never written reads as absent (HTTP 204, gRPC empty data)").isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.jdaprd.spi.testkit.StateBasicsChecks#roundTripValues")
  @DisplayName("set then get returns exactly the bytes written")
  default void roundTripKeepsBytesExactly(String what, byte[] value) throws Exception {
    String key = key("round-trip");
    set(key, value);
    Optional<StoredValue> read = get(key);
    assertThat(read).as("Dapr: a value just written reads back").isPresent();
    assertSameBytes(read.get().data(), value,
        "Dapr: state values are opaque bytes, returned verbatim (gRPC GetState data, HTTP body): " + what);
  }

  @Test
  @DisplayName("the store keeps its own copy of the bytes")
  default void storeKeepsItsOwnCopy() throws Exception {
    String key = key("copy");
    byte[] value = utf8("original");
    set(key, value);
    value[0] = 'X';
    byte[] read = get(key).orElseThrow().data();
    read[1] = 'Y';
    assertThat(text(key))
        .as("Dapr: a stored value changes only through the state API, not through arrays a caller still holds")
        .isEqualTo("original");
  }

  @Test
  @DisplayName("a second write replaces the value")
  default void overwriteReplacesValue() throws Exception {
    String key = key("overwrite");
    set(key, "first");
    set(key, "second, and longer than the first");
    assertThat(text(key))
        .as("Dapr: without an ETag a write is last-write-wins and replaces the whole value")
        .isEqualTo("second, and longer than the first");
  }

  @Test
  @DisplayName("delete removes the value")
  default void deleteRemovesValue() throws Exception {
    String key = key("delete");
    String other = key("delete-neighbour");
    set(key, "doomed");
    set(other, "stays");
    store().delete(deleteRequest(key, null));
    assertThat(get(key)).as("Dapr: a deleted key reads as absent").isEmpty();
    assertThat(text(other)).as("Dapr: a delete touches only its own key").isEqualTo("stays");
  }

  @Test
  @DisplayName("delete of a missing key succeeds")
  default void deleteOfMissingKeySucceeds() throws Exception {
    String key = key("never-written");
    assertThatCode(() -> store().delete(deleteRequest(key, null)))
        .as("Dapr: DELETE of a key that does not exist answers 204, not an error").doesNotThrowAnyException();
    String deletedTwice = key("deleted-twice");
    set(deletedTwice, "v");
    store().delete(deleteRequest(deletedTwice, null));
    assertThatCode(() -> store().delete(deleteRequest(deletedTwice, null)))
        .as("Dapr: deleting an already deleted key succeeds again").doesNotThrowAnyException();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ключ-键-🔑", "with space", "a/b/c", "trailing/", "back\\slash", "quote'\"; --",
      "100%_*?[x]", "tab\tnewline\n", "\u00e9-composed", "e\u0301-decomposed"})
  @DisplayName("keys are opaque strings")
  default void unusualKeysRoundTrip(String name) throws Exception {
    String key = key(name);
    set(key, name);
    assertThat(text(key)).as("Dapr: any key without || is stored and read back as given: %s", key).isEqualTo(name);
    store().delete(deleteRequest(key, null));
    assertThat(get(key)).as("Dapr: a key with unusual characters is deleted like any other").isEmpty();
  }

  @Test
  @DisplayName("keys that differ in any character are different keys")
  default void similarKeysStayDistinct() throws Exception {
    List<String> names = List.of("a/b", "a//b", "a%2Fb", "Key", "key", "KEY", "sp ace", "sp  ace", "sp ace ",
        "\u00e9", "e\u0301", "x_y", "x%y", "x");
    for (String name : names) {
      set(key(name), name);
    }
    for (String name : names) {
      assertThat(text(key(name)))
          .as("Dapr: keys are compared byte for byte, with no case folding, trimming or normalization: %s", name)
          .isEqualTo(name);
    }
  }

  @Test
  @DisplayName("bulkGet answers one entry per key, in order")
  default void bulkGetAnswersInOrder() throws Exception {
    String first = key("bulk-1");
    String missing = key("bulk-missing");
    String third = key("bulk-3");
    set(first, "one");
    set(third, "three");
    List<GetRequest> requests = List.of(getRequest(third), getRequest(missing), getRequest(first),
        getRequest(missing), getRequest(third));
    List<Optional<StoredValue>> got = store().bulkGet(requests);
    assertThat(got).as("Dapr: bulk get returns one item per requested key, duplicates included").hasSize(5);
    List<String> texts = new ArrayList<>();
    for (Optional<StoredValue> v : got) {
      texts.add(v.map(s -> new String(s.data(), StandardCharsets.UTF_8)).orElse(null));
    }
    assertThat(texts).as("Dapr: bulk get items come back in the order of the keys, absent ones empty")
        .containsExactly("three", null, "one", null, "three");
    assertThat(store().bulkGet(List.of())).as("Dapr: bulk get of no keys answers an empty list").isEmpty();
  }

  @Test
  @DisplayName("bulkSet writes every item and bulkDelete deletes every item")
  default void bulkSetAndBulkDelete() throws Exception {
    Map<String, String> items = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      items.put(key("bulk-" + i), "value-" + i);
    }
    store().bulkSet(items.entrySet().stream().map(e -> setRequest(e.getKey(), utf8(e.getValue()))).toList());
    for (Map.Entry<String, String> e : items.entrySet()) {
      assertThat(text(e.getKey())).as("Dapr: a bulk save stores every item").isEqualTo(e.getValue());
    }
    List<String> keys = List.copyOf(items.keySet());
    store().bulkDelete(keys.subList(0, 3).stream().map(k -> deleteRequest(k, null)).toList());
    for (int i = 0; i < keys.size(); i++) {
      Optional<StoredValue> v = get(keys.get(i));
      if (i < 3) {
        assertThat(v).as("Dapr: a bulk delete deletes every listed key").isEmpty();
      } else {
        assertThat(v).as("Dapr: a bulk delete leaves keys it does not list").isPresent();
      }
    }
  }

  @Test
  @DisplayName("features() is non-null, stable and matches the facets")
  default void featuresAreStableAndTruthful() {
    Set<StateFeature> features = store().features();
    assertThat(features).as("Dapr: every store reports its features (GET /v1.0/metadata capabilities)").isNotNull();
    assertThat(store().features()).as("Dapr: a store's features are fixed once it is initialized")
        .isEqualTo(features);
    if (features.contains(StateFeature.TRANSACTIONAL)) {
      assertThat(store()).as("Dapr: a store reporting TRANSACTIONAL accepts /transaction requests")
          .isInstanceOf(TransactionalStateStore.class);
    }
    if (features.contains(StateFeature.QUERY_API)) {
      assertThat(store()).as("Dapr: a store reporting QUERY_API accepts /query requests")
          .isInstanceOf(QueryableStateStore.class);
    }
  }

  @Test
  @DisplayName("check() succeeds on a healthy store")
  default void checkSucceeds() {
    assertThatCode(() -> store().check())
        .as("Dapr: a store whose backend answers is healthy (/v1.0/healthz)").doesNotThrowAnyException();
  }
}
