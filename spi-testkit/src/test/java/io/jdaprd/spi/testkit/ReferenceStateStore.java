package io.jdaprd.spi.testkit;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation;
import io.jdaprd.spi.state.TransactionalStateStore;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal state store kept in a map, for checking the conformance suite itself: with {@link Defect#NONE} it keeps
 * every promise the suite checks (ETags, first-write, atomic transactions, TTL), and each other {@link Defect} breaks
 * exactly one of them, so that a test can show the suite notices. Every operation holds the store's lock.
 */
final class ReferenceStateStore implements TransactionalStateStore {

  /** The one promise this store breaks. */
  enum Defect {
    /** None: the store conforms. */
    NONE,
    /** Writes and deletes ignore the ETag they are given (last-write always wins). */
    IGNORES_ETAG,
    /** A transaction applies its operations one by one and keeps those before a failing one. */
    NON_ATOMIC_TRANSACTION,
    /** A value with {@code ttlInSeconds} expires at once, instead of after the TTL. */
    EXPIRES_AT_ONCE
  }

  private record Item(byte[] data, String etag, Instant expires) {
    boolean expiredAt(Instant now) {
      return expires != null && !now.isBefore(expires);
    }
  }

  private final Defect defect;
  private final AtomicLong versions = new AtomicLong();
  private Map<String, Item> items = new HashMap<>();

  ReferenceStateStore(Defect defect) {
    this.defect = defect;
  }

  @Override
  public void init(ComponentMetadata metadata) {
  }

  @Override
  public Set<StateFeature> features() {
    return EnumSet.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL);
  }

  @Override
  public synchronized Optional<StoredValue> get(GetRequest request) {
    Item item = live(items, request.key());
    if (item == null) {
      return Optional.empty();
    }
    Map<String, String> metadata = item.expires() == null ? Map.of()
        : Map.of("ttlExpireTime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(item.expires().atOffset(
            ZoneOffset.UTC)));
    return Optional.of(new StoredValue(item.data().clone(), item.etag(), metadata));
  }

  @Override
  public synchronized void set(SetRequest request) throws StateException {
    apply(items, request);
  }

  @Override
  public synchronized void delete(DeleteRequest request) throws StateException {
    apply(items, request);
  }

  @Override
  public synchronized void multi(List<TransactionOperation> operations, Map<String, String> metadata)
      throws StateException {
    Map<String, Item> working = defect == Defect.NON_ATOMIC_TRANSACTION ? items : new HashMap<>(items);
    for (TransactionOperation operation : operations) {
      switch (operation) {
        case TransactionOperation.Upsert upsert -> apply(working, upsert.request());
        case TransactionOperation.Delete delete -> apply(working, delete.request());
      }
    }
    items = working;
  }

  private void apply(Map<String, Item> into, SetRequest request) throws StateException {
    Item current = live(into, request.key());
    if (defect != Defect.IGNORES_ETAG) {
      if (request.etag() != null) {
        requireEtag(current, request.etag(), request.key());
      } else if (request.firstWrite() && current != null) {
        throw new EtagMismatchException("first-write: key " + request.key() + " exists");
      }
    }
    into.put(request.key(), new Item(request.value().clone(), String.valueOf(versions.incrementAndGet()),
        expiry(request.metadata().get("ttlInSeconds"))));
  }

  private void apply(Map<String, Item> into, DeleteRequest request) throws StateException {
    Item current = live(into, request.key());
    if (defect != Defect.IGNORES_ETAG && request.etag() != null) {
      requireEtag(current, request.etag(), request.key());
    }
    into.remove(request.key());
  }

  private static void requireEtag(Item current, String etag, String key) throws EtagMismatchException {
    if (current == null || !current.etag().equals(etag)) {
      throw new EtagMismatchException("etag mismatch for key " + key);
    }
  }

  private Instant expiry(String ttl) throws StateException {
    if (ttl == null) {
      return null;
    }
    long seconds;
    try {
      seconds = Long.parseLong(ttl);
    } catch (NumberFormatException e) {
      throw new StateException("ttlInSeconds: " + ttl + " (expected: an integer)");
    }
    if (seconds <= 0) {
      return null;
    }
    return defect == Defect.EXPIRES_AT_ONCE ? Instant.now() : Instant.now().plusSeconds(seconds);
  }

  private static Item live(Map<String, Item> in, String key) {
    Item item = in.get(key);
    return item == null || item.expiredAt(Instant.now()) ? null : item;
  }
}
