package io.jdaprd.spi.testkit.bindings;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.bindings.OutputBinding;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An output binding over a map shared by all instances (the "backend"), for checking the conformance suite itself:
 * {@code create} stores the data under the {@code key} metadata, {@code get} answers it, a {@code get} of a missing
 * key fails. With {@link Defect#NONE} it keeps every promise; each other defect breaks one.
 */
final class ReferenceOutputBinding implements OutputBinding {

  /** The one promise this binding breaks. */
  enum Defect {
    NONE,
    /** Stores only the first 1,000 bytes of the data. */
    TRUNCATES,
    /** Answers an empty response instead of failing on a missing key. */
    SWALLOWS_FAILURES,
    /** Lists its operations in another order. */
    REORDERED_OPERATIONS
  }

  static final Map<String, byte[]> BACKEND = new ConcurrentHashMap<>();

  private final Defect defect;

  ReferenceOutputBinding(Defect defect) {
    this.defect = defect;
  }

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public List<String> operations() {
    return defect == Defect.REORDERED_OPERATIONS ? List.of("get", "create") : List.of("create", "get");
  }

  @Override
  public BindingResponse invoke(BindingRequest request) throws BindingException {
    String key = request.metadata().get("key");
    if (request.operation().equals("create")) {
      byte[] data = request.data();
      BACKEND.put(key, defect == Defect.TRUNCATES && data.length > 1000 ? Arrays.copyOf(data, 1000) : data);
      return BindingResponse.EMPTY;
    }
    byte[] stored = BACKEND.get(key);
    if (stored == null) {
      if (defect == Defect.SWALLOWS_FAILURES) {
        return BindingResponse.EMPTY;
      }
      throw new BindingException("no entry " + key);
    }
    return new BindingResponse(stored, Map.of(), null);
  }
}
