package io.jdaprd.components.postgresql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.jdaprd.spi.state.StateException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * The connection pool of one store (HikariCP over pgjdbc) and the way its failures are told. Every operation borrows
 * a connection for at most {@link #ACQUIRE_TIMEOUT} (so that requests fail fast while the server is away, and work
 * again once it is back: broken connections are dropped and new ones made on demand), and every statement has the
 * store's {@code timeout}. Failures become {@link StateException}s of the form {@code state store NAME: OPERATION
 * failed: REASON}, where the reason is PostgreSQL's message and never holds the password or the connection string.
 */
final class PostgresDatabase implements AutoCloseable {
  /** The longest a request waits for a connection. */
  static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(2);

  /** Work done with a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException, StateException;
  }

  private final String label;
  private final PostgresSettings settings;
  private final int timeoutSeconds;
  private final HikariDataSource pool;

  PostgresDatabase(String storeName, PostgresSettings settings) {
    this("state.postgresql " + storeName, "state store " + storeName, settings);
  }

  /**
   * A pool for any component of this module.
   *
   * @param poolName the pool's name, for the pool's own logs
   * @param label how failures name the component, for example {@code state store NAME}
   */
  PostgresDatabase(String poolName, String label, PostgresSettings settings) {
    this.label = label;
    this.settings = settings;
    this.timeoutSeconds = (int) Math.max(1, (settings.timeout().toMillis() + 999) / 1000);
    PostgresConnection connection = settings.connection();
    HikariConfig config = new HikariConfig();
    config.setPoolName(poolName);
    config.setJdbcUrl(connection.jdbcUrl());
    config.setUsername(connection.user());
    config.setPassword(connection.password());
    connection.properties().forEach(config::addDataSourceProperty);
    config.setMaximumPoolSize(settings.maxConns());
    config.setMinimumIdle(settings.minConns());
    long acquire = Math.min(ACQUIRE_TIMEOUT.toMillis(), settings.timeout().toMillis());
    config.setConnectionTimeout(acquire);
    config.setValidationTimeout(Math.max(250, acquire / 2));
    config.setIdleTimeout(Math.max(10_000, settings.maxIdleTime().toMillis()));
    config.setMaxLifetime(Math.max(30_000, settings.maxLifetime().toMillis()));
    config.setInitializationFailTimeout(-1);
    config.setAutoCommit(true);
    this.pool = new HikariDataSource(config);
  }

  /** Runs {@code work} on a pooled connection in autocommit mode. */
  <T> T run(String operation, Work<T> work) throws StateException {
    try (Connection connection = pool.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw failure(operation, e);
    }
  }

  /**
   * Runs {@code work} in one transaction: committed when it returns, rolled back entirely when it throws. The pool
   * puts the connection back in autocommit mode.
   */
  <T> T transaction(String operation, Work<T> work) throws StateException {
    return run(operation, connection -> {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | StateException | RuntimeException e) {
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    });
  }

  /** A pooled connection in autocommit mode, borrowed for at most {@link #ACQUIRE_TIMEOUT}; the caller closes it. */
  Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** A statement with the store's timeout. */
  PreparedStatement prepare(Connection connection, String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    statement.setQueryTimeout(timeoutSeconds);
    return statement;
  }

  @Override
  public void close() {
    pool.close();
  }

  /** The failure of {@code operation}, told without secrets. */
  StateException failure(String operation, SQLException e) {
    return new StateException(settings.connection().redact(
        label + ": " + operation + " failed: " + reason(e)), e);
  }

  /** Why {@code e} happened, in PostgreSQL's words where it gave some. */
  String reason(SQLException e) {
    PSQLException server = find(e, PSQLException.class);
    String state = server != null ? server.getSQLState() : e.getSQLState();
    if (server != null && server.getServerErrorMessage() != null) {
      ServerErrorMessage m = server.getServerErrorMessage();
      if ("57014".equals(m.getSQLState())) {
        return "timed out after " + goDuration(settings.timeout());
      }
      return m.getSeverity() + ": " + m.getMessage() + " (SQLSTATE " + m.getSQLState() + ")";
    }
    if (e instanceof SQLTransientConnectionException) {
      String cause = server != null ? server.getMessage() : null;
      return "no connection to the database within " + goDuration(Duration.ofMillis(pool.getConnectionTimeout()))
          + (cause == null ? "" : ": " + cause);
    }
    if (find(e, SocketTimeoutException.class) != null) {
      return "timed out after " + goDuration(settings.timeout()) + ": the database did not answer";
    }
    if (state != null && state.startsWith("08")) {
      return "the connection to the database failed: " + (server != null ? server.getMessage() : e.getMessage());
    }
    return server != null ? server.getMessage() : e.getMessage();
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** A duration as Go prints the simple ones: {@code 20s}, {@code 1500ms}. */
  static String goDuration(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }
}
