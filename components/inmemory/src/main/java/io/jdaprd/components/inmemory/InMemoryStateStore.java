package io.jdaprd.components.inmemory;

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
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@code state.in-memory}: Dapr's process-local state store, lost on restart. Features ETAG, TRANSACTIONAL and TTL.
 *
 * <p>ETags are random UUIDs, new on every write; any string is a well-formed ETag, and one that is not the stored
 * ETag is a mismatch. {@code ttlInSeconds} request metadata gives a value a time to live (0 or negative: none); an
 * expired value reads as absent and is purged lazily on access and by a sweeper that runs every second until
 * {@link #close()}. Values are copied in and out, so callers cannot change stored bytes.
 *
 * <p>Thread-safe: single-key operations are atomic per key and run concurrently; {@link #multi} runs alone, checks
 * every ETag of the transaction before it changes anything, and is seen by readers all at once or not at all.
 */
public final class InMemoryStateStore implements TransactionalStateStore {
  /** The component type. */
  public static final String TYPE = "state.in-memory";

  private static final Set<StateFeature> FEATURES =
      Collections.unmodifiableSet(EnumSet.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL));
  private static final String TTL_KEY = "ttlInSeconds";
  private static final String EXPIRE_TIME_KEY = "ttlExpireTime";

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  /** Shared by single-key operations, reads and the sweeper; exclusive for transactions. */
  private final ReentrantReadWriteLock transactionLock = new ReentrantReadWriteLock();
  private final Duration sweepInterval;
  private volatile Thread sweeper;

  /** A store whose sweeper runs every second, as Dapr's. */
  public InMemoryStateStore() {
    this(Duration.ofSeconds(1));
  }

  InMemoryStateStore(Duration sweepInterval) {
    this.sweepInterval = sweepInterval;
  }

  /** A stored value; {@code expiresAt} is epoch milliseconds, 0 for never. */
  private record Entry(byte[] data, String etag, long expiresAt) {
    boolean expired(long now) {
      return expiresAt > 0 && now >= expiresAt;
    }
  }

  /** A write prepared before any lock is taken: the request, its copied bytes and its expiry. */
  private record Prepared(TransactionOperation operation, byte[] data, long ttlMillis) {
  }

  /** Carries a mismatch out of a {@code compute} lambda. */
  private static final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Refusal(EtagMismatchException cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }

  @Override
  public void init(ComponentMetadata metadata) {
    Thread thread = Thread.ofVirtual().name(TYPE + " sweeper " + metadata.name()).unstarted(this::sweepLoop);
    sweeper = thread;
    thread.start();
  }

  @Override
  public Set<StateFeature> features() {
    return FEATURES;
  }

  @Override
  public Optional<StoredValue> get(GetRequest request) {
    transactionLock.readLock().lock();
    try {
      return read(request.key(), System.currentTimeMillis());
    } finally {
      transactionLock.readLock().unlock();
    }
  }

  @Override
  public List<Optional<StoredValue>> bulkGet(List<GetRequest> requests) {
    List<Optional<StoredValue>> out = new ArrayList<>(requests.size());
    transactionLock.readLock().lock();
    try {
      long now = System.currentTimeMillis();
      for (GetRequest request : requests) {
        out.add(read(request.key(), now));
      }
      return out;
    } finally {
      transactionLock.readLock().unlock();
    }
  }

  @Override
  public void set(SetRequest request) throws StateException {
    Prepared prepared = prepare(new TransactionOperation.Upsert(request));
    transactionLock.readLock().lock();
    try {
      entries.compute(request.key(), (key, current) -> {
        long now = System.currentTimeMillis();
        Entry live = current == null || current.expired(now) ? null : current;
        refuseUnlessAllowed(prepared.operation(), live);
        return newEntry(prepared, now);
      });
    } catch (Refusal r) {
      throw (EtagMismatchException) r.getCause();
    } finally {
      transactionLock.readLock().unlock();
    }
  }

  @Override
  public void delete(DeleteRequest request) throws StateException {
    TransactionOperation operation = new TransactionOperation.Delete(request);
    transactionLock.readLock().lock();
    try {
      entries.compute(request.key(), (key, current) -> {
        Entry live = current == null || current.expired(System.currentTimeMillis()) ? null : current;
        refuseUnlessAllowed(operation, live);
        return null;
      });
    } catch (Refusal r) {
      throw (EtagMismatchException) r.getCause();
    } finally {
      transactionLock.readLock().unlock();
    }
  }

  @Override
  public void multi(List<TransactionOperation> operations, Map<String, String> metadata) throws StateException {
    List<Prepared> prepared = new ArrayList<>(operations.size());
    for (TransactionOperation operation : operations) {
      prepared.add(prepare(operation));
    }
    transactionLock.writeLock().lock();
    try {
      long now = System.currentTimeMillis();
      Map<String, Entry> changes = new HashMap<>();
      for (Prepared p : prepared) {
        String key = p.operation().key();
        Entry live = changes.containsKey(key) ? changes.get(key) : liveEntry(key, now);
        try {
          refuseUnlessAllowed(p.operation(), live);
        } catch (Refusal r) {
          throw (EtagMismatchException) r.getCause();
        }
        changes.put(key, p.operation() instanceof TransactionOperation.Upsert ? newEntry(p, now) : null);
      }
      for (Map.Entry<String, Entry> change : changes.entrySet()) {
        if (change.getValue() == null) {
          entries.remove(change.getKey());
        } else {
          entries.put(change.getKey(), change.getValue());
        }
      }
    } finally {
      transactionLock.writeLock().unlock();
    }
  }

  @Override
  public void close() {
    Thread thread = sweeper;
    sweeper = null;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(Duration.ofSeconds(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    entries.clear();
  }

  /** The sweeper thread, {@code null} before init and after close. */
  Thread sweeperThread() {
    return sweeper;
  }

  /** How many entries the map holds, expired ones not yet purged included. */
  int storedEntries() {
    return entries.size();
  }

  /** Removes every expired entry. */
  void sweep() {
    transactionLock.readLock().lock();
    try {
      long now = System.currentTimeMillis();
      entries.forEach((key, entry) -> {
        if (entry.expired(now)) {
          entries.remove(key, entry);
        }
      });
    } finally {
      transactionLock.readLock().unlock();
    }
  }

  private void sweepLoop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(sweepInterval);
      } catch (InterruptedException e) {
        return;
      }
      sweep();
    }
  }

  private Optional<StoredValue> read(String key, long now) {
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.expired(now)) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    Map<String, String> metadata = entry.expiresAt() > 0
        ? Map.of(EXPIRE_TIME_KEY, Instant.ofEpochMilli(entry.expiresAt()).truncatedTo(ChronoUnit.SECONDS).toString())
        : Map.of();
    return Optional.of(new StoredValue(entry.data().clone(), entry.etag(), metadata));
  }

  private Entry liveEntry(String key, long now) {
    Entry entry = entries.get(key);
    return entry == null || entry.expired(now) ? null : entry;
  }

  private static Prepared prepare(TransactionOperation operation) throws StateException {
    if (operation instanceof TransactionOperation.Upsert upsert) {
      SetRequest request = upsert.request();
      if (request.value() == null) {
        throw new StateException("state store " + TYPE + ": no value to save for key " + request.key());
      }
      return new Prepared(operation, request.value().clone(), ttlMillis(request.metadata()));
    }
    return new Prepared(operation, null, 0);
  }

  /** The TTL in milliseconds, 0 for none; as Dapr's in-memory store, a negative TTL is no TTL. */
  private static long ttlMillis(Map<String, String> metadata) throws StateException {
    String ttl = metadata.get(TTL_KEY);
    if (ttl == null || ttl.isEmpty()) {
      return 0;
    }
    try {
      return Math.max(0, Integer.parseInt(ttl)) * 1000L;
    } catch (NumberFormatException e) {
      throw new StateException("incorrect value for metadata " + TTL_KEY + ": " + ttl + " (expected: an integer)");
    }
  }

  private static Entry newEntry(Prepared prepared, long now) {
    long expiresAt = prepared.ttlMillis() > 0 ? now + prepared.ttlMillis() : 0;
    return new Entry(prepared.data(), UUID.randomUUID().toString(), expiresAt);
  }

  /** Throws a {@link Refusal} when {@code operation} may not apply to {@code live} (null: absent or expired). */
  private static void refuseUnlessAllowed(TransactionOperation operation, Entry live) {
    String etag;
    boolean firstWrite;
    if (operation instanceof TransactionOperation.Upsert upsert) {
      etag = upsert.request().etag();
      firstWrite = upsert.request().firstWrite();
    } else {
      etag = ((TransactionOperation.Delete) operation).request().etag();
      firstWrite = false;
    }
    String key = operation.key();
    if (etag != null) {
      if (live == null) {
        throw refusal("state not exist or expired for key=" + key);
      }
      if (!live.etag().equals(etag)) {
        throw refusal("state etag not match for key=" + key + ": current=" + live.etag() + ", expect=" + etag);
      }
    } else if (firstWrite && live != null) {
      throw refusal("item already exists and no etag was passed");
    }
  }

  private static Refusal refusal(String detail) {
    return new Refusal(new EtagMismatchException(detail));
  }
}
