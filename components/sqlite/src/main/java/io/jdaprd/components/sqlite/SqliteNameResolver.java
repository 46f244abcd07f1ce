package io.jdaprd.components.sqlite;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.nameresolution.Instance;
import io.jdaprd.spi.nameresolution.NameResolver;
import io.jdaprd.spi.nameresolution.ResolveRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The {@code sqlite} name resolver: every sidecar sharing one SQLite file writes its address there, as daprd's
 * ({@code components-contrib nameresolution/sqlite}) does, so jdaprd and daprd sidecars find each other.
 *
 * <p>Layout, identical to daprd's: the hosts table {@code (registration_id TEXT PK, address TEXT UNIQUE, app_id,
 * namespace, last_update INTEGER)} indexed on {@code address} (unique) and {@code last_update}, created by migration
 * level 1 recorded under {@code nr-migrations} in the metadata table {@code (key, value)}. {@link #init} writes
 * {@code REPLACE INTO hosts VALUES (random uuid, address:port, appId, '', now)} (the namespace is always stored
 * empty and ignored on lookup, as upstream), then renews {@code last_update} every {@code updateInterval - timeout}.
 * A row is live while {@code now - last_update < updateInterval} (whole seconds).
 *
 * <p>{@link #resolve} answers every live address of the id, sorted, so that the caller's round robin spreads calls
 * (daprd picks one at random per call; {@link #multi()} stays false, as daprd does not cache this resolver). No live
 * row throws {@link ComponentException} with daprd's {@value #NO_HOST}, which daprd does not retry.
 *
 * <p>Clean-up, every {@code cleanupInterval}, gated through the metadata key {@code nr-last-cleanup} so that one
 * sidecar of those sharing the file does it per interval, deletes only <em>stale</em> rows
 * ({@code now - last_update >= updateInterval}). Upstream's query has the comparison the wrong way round
 * ({@code < updateInterval}) and so deletes the live registrations, which then makes every daprd sharing the file
 * exit on its next renewal; it also compares its gate against a number of milliseconds as if it were seconds. Neither
 * mistake is copied.
 *
 * <p>A lost registration (the renewal updates no row): daprd exits fatally. This resolver tells the two causes apart.
 * When another registration now holds this address (another sidecar took it over with {@code REPLACE}), it logs an
 * error, stops renewing and reports {@link #registrationLost()}: re-registering would take the address back and forth
 * between the two. When the row is simply gone (deleted by hand, or by a daprd peer's clean-up, see above), it logs an
 * error and registers again under the same registration id, so the sidecar stays reachable instead of dying for a
 * peer's bug.
 */
public final class SqliteNameResolver implements NameResolver {
  /** The resolver's name in a Configuration's {@code spec.nameResolution.component}. */
  public static final String TYPE = "sqlite";
  /** daprd's answer when no live host has the id. */
  public static final String NO_HOST = "no host found with the given ID";

  private static final System.Logger LOG = System.getLogger(SqliteNameResolver.class.getName());
  private static final String MIGRATIONS_KEY = "nr-migrations";
  private static final String LAST_CLEANUP_KEY = "nr-last-cleanup";

  private final ReentrantLock lock = new ReentrantLock();
  private NameResolverSettings settings;
  private Connection connection;
  /**
   * The query of {@link #resolve}, prepared on its first use and reused under {@link #lock}: preparing it for every
   * call was half of the resolver's CPU (it runs once per invocation of another app, as daprd's does).
   */
  private PreparedStatement lookup;
  private ScheduledThreadPoolExecutor timer;
  private String registrationId;
  private String address;
  private String appId;
  private volatile boolean lost;
  private volatile boolean closed;

  @Override
  public void init(Instance instance, ComponentMetadata configuration) throws ComponentException {
    if (instance.appId() == null || instance.appId().isEmpty()) {
      throw new ComponentException("name is missing");
    }
    if (instance.address() == null || instance.address().isEmpty()) {
      throw new ComponentException("address is missing");
    }
    if (instance.daprInternalPort() <= 0) {
      throw new ComponentException("port is missing or invalid");
    }
    settings = NameResolverSettings.from(configuration);
    appId = instance.appId();
    address = instance.advertisedAddress();
    if (settings.database().inMemory()) {
      LOG.log(System.Logger.Level.WARNING, "Configuring name resolution with an in-memory SQLite database. "
          + "Service invocation across different apps will not work.");
    }
    connection = open(settings);
    try {
      migrate();
      registrationId = UUID.randomUUID().toString();
      register();
    } catch (SQLException e) {
      closeConnection();
      throw new ComponentException("failed to register host: " + e.getMessage(), e);
    }
    timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "nameresolution.sqlite " + appId);
      thread.setDaemon(true);
      return thread;
    });
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    long renew = settings.renewEvery().toMillis();
    timer.scheduleAtFixedRate(this::renew, renew, renew, TimeUnit.MILLISECONDS);
    long cleanup = settings.cleanupInterval().toMillis();
    if (cleanup > 0) {
      timer.scheduleAtFixedRate(this::cleanUpQuietly, cleanup, cleanup, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public List<String> resolve(ResolveRequest request) throws ComponentException {
    List<String> addresses = new ArrayList<>();
    try {
      withConnection(c -> {
        if (lookup == null) {
          lookup = c.prepareStatement("SELECT address FROM " + settings.tableName() + " WHERE app_id = ? AND"
              + " unixepoch(CURRENT_TIMESTAMP) - last_update < " + settings.staleAfterSeconds() + " ORDER BY address");
          timeout(lookup);
        }
        lookup.setString(1, request.id());
        try (ResultSet rows = lookup.executeQuery()) {
          while (rows.next()) {
            addresses.add(rows.getString(1));
          }
        }
        return null;
      });
    } catch (SQLException e) {
      throw new ComponentException("failed to look up address: " + e.getMessage(), e);
    }
    if (addresses.isEmpty()) {
      throw new ComponentException(NO_HOST);
    }
    return addresses;
  }

  /**
   * Whether another registration took this sidecar's address over: this resolver then no longer renews its row, and
   * other sidecars reach whoever holds the address now. Restarting the sidecar registers it again.
   */
  public boolean registrationLost() {
    return lost;
  }

  /**
   * Deletes the stale registrations if no sidecar sharing the file did within the last {@code cleanupInterval}.
   *
   * @return the number of rows deleted
   */
  int cleanUp() throws SQLException {
    long gateSeconds = Math.max(0, settings.cleanupInterval().toSeconds() - 1);
    return withConnection(c -> {
      try (PreparedStatement gate = c.prepareStatement("INSERT INTO " + settings.metadataTableName()
          + " (key, value) VALUES ('" + LAST_CLEANUP_KEY + "', CURRENT_TIMESTAMP) ON CONFLICT (key) DO UPDATE SET"
          + " value = CURRENT_TIMESTAMP WHERE unixepoch(CURRENT_TIMESTAMP) - unixepoch(value) > ?")) {
        timeout(gate);
        gate.setLong(1, gateSeconds);
        if (gate.executeUpdate() == 0) {
          return 0;
        }
      }
      try (Statement delete = c.createStatement()) {
        timeout(delete);
        return delete.executeUpdate("DELETE FROM " + settings.tableName()
            + " WHERE unixepoch(CURRENT_TIMESTAMP) - last_update >= " + settings.staleAfterSeconds());
      }
    });
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      lock.unlock();
    }
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (connection != null && registrationId != null) {
      try {
        int deleted = withConnection(c -> {
          try (PreparedStatement delete = c.prepareStatement(
              "DELETE FROM " + settings.tableName() + " WHERE registration_id = ? AND address = ?")) {
            timeout(delete);
            delete.setString(1, registrationId);
            delete.setString(2, address);
            return delete.executeUpdate();
          }
        });
        if (deleted == 0 && !lost) {
          LOG.log(System.Logger.Level.WARNING, "failed to unregister host: no row deleted");
        }
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.WARNING, "failed to unregister host: " + e.getMessage());
      }
    }
    lock.lock();
    try {
      closeConnection();
    } finally {
      lock.unlock();
    }
  }

  private void migrate() throws SQLException {
    withConnection(c -> {
      try (Statement statement = c.createStatement()) {
        statement.execute("BEGIN EXCLUSIVE TRANSACTION");
        try {
          statement.execute("CREATE TABLE IF NOT EXISTS " + settings.metadataTableName()
              + " (key text NOT NULL PRIMARY KEY, value text NOT NULL)");
          int level = 0;
          try (ResultSet rows = statement.executeQuery("SELECT value FROM " + settings.metadataTableName()
              + " WHERE key = '" + MIGRATIONS_KEY + "'")) {
            if (rows.next()) {
              level = Integer.parseInt(rows.getString(1).trim());
            }
          } catch (NumberFormatException e) {
            throw new SQLException("invalid migration level found in metadata table", e);
          }
          if (level < 1) {
            String hosts = settings.tableName();
            statement.execute("CREATE TABLE " + hosts + " (registration_id TEXT NOT NULL PRIMARY KEY,"
                + " address TEXT NOT NULL, app_id TEXT NOT NULL, namespace TEXT NOT NULL,"
                + " last_update INTEGER NOT NULL)");
            statement.execute("CREATE UNIQUE INDEX " + hosts + "_address_idx ON " + hosts + " (address)");
            statement.execute("CREATE INDEX " + hosts + "_last_update_idx ON " + hosts + " (last_update)");
            statement.execute("REPLACE INTO " + settings.metadataTableName() + " (key, value) VALUES ('"
                + MIGRATIONS_KEY + "', '1')");
          }
          statement.execute("COMMIT TRANSACTION");
        } catch (SQLException e) {
          statement.execute("ROLLBACK TRANSACTION");
          throw e;
        }
      }
      return null;
    });
  }

  private void register() throws SQLException {
    withConnection(c -> {
      try (PreparedStatement replace = c.prepareStatement("REPLACE INTO " + settings.tableName()
          + " (registration_id, address, app_id, namespace, last_update)"
          + " VALUES (?, ?, ?, '', unixepoch(CURRENT_TIMESTAMP))")) {
        timeout(replace);
        replace.setString(1, registrationId);
        replace.setString(2, address);
        replace.setString(3, appId);
        replace.executeUpdate();
      }
      return null;
    });
  }

  /** One renewal; failures are logged and the next tick tries again, within the row's lifetime. */
  private void renew() {
    if (closed || lost) {
      return;
    }
    try {
      int updated = withConnection(c -> {
        try (PreparedStatement update = c.prepareStatement("UPDATE " + settings.tableName()
            + " SET last_update = unixepoch(CURRENT_TIMESTAMP) WHERE registration_id = ? AND address = ?")) {
          timeout(update);
          update.setString(1, registrationId);
          update.setString(2, address);
          return update.executeUpdate();
        }
      });
      if (updated == 0) {
        registrationGone();
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.ERROR, "Failed to update host registration: " + e.getMessage());
    }
  }

  private void registrationGone() throws SQLException {
    Optional<String> holder = withConnection(c -> {
      try (PreparedStatement select = c.prepareStatement("SELECT registration_id, app_id FROM "
          + settings.tableName() + " WHERE address = ?")) {
        timeout(select);
        select.setString(1, address);
        try (ResultSet rows = select.executeQuery()) {
          return rows.next() ? Optional.of(rows.getString(1) + " (app id " + rows.getString(2) + ")")
              : Optional.<String>empty();
        }
      }
    });
    if (holder.isPresent()) {
      lost = true;
      LOG.log(System.Logger.Level.ERROR, "Host registration lost: address " + address + " is now registered by "
          + holder.get() + "; app id " + appId + " is no longer resolvable here: restart this sidecar");
      return;
    }
    LOG.log(System.Logger.Level.ERROR, "Host registration lost: the row of " + appId + " at " + address
        + " was deleted (by hand, or by a peer's clean-up); registering again");
    register();
  }

  private void cleanUpQuietly() {
    try {
      int deleted = cleanUp();
      if (deleted > 0) {
        LOG.log(System.Logger.Level.INFO, "Removed " + deleted + " expired rows");
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.ERROR, "Error removing expired data: " + e.getMessage());
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  private <T> T withConnection(Work<T> work) throws SQLException {
    lock.lock();
    try {
      if (connection == null || connection.isClosed()) {
        throw new SQLException("component is closed");
      }
      return work.run(connection);
    } finally {
      lock.unlock();
    }
  }

  private void timeout(Statement statement) throws SQLException {
    statement.setQueryTimeout((int) Math.max(1, (settings.timeout().toMillis() + 999) / 1000));
  }

  private static Connection open(NameResolverSettings settings) throws ComponentException {
    SqliteSettings database = settings.database();
    if (database.databaseFile() != null && database.databaseFile().getParent() != null) {
      try {
        Files.createDirectories(database.databaseFile().getParent());
      } catch (IOException e) {
        throw new ComponentException("failed to create connection: the database's directory cannot be created", e);
      }
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis()));
    config.setJournalMode(database.inMemory() ? SQLiteConfig.JournalMode.MEMORY
        : database.wal() ? SQLiteConfig.JournalMode.WAL : SQLiteConfig.JournalMode.DELETE);
    try {
      return config.createConnection(database.jdbcUrl());
    } catch (SQLException e) {
      throw new ComponentException("failed to create connection: " + e.getMessage(), e);
    }
  }

  private void closeConnection() {
    try {
      if (lookup != null) {
        lookup.close();
        lookup = null;
      }
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "closing the name-resolution database: " + e.getMessage());
    }
  }
}
