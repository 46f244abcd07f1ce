package io.jdaprd.spi.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdaprd.spi.state.Concurrency;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StateStore;
import io.jdaprd.spi.state.StoredValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * What the state store checks need from the suite that runs them: the store under test and keys that no other test
 * uses, plus shorthands for requests and byte comparisons. {@link StateStoreConformance} implements it; the check
 * interfaces ({@link StateBasicsChecks}, {@link StateEtagChecks}, {@link StateTtlChecks},
 * {@link StateTransactionChecks}) extend it.
 */
public interface StateStoreFixture {

  /** The store under test: initialized, fresh for every test, closed after it. */
  StateStore store();

  /** A stored key that only the running test uses: {@code testapp||}, a random part, and {@code name}. */
  String key(String name);

  /** The ETag rules of the store's daprd counterpart; {@link StateEtagRules#STRICT} unless the test says otherwise. */
  default StateEtagRules etagRules() {
    return StateEtagRules.STRICT;
  }

  /** The UTF-8 bytes of {@code text}. */
  default byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Skips the running test unless the store reports {@code feature}. */
  default void assumeFeature(StateFeature feature) {
    assumeTrue(store().features().contains(feature),
        () -> "the store does not report " + feature + "; Dapr only promises this behaviour to stores that do");
  }

  /** A last-write set without ETag or metadata. */
  default SetRequest setRequest(String key, byte[] value) {
    return setRequest(key, value, null, null, Map.of());
  }

  /** A set with every field that matters to a store. */
  default SetRequest setRequest(String key, byte[] value, String etag, Concurrency concurrency,
      Map<String, String> metadata) {
    return new SetRequest(key, value, etag, metadata, concurrency, null);
  }

  /** A delete, conditional when {@code etag} is not {@code null}. */
  default DeleteRequest deleteRequest(String key, String etag) {
    return new DeleteRequest(key, etag, Map.of(), null, null);
  }

  /** A plain get. */
  default GetRequest getRequest(String key) {
    return new GetRequest(key, Map.of(), null);
  }

  /** Writes {@code value} under {@code key}, last-write, without ETag. */
  default void set(String key, byte[] value) throws StateException {
    store().set(setRequest(key, value));
  }

  /** Writes the UTF-8 bytes of {@code value} under {@code key}, last-write, without ETag. */
  default void set(String key, String value) throws StateException {
    set(key, utf8(value));
  }

  /** Reads {@code key}. */
  default Optional<StoredValue> get(String key) throws StateException {
    return store().get(getRequest(key));
  }

  /** Reads {@code key}, which must be present, and returns its value as UTF-8 text. */
  default String text(String key) throws StateException {
    Optional<StoredValue> value = get(key);
    assertThat(value).as("Dapr: a value just written (and not deleted or expired) reads back; key %s", key)
        .isPresent();
    return new String(value.get().data(), StandardCharsets.UTF_8);
  }

  /** Reads {@code key}, which must be present, and returns its ETag. */
  default String etagOf(String key) throws StateException {
    Optional<StoredValue> value = get(key);
    assertThat(value).as("Dapr: a value just written reads back with its ETag; key %s", key).isPresent();
    return value.get().etag();
  }

  /**
   * Asserts that {@code actual} are exactly the bytes of {@code expected}, reporting the first difference instead of
   * printing megabytes.
   */
  default void assertSameBytes(byte[] actual, byte[] expected, String daprBehaviour) {
    assertThat(actual).as(daprBehaviour).isNotNull();
    if (expected.length <= 256) {
      assertThat(actual).as(daprBehaviour).isEqualTo(expected);
      return;
    }
    int at = java.util.Arrays.mismatch(actual, expected);
    assertThat(at)
        .as("%s: %d bytes read, %d written, first difference at index %d", daprBehaviour, actual.length,
            expected.length, at)
        .isEqualTo(-1);
  }
}
