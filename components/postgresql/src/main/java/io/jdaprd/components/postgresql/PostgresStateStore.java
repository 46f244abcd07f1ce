package io.jdaprd.components.postgresql;

import io.jdaprd.golang.Strconv;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.BulkResults;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.EtagInvalidException;
import io.jdaprd.spi.state.EtagMismatchException;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.Query;
import io.jdaprd.spi.state.QueryResult;
import io.jdaprd.spi.state.QueryableStateStore;
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
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;

/**
 * {@code state.postgresql}, versions {@code v1} and {@code v2}: state in a PostgreSQL table in the layout of daprd's
 * {@code state.postgresql} v2 (values as {@code bytea}, kept byte for byte; random UUID ETags, new on every write),
 * which daprd and jdaprd can share. Features ETAG, TRANSACTIONAL, TTL and QUERY_API. The two versions differ only
 * where daprd's do on the wire: an ETag that is not a UUID is a mismatch for v2 (409, as daprd v2 answers) and an
 * invalid ETag for v1 (400, as daprd v1 answers for an ETag it cannot read).
 *
 * <p>The table is created on first use, under a lock, by {@link StateSchema}. {@code ttlInSeconds} request metadata
 * (an integer, -1 or more; 0 and -1 for none) sets an expiry; expired rows read as absent and are deleted every
 * {@code cleanupInterval}, by one sidecar at a time. A transaction runs in one database transaction and is rolled
 * back entirely when any operation fails. Queries run as SQL over the values that are JSON ({@link StateQuery}).
 * Requests fail within about two seconds while the server cannot be reached and work again once it can. Thread-safe.
 */
public final class PostgresStateStore implements TransactionalStateStore, QueryableStateStore {
  /** The component type. */
  public static final String TYPE = "state.postgresql";
  /** The versions this store answers to. */
  public static final Set<String> VERSIONS = Set.of("v1", "v2");

  private static final Set<StateFeature> FEATURES = Collections.unmodifiableSet(EnumSet.of(StateFeature.ETAG,
      StateFeature.TRANSACTIONAL, StateFeature.TTL, StateFeature.QUERY_API));
  private static final String TTL_KEY = "ttlInSeconds";
  private static final int MIGRATION_ATTEMPTS = 3;
  private static final System.Logger LOG = System.getLogger(PostgresStateStore.class.getName());

  private final Set<PGConnection> queryReady = Collections.synchronizedSet(Collections.newSetFromMap(
      new WeakHashMap<>()));
  private String name;
  private PostgresSettings settings;
  private StateSchema schema;
  private PostgresDatabase database;
  private ScheduledExecutorService cleaner;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    name = metadata.name();
    settings = PostgresSettings.from(metadata, System.getenv());
    schema = new StateSchema(settings);
    database = new PostgresDatabase(name, settings);
    try {
      migrate();
    } catch (ComponentException e) {
      database.close();
      throw e;
    }
    if (settings.cleanupInterval().isPositive()) {
      cleaner = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "state.postgresql cleanup " + name);
        thread.setDaemon(true);
        return thread;
      });
      long every = settings.cleanupInterval().toMillis();
      cleaner.scheduleWithFixedDelay(this::cleanUp, every, every, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Set<StateFeature> features() {
    return FEATURES;
  }

  @Override
  public void check() throws ComponentException {
    database.run("health check", c -> {
      try (PreparedStatement ps = database.prepare(c, "SELECT 1"); ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    });
  }

  @Override
  public Optional<StoredValue> get(GetRequest request) throws StateException {
    String key = requireKey(request.key(), "get");
    return database.run("get", c -> {
      try (PreparedStatement ps = database.prepare(c, schema.selectOne)) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(read(rs, 1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<Optional<StoredValue>> bulkGet(List<GetRequest> requests) throws StateException {
    if (requests.isEmpty()) {
      return List.of();
    }
    Set<String> unique = new LinkedHashSet<>();
    for (GetRequest request : requests) {
      unique.add(requireKey(request.key(), "bulk get"));
    }
    Map<String, StoredValue> found = database.run("bulk get", c -> {
      Map<String, StoredValue> rows = new HashMap<>();
      try (PreparedStatement ps = database.prepare(c, schema.selectMany)) {
        ps.setArray(1, c.createArrayOf("text", unique.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.put(rs.getString(1), read(rs, 2));
          }
        }
      }
      return rows;
    });
    return BulkResults.inRequestOrder(requests, found);
  }

  @Override
  public void set(SetRequest request) throws StateException {
    Write write = write(new TransactionOperation.Upsert(request));
    database.run("set", c -> apply(c, write));
  }

  @Override
  public void delete(DeleteRequest request) throws StateException {
    Write write = write(new TransactionOperation.Delete(request));
    database.run("delete", c -> apply(c, write));
  }

  @Override
  public void multi(List<TransactionOperation> operations, Map<String, String> metadata) throws StateException {
    List<Write> writes = new ArrayList<>(operations.size());
    for (TransactionOperation operation : operations) {
      writes.add(write(operation));
    }
    if (writes.isEmpty()) {
      return;
    }
    database.transaction("transaction", c -> {
      for (Write write : writes) {
        apply(c, write);
      }
      return null;
    });
  }

  @Override
  public QueryResult query(Query query) throws StateException {
    StateQuery sql;
    try {
      sql = StateQuery.of(schema.table, query);
    } catch (StateQuery.InvalidQueryException e) {
      throw new StateException("state store " + name + ": query failed: " + e.getMessage());
    }
    return database.run("query", c -> {
      PGConnection session = c.unwrap(PGConnection.class);
      if (!queryReady.contains(session)) {
        try (Statement statement = c.createStatement()) {
          statement.setQueryTimeout((int) settings.timeout().toSeconds());
          statement.execute(StateQuery.CREATE_FUNCTION);
        }
        queryReady.add(session);
      }
      List<QueryResult.Item> items = new ArrayList<>();
      try (PreparedStatement ps = sql.bind(c, database.prepare(c, sql.sql)); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          items.add(new QueryResult.Item(rs.getString(1), rs.getBytes(2), rs.getString(3)));
        }
      }
      boolean more = sql.limit > 0 && items.size() > sql.limit;
      List<QueryResult.Item> page = more ? items.subList(0, sql.limit) : items;
      return new QueryResult(page, more ? sql.nextToken(page.size()) : null, Map.of());
    });
  }

  @Override
  public void close() {
    if (cleaner != null) {
      cleaner.shutdownNow();
    }
    if (database != null) {
      database.close();
    }
  }

  /** Deletes expired rows now, unless a sidecar sharing the table did so within the cleanup interval. */
  void cleanUp() {
    try {
      database.run("cleanup", c -> {
        try (PreparedStatement claim = database.prepare(c, schema.claimCleanup)) {
          claim.setString(1, schema.cleanupKey);
          claim.setLong(2, Math.max(0, settings.cleanupInterval().toMillis() - 100));
          if (claim.executeUpdate() == 0) {
            return null;
          }
        }
        try (PreparedStatement purge = database.prepare(c, schema.deleteExpired)) {
          int removed = purge.executeUpdate();
          LOG.log(Level.DEBUG, () -> "state store " + name + ": removed " + removed + " expired rows");
        }
        return null;
      });
    } catch (StateException e) {
      LOG.log(Level.WARNING, e.getMessage());
    }
  }

  private void migrate() throws ComponentException {
    for (int attempt = 1; ; attempt++) {
      try {
        database.transaction("schema migration", c -> {
          try {
            schema.migrate(c, name);
          } catch (ComponentException e) {
            throw new LayoutException(e);
          }
          return null;
        });
        return;
      } catch (LayoutException e) {
        throw (ComponentException) e.getCause();
      } catch (StateException e) {
        SQLException sql = e.getCause() instanceof SQLException s ? s : null;
        boolean race = sql != null && "23505".equals(sql.getSQLState());
        if (!race || attempt >= MIGRATION_ATTEMPTS) {
          throw new ComponentException(e.getMessage(), e);
        }
      }
    }
  }

  /** Applies one write; a conditional write that finds no matching live row is a mismatch. */
  private Void apply(Connection c, Write write) throws SQLException, StateException {
    String sql;
    if (write.delete()) {
      sql = write.etag() != null ? schema.deleteIfEtag : schema.delete;
    } else if (write.etag() != null) {
      sql = schema.updateIfEtag;
    } else {
      sql = write.firstWrite() ? schema.insertIfAbsent : schema.upsert;
    }
    try (PreparedStatement ps = database.prepare(c, sql)) {
      int i = 1;
      if (write.delete()) {
        ps.setString(i++, write.key());
      } else if (write.etag() != null) {
        ps.setBytes(i++, write.value());
        setTtl(ps, i++, write.ttlSeconds());
        ps.setString(i++, write.key());
      } else {
        ps.setString(i++, write.key());
        ps.setBytes(i++, write.value());
        setTtl(ps, i++, write.ttlSeconds());
      }
      if (write.etag() != null) {
        ps.setString(i, write.etag());
      }
      if (ps.executeUpdate() == 0 && (write.etag() != null || write.firstWrite())) {
        throw new EtagMismatchException(null);
      }
    }
    return null;
  }

  private static void setTtl(PreparedStatement ps, int index, int ttlSeconds) throws SQLException {
    if (ttlSeconds > 0) {
      ps.setInt(index, ttlSeconds);
    } else {
      ps.setNull(index, Types.INTEGER);
    }
  }

  /** The value, ETag and expiry of the current row; the columns start at {@code first}. */
  private static StoredValue read(ResultSet rs, int first) throws SQLException {
    byte[] data = rs.getBytes(first);
    OffsetDateTime expires = rs.getObject(first + 2, OffsetDateTime.class);
    Map<String, String> metadata = expires == null ? Map.of()
        : Map.of("ttlExpireTime", expires.toInstant().truncatedTo(ChronoUnit.SECONDS).toString());
    return new StoredValue(data == null ? new byte[0] : data, rs.getString(first + 1), metadata);
  }

  /** A write checked before any connection is borrowed. */
  private Write write(TransactionOperation operation) throws StateException {
    if (operation instanceof TransactionOperation.Upsert upsert) {
      SetRequest r = upsert.request();
      requireKey(r.key(), "set");
      if (r.value() == null) {
        throw new StateException("missing value in set operation for key " + r.key());
      }
      return new Write(r.key(), false, r.value(), etag(r.etag()), r.firstWrite(), ttlSeconds(r.metadata()));
    }
    DeleteRequest r = ((TransactionOperation.Delete) operation).request();
    requireKey(r.key(), "delete");
    return new Write(r.key(), true, null, etag(r.etag()), false, 0);
  }

  /** The canonical form of a client's ETag, or {@code null} for none; daprd's errors for malformed ones. */
  private String etag(String etag) throws StateException {
    if (etag == null) {
      return null;
    }
    try {
      return Etags.canonical(etag);
    } catch (Etags.MalformedEtagException e) {
      if (settings.malformedEtagIsMismatch() || etag.isEmpty()) {
        throw new EtagMismatchException(e.getMessage());
      }
      throw new EtagInvalidException(e.getMessage());
    }
  }

  /** As Dapr's {@code ParseTTL}: an integer from -1 to 2^31-1; empty or absent for none. */
  private static int ttlSeconds(Map<String, String> metadata) throws StateException {
    String ttl = metadata.get(TTL_KEY);
    if (ttl == null || ttl.isEmpty()) {
      return 0;
    }
    String prefix = "error parsing TTL: incorrect value for metadata '" + TTL_KEY + "': ";
    long seconds;
    try {
      seconds = Strconv.parseInt(ttl);
    } catch (NumberFormatException e) {
      throw new StateException(prefix + e.getMessage());
    }
    if (seconds < -1 || seconds > Integer.MAX_VALUE) {
      throw new StateException(prefix + "must be -1 or greater");
    }
    return (int) seconds;
  }

  private static String requireKey(String key, String operation) throws StateException {
    if (key == null || key.isEmpty()) {
      throw new StateException("missing key in " + operation + " operation");
    }
    return key;
  }

  /** A checked write: {@code value} is {@code null} for a delete, {@code etag} canonical or {@code null}. */
  private record Write(String key, boolean delete, byte[] value, String etag, boolean firstWrite, int ttlSeconds) {
  }

  /** Carries a layout problem out of the migration transaction, which rolls back on the way. */
  private static final class LayoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LayoutException(ComponentException cause) {
      super(cause);
    }
  }
}
