package io.jdaprd.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdaprd.core.state.StateBlock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One state store of an embedded sidecar, read as its app reads it (keys without the store's prefix). A test reads
 * what the code under test left; the Java SDK stores values as JSON, so {@link #get(String, Class)} reads them back.
 */
public final class StateView {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StateBlock block;
  private final String storeName;

  StateView(StateBlock block, String storeName) {
    this.block = block;
    this.storeName = storeName;
  }

  /**
   * The stored bytes of {@code key}; empty when it has no value.
   *
   * @throws io.jdaprd.errors.DaprException as the state API would answer (no such store, a store failure)
   */
  public Optional<byte[]> getBytes(String key) {
    return block.get(storeName, key, null, Map.of()).map(e -> e.data());
  }

  /** The stored value of {@code key} as UTF-8 text (a JSON document for values the SDK saved); empty when absent. */
  public Optional<String> get(String key) {
    return getBytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
  }

  /** The stored JSON value of {@code key} read as {@code type}; empty when absent. */
  public <T> Optional<T> get(String key, Class<T> type) {
    return getBytes(key).map(b -> {
      try {
        return JSON.readValue(b, type);
      } catch (IOException e) {
        throw new UncheckedIOException("the value of " + key + " in " + storeName + " is not JSON of "
            + type.getSimpleName(), e);
      }
    });
  }

  /** Whether {@code key} has a value. */
  public boolean contains(String key) {
    return getBytes(key).isPresent();
  }
}
