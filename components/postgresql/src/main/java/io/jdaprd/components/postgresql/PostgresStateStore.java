package io.jdaprd.components.postgresql;

import io.jdaprd.golang.Strconv;
import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.BulkResults;
import io.jdaprd.spi.state.DeleteRequest;
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
 * {@code state.postgresql}, versions {@code v1} and {@code v2}: state in a PostgreSQL table in the layout of the
 * same version of daprd's store, which daprd and jdaprd can share: v1's ({@link StateSchemaV1}: {@code jsonb} values
 * with {@code isbinary}, the row's {@code xmin} as ETag) or v2's ({@link StateSchema}: {@code bytea} values, random
 * UUID ETags). Values are kept byte for byte in both. Features ETAG, TRANSACTIONAL, TTL and QUERY_API. An ETag the
 * layout cannot read is invalid for v1 (400) and a mismatch for v2 (409), as daprd answers; a first-write without
 * ETag of a live key fails with daprd's {@code no item was updated} (500).
 *
 * <p>The table is created on first use, under a lock, with daprd's migrations. {@code ttlInSeconds} request metadata
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
  private StateLayout schema;
  private PostgresDatabase database;
  private ScheduledExecutorService cleaner;

  @Override
  public void init(ComponentMetadata metadata) throws ComponentException {
    name = metadata.name();
    settings = PostgresSettings.from(metadata, System.getenv());
    schema = settings.v2() ? new StateSchema(settings) : new StateSchemaV1(settings);
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
      try (PreparedStatement ps = database.prepare(c, schema.selectOne())) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(schema.read(rs, 1)) : Optional.empty();
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
      try (PreparedStatement ps = database.prepare(c, schema.selectMany())) {
        ps.setArray(1, c.createArrayOf("text", unique.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.put(rs.getString(1), schema.read(rs, 2));
          }
        }
      }
      return rows;
    });
    return BulkResults.inRequestOrder(requests, found);
  }

  @Override
  public void set(SetRequest request) throws StateException {
    StateWrite write = write(new TransactionOperation.Upsert(request));
    database.run("set", c -> apply(c, write));
  }

  @Override
  public void delete(DeleteRequest request) throws StateException {
    StateWrite write = write(new TransactionOperation.Delete(request));
    database.run("delete", c -> apply(c, write));
  }

  @Override
  public void multi(List<TransactionOperation> operations, Map<String, String> metadata) throws StateException {
    List<StateWrite> writes = new ArrayList<>(operations.size());
    for (TransactionOperation operation : operations) {
      writes.add(write(operation));
    }
    if (writes.isEmpty()) {
      return;
    }
    database.transaction("transaction", c -> {
      for (StateWrite write : writes) {
        apply(c, write);
      }
      return null;
    });
  }

  @Override
  public QueryResult query(Query query) throws StateException {
    StateQuery sql;
    try {
      sql = StateQuery.of(schema, query);
    } catch (StateQuery.InvalidQueryException e) {
      throw new StateException("state store " + name + ": query failed: " + e.getMessage());
    }
    return database.run("query", c -> {
      PGConnection session = c.unwrap(PGConnection.class);
      if (!queryReady.contains(session)) {
        try (Statement statement = c.createStatement()) {
          statement.setQueryTimeout((int) settings.timeout().toSeconds());
          for (String function : StateQuery.CREATE_FUNCTIONS) {
            statement.execute(function);
          }
        }
        queryReady.add(session);
      }
      List<QueryResult.Item> items = new ArrayList<>();
      try (PreparedStatement ps = sql.bind(c, database.prepare(c, sql.sql)); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          StoredValue value = schema.read(rs, 2);
          items.add(new QueryResult.Item(rs.getString(1), value.data(), value.etag()));
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
        try (PreparedStatement claim = database.prepare(c, schema.claimCleanup())) {
          claim.setString(1, schema.cleanupKey());
          claim.setLong(2, Math.max(0, settings.cleanupInterval().toMillis() - 100));
          if (claim.executeUpdate() == 0) {
            return null;
          }
        }
        try (PreparedStatement purge = database.prepare(c, schema.deleteExpired())) {
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

  /**
   * Applies one write, with daprd's answers when it changes no row: a conditional write (or delete) that finds no
   * matching live row is a mismatch; a first-write without ETag of a live key fails with {@code no item was updated}.
   */
  private Void apply(Connection c, StateWrite write) throws SQLException, StateException {
    if (schema.apply(database, c, write) != 1) {
      if (write.etag() != null) {
        throw new EtagMismatchException(null);
      }
      if (!write.delete()) {
        throw new StateException("no item was updated");
      }
    }
    return null;
  }

  /** A write checked before any connection is borrowed. */
  private StateWrite write(TransactionOperation operation) throws StateException {
    if (operation instanceof TransactionOperation.Upsert upsert) {
      SetRequest r = upsert.request();
      requireKey(r.key(), "set");
      if (r.value() == null) {
        throw new StateException("missing value in set operation for key " + r.key());
      }
      return new StateWrite(r.key(), false, r.value(), etag(r.etag()), r.firstWrite(), ttlSeconds(r.metadata()),
          declaresJson(r.metadata()));
    }
    DeleteRequest r = ((TransactionOperation.Delete) operation).request();
    requireKey(r.key(), "delete");
    return new StateWrite(r.key(), true, null, etag(r.etag()), false, 0, false);
  }

  /** Whether {@code metadata} says {@code contentType: application/json} (the name in any case), as daprd checks. */
  private static boolean declaresJson(Map<String, String> metadata) {
    return metadata.entrySet().stream().anyMatch(e -> e.getKey().equalsIgnoreCase("contentType")
        && "application/json".equals(e.getValue()));
  }

  /**
   * The client's ETag in the layout's form, or {@code null} for none (an empty one too, for v1, as daprd v1); daprd's
   * errors for unreadable ones.
   */
  private String etag(String etag) throws StateException {
    if (etag == null) {
      return null;
    }
    if (etag.isEmpty()) {
      if (!settings.v2()) {
        return null;
      }
      throw new EtagMismatchException("invalid UUID length: 0");
    }
    return schema.etag(etag);
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

  /** Carries a layout problem out of the migration transaction, which rolls back on the way. */
  private static final class LayoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LayoutException(ComponentException cause) {
      super(cause);
    }
  }
}
