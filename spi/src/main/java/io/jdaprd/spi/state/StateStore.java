package io.jdaprd.spi.state;

import io.jdaprd.spi.Component;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A state store: get, set and delete of opaque values under string keys. Stores with {@link StateFeature#ETAG}
 * honour ETags and first-write as described on {@link SetRequest}; stores with {@link StateFeature#TTL} honour the
 * {@code ttlInSeconds} metadata (-1 = never expire, 0 = no TTL) and report {@code ttlExpireTime}. An expired value
 * reads as absent.
 */
public interface StateStore extends Component {

  /** What this store supports; fixed after {@link #init}. */
  Set<StateFeature> features();

  /** The value of a key, or empty when there is none. */
  Optional<StoredValue> get(GetRequest request) throws StateException;

  /** Writes a value. */
  void set(SetRequest request) throws StateException;

  /** Deletes a value; a missing key is not an error unless an ETag was given. */
  void delete(DeleteRequest request) throws StateException;

  /** Reads many keys; the default reads them one by one. The result has one entry per request, in order. */
  default List<Optional<StoredValue>> bulkGet(List<GetRequest> requests) throws StateException {
    List<Optional<StoredValue>> out = new ArrayList<>(requests.size());
    for (GetRequest r : requests) {
      out.add(get(r));
    }
    return out;
  }

  /** Writes many values; the default writes them one by one and stops at the first failure. */
  default void bulkSet(List<SetRequest> requests) throws StateException {
    for (SetRequest r : requests) {
      set(r);
    }
  }

  /** Deletes many values; the default deletes them one by one and stops at the first failure. */
  default void bulkDelete(List<DeleteRequest> requests) throws StateException {
    for (DeleteRequest r : requests) {
      delete(r);
    }
  }
}
