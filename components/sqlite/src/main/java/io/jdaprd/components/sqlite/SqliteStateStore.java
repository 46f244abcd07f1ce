package io.jdaprd.components.sqlite;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.BulkResults;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import io.jdaprd.spi.state.StateFeature;
import io.jdaprd.spi.state.StoredValue;
import io.jdaprd.spi.state.TransactionOperation;
import io.jdaprd.spi.state.TransactionalStateStore;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code state.sqlite}: state in a SQLite database file, with Dapr's metadata ({@code connectionString},
 * {@code tableName}, {@code metadataTableName}, {@code timeout}, {@code busyTimeout}, {@code cleanupInterval},
 * {@code disableWAL}) and Dapr's table schema, so daprd and jdaprd can share a file. Features ETAG, TRANSACTIONAL
 * and TTL.
 *
 * <p>ETags are random UUIDs, new on every write. {@code ttlInSeconds} request metadata (an integer, -1 or more; 0
 * and -1 for none) sets an expiry; expired rows read as absent and, when {@code cleanupInterval} is positive, are
 * deleted periodically. A transaction runs in one {@code BEGIN IMMEDIATE} transaction and is rolled back entirely
 * when any operation fails. Writes are serialized through one connection; with WAL (the default for files), reads
 * run in parallel on their own connections. Thread-safe.
 */
public final class SqliteStateStore implements TransactionalStateStore {
  /** The component type. */
  public static final String TYPE = "state.sqlite";

  private static final Set<StateFeature> FEATURES =
      Collections.unmodifiableSet(EnumSet.of(StateFeature.ETAG, StateFeature.TRANSACTIONAL, StateFeature.TTL));
  private static final String TTL_KEY = "ttlInSeconds";
  private static final int KEYS_PER_QUERY = 500;
  private static final System.Logger LOG = System.getLogger(SqliteStateStore.class.getName());

  private String name;
  private SqliteSettings settings;
  private StateTable table;
  private SqliteDatabase database;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    name = metadata.name();
    settings = SqliteSettings.from(metadata);
    table = new StateTable(settings.tableName(), settings.metadataTableName());
    database = SqliteDatabase.open(settings, name);
    try {
      database.transaction("schema migration", connection -> {
        table.migrate(connection);
        return null;
      });
    } catch (StateException e) {
      database.close();
      throw new ComponentException(e.getMessage(), e);
    }
    if (settings.cleanupInterval().isPositive()) {
      database.every(settings.cleanupInterval(), this::cleanUp);
    }
  }

  @Override
  public Set<StateFeature> features() {
    return FEATURES;
  }

  @Override
  public void check() throws ComponentException {
    database.read("health check", connection -> {
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT 1")) {
        return rs.next();
      }
    });
  }

  @Override
  public Optional<StoredValue> get(GetRequest request) throws StateException {
    String key = requireKey(request.key(), "get");
    return database.read("get", connection -> {
      try (PreparedStatement ps = connection.prepareStatement(table.selectOne)) {
        ps.setString(1, key);
        ps.setString(2, StateTable.timestamp(System.currentTimeMillis()));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(StateTable.read(rs, 1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Optional<StoredValue>> bulkGet(List<GetRequest> requests) throws StateException {
    List<String> keys = new ArrayList<>(new LinkedHashSet<>(requests.stream().map(GetRequest::key).toList()));
    Map<String, StoredValue> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += KEYS_PER_QUERY) {
      List<String> chunk = keys.subList(from, Math.min(keys.size(), from + KEYS_PER_QUERY));
      found.putAll(database.read("bulk get", connection -> readMany(connection, chunk)));
    }
    return BulkResults.inRequestOrder(requests, found);
  }

  @Override
  public void set(SetRequest request) throws StateException {
    Write write = Write.of(new TransactionOperation.Upsert(request));
    database.write("set", connection -> {
      apply(connection, write, System.currentTimeMillis());
      return null;
    });
  }

  @Override
  public void delete(DeleteRequest request) throws StateException {
    Write write = Write.of(new TransactionOperation.Delete(request));
    database.write("delete", connection -> {
      apply(connection, write, System.currentTimeMillis());
      return null;
    });
  }

  /** Sets every item in one transaction; a failing item ends it, and the items before it are kept. */
  @Override
  public void bulkSet(List<SetRequest> requests) throws StateException {
    List<Write> writes = new ArrayList<>(requests.size());
    for (SetRequest request : requests) {
      writes.add(Write.of(new TransactionOperation.Upsert(request)));
    }
    applyKeepingPrefix("bulk set", writes);
  }

  /** Deletes every item in one transaction; a failing item ends it, and the items before it are kept. */
  @Override
  public void bulkDelete(List<DeleteRequest> requests) throws StateException {
    List<Write> writes = new ArrayList<>(requests.size());
    for (DeleteRequest request : requests) {
      writes.add(Write.of(new TransactionOperation.Delete(request)));
    }
    applyKeepingPrefix("bulk delete", writes);
  }

  @Override
  public void multi(List<TransactionOperation> operations, Map<String, String> metadata) throws StateException {
    if (operations.isEmpty()) {
      return;
    }
    List<Write> writes = new ArrayList<>(operations.size());
    for (TransactionOperation operation : operations) {
      writes.add(Write.of(operation));
    }
    database.transaction("transaction", connection -> {
      long now = System.currentTimeMillis();
      for (Write write : writes) {
        apply(connection, write, now);
      }
      return null;
    });
  }

  @Override
  public void close() {
    if (database != null) {
      database.close();
    }
  }

  /** Deletes expired rows, unless another process sharing the file did so within the cleanup interval. */
  private void cleanUp() {
    try {
      database.write("cleanup", connection -> {
        try (PreparedStatement claim = connection.prepareStatement(table.claimCleanup)) {
          claim.setLong(1, Math.max(0, settings.cleanupInterval().toMillis() - 100));
          if (claim.executeUpdate() == 0) {
            return null;
          }
        }
        try (PreparedStatement purge = connection.prepareStatement(table.deleteExpired)) {
          purge.setString(1, StateTable.timestamp(System.currentTimeMillis()));
          purge.executeUpdate();
        }
        return null;
      });
    } catch (StateException e) {
      LOG.log(Level.WARNING, e.getMessage(), e);
    }
  }

  private Map<String, StoredValue> readMany(Connection connection, List<String> keys) throws SQLException {
    Map<String, StoredValue> found = new HashMap<>();
    try (PreparedStatement ps = connection.prepareStatement(table.selectMany(keys.size()))) {
      int i = 1;
      for (String key : keys) {
        ps.setString(i++, key);
      }
      ps.setString(i, StateTable.timestamp(System.currentTimeMillis()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(rs.getString(1), StateTable.read(rs, 2));
        }
      }
    }
    return found;
  }

  private void applyKeepingPrefix(String operation, List<Write> writes) throws StateException {
    if (writes.isEmpty()) {
      return;
    }
    StateException failure = database.transaction(operation, connection -> {
      long now = System.currentTimeMillis();
      for (Write write : writes) {
        try {
          apply(connection, write, now);
        } catch (EtagMismatchException e) {
          return e;
        }
      }
      return null;
    });
    if (failure != null) {
      throw failure;
    }
  }

  /** Applies one write; a conditional write that finds no matching row is a mismatch. */
  private void apply(Connection connection, Write write, long now) throws SQLException, StateException {
    String nowText = StateTable.timestamp(now);
    if (write.delete()) {
      boolean conditional = write.etag() != null;
      try (PreparedStatement ps = connection.prepareStatement(conditional ? table.deleteIfEtag : table.delete)) {
        ps.setString(1, write.key());
        if (conditional) {
          ps.setString(2, write.etag());
          ps.setString(3, nowText);
        }
        if (ps.executeUpdate() == 0 && conditional) {
          throw new EtagMismatchException(null);
        }
      }
      return;
    }
    String etag = UUID.randomUUID().toString();
    String expiration = write.ttlSeconds() > 0 ? StateTable.timestamp(now + write.ttlSeconds() * 1000L) : null;
    String sql = write.etag() != null ? table.updateIfEtag : write.firstWrite() ? table.insertIfAbsent : table.upsert;
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      if (write.etag() != null) {
        ps.setString(1, write.value());
        ps.setBoolean(2, write.binary());
        ps.setString(3, etag);
        ps.setString(4, expiration);
        ps.setString(5, nowText);
        ps.setString(6, write.key());
        ps.setString(7, write.etag());
        ps.setString(8, nowText);
      } else {
        ps.setString(1, write.key());
        ps.setString(2, write.value());
        ps.setBoolean(3, write.binary());
        ps.setString(4, etag);
        ps.setString(5, expiration);
        ps.setString(6, nowText);
        if (write.firstWrite()) {
          ps.setString(7, nowText);
        }
      }
      if (ps.executeUpdate() == 0) {
        throw new EtagMismatchException(null);
      }
    }
  }

  private static String requireKey(String key, String operation) throws StateException {
    if (key == null || key.isEmpty()) {
      throw new StateException("missing key in " + operation + " operation");
    }
    return key;
  }

  /**
   * A write checked and encoded before any lock is taken.
   *
   * @param value the text to store (base64 when {@code binary}), {@code null} for a delete
   */
  private record Write(String key, boolean delete, String value, boolean binary, String etag, boolean firstWrite,
      int ttlSeconds) {

    static Write of(TransactionOperation operation) throws StateException {
      if (operation instanceof TransactionOperation.Upsert upsert) {
        SetRequest r = upsert.request();
        requireKey(r.key(), "set");
        if (r.value() == null) {
          throw new StateException("missing value in set operation for key " + r.key());
        }
        boolean binary = !StateTable.isText(r.value());
        return new Write(r.key(), false, StateTable.encode(r.value(), binary), binary, r.etag(), r.firstWrite(),
            ttlSeconds(r.metadata()));
      }
      DeleteRequest r = ((TransactionOperation.Delete) operation).request();
      requireKey(r.key(), "delete");
      return new Write(r.key(), true, null, false, r.etag(), false, 0);
    }

    /** As Dapr's {@code ParseTTL}: an integer from -1 to 2^31-1; empty or absent for none. */
    private static int ttlSeconds(Map<String, String> metadata) throws StateException {
      String ttl = metadata.get(TTL_KEY);
      if (ttl == null || ttl.isEmpty()) {
        return 0;
      }
      long seconds;
      try {
        seconds = Long.parseLong(ttl);
      } catch (NumberFormatException e) {
        throw new StateException("error parsing TTL: incorrect value for metadata " + TTL_KEY + ": " + ttl
            + " (expected: an integer)");
      }
      if (seconds < -1 || seconds > Integer.MAX_VALUE) {
        throw new StateException("error parsing TTL: incorrect value for metadata " + TTL_KEY + ": " + ttl
            + " (expected: -1 or greater)");
      }
      return (int) seconds;
    }
  }
}
