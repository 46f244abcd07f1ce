package io.jdaprd.spi.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Helps a store answer {@link StateStore#bulkGet} from the values it found, keyed by stored key. */
public final class BulkResults {
  private BulkResults() {
  }

  /**
   * One result per request, in request order: the value found for its key, or empty. A key asked for twice gets a
   * copy of the bytes the second time, so no two results share an array.
   */
  public static List<Optional<StoredValue>> inRequestOrder(List<GetRequest> requests, Map<String, StoredValue> found) {
    List<Optional<StoredValue>> out = new ArrayList<>(requests.size());
    Set<String> handedOut = new HashSet<>();
    for (GetRequest request : requests) {
      StoredValue value = found.get(request.key());
      if (value != null && !handedOut.add(request.key())) {
        value = new StoredValue(value.data().clone(), value.etag(), value.metadata());
      }
      out.add(Optional.ofNullable(value));
    }
    return out;
  }
}
