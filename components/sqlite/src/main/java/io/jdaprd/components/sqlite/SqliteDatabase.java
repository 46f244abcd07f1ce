package io.jdaprd.components.sqlite;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.state.StateException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The connections of one SQLite database. SQLite lets one connection write at a time, so every write goes through
 * one writer connection, one operation at a time; with write-ahead logging, reads use a small pool of reader
 * connections and never wait for writes. Without WAL, and for in-memory databases, the writer does everything.
 *
 * <p>Every operation has a deadline ({@code timeout}): waiting for a connection counts, and a statement still running
 * when it passes is interrupted. Failures become {@link StateException}s whose messages name the store and the
 * operation, and never a file path.
 */
final class SqliteDatabase implements AutoCloseable {
  private static final int READERS = 4;
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_INTERRUPT = 9;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  /** Work done with a connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException, StateException;
  }

  private final String storeName;
  private final Duration timeout;
  private final int busyTimeoutMillis;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> readers;
  private final List<Connection> all = new ArrayList<>();
  private final ScheduledExecutorService timer;

  private SqliteDatabase(String storeName, SqliteSettings settings, Connection writer, List<Connection> readers) {
    this.storeName = storeName;
    this.timeout = settings.timeout();
    this.busyTimeoutMillis = busyTimeoutMillis(settings);
    this.writer = writer;
    this.readers = new ArrayBlockingQueue<>(Math.max(1, readers.size()), false, readers);
    all.add(writer);
    all.addAll(readers);
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "state.sqlite timer " + storeName);
      thread.setDaemon(true);
      return thread;
    });
    executor.setRemoveOnCancelPolicy(true);
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.timer = executor;
  }

  /** Opens the database, creating the file's directory when it is missing. */
  static SqliteDatabase open(SqliteSettings settings, String storeName) throws ComponentException {
    String what = "state store " + storeName + ": cannot open the database";
    Path file = settings.databaseFile();
    if (file != null && file.getParent() != null) {
      try {
        Files.createDirectories(file.getParent());
      } catch (IOException e) {
        throw new ComponentException(what + ": its directory cannot be created", e);
      }
    }
    List<Connection> opened = new ArrayList<>();
    try {
      Connection writer = connect(settings);
      opened.add(writer);
      List<Connection> readers = new ArrayList<>();
      if (settings.wal()) {
        for (int i = 0; i < READERS; i++) {
          Connection reader = connect(settings);
          opened.add(reader);
          readers.add(reader);
        }
      }
      return new SqliteDatabase(storeName, settings, writer, readers);
    } catch (SQLException e) {
      for (Connection c : opened) {
        closeQuietly(c);
      }
      throw new ComponentException(what + ": " + reason(e, settings.timeout()), e);
    }
  }

  private static Connection connect(SqliteSettings settings) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(busyTimeoutMillis(settings));
    config.setJournalMode(settings.inMemory() ? SQLiteConfig.JournalMode.MEMORY
        : settings.wal() ? SQLiteConfig.JournalMode.WAL : SQLiteConfig.JournalMode.DELETE);
    return config.createConnection(settings.jdbcUrl());
  }

  private static int busyTimeoutMillis(SqliteSettings settings) {
    return (int) Math.min(Integer.MAX_VALUE, settings.busyTimeout().toMillis());
  }

  /** Runs {@code work} on the writer, alone, in autocommit mode. */
  <T> T write(String operation, Work<T> work) throws StateException {
    long deadline = System.nanoTime() + timeout.toNanos();
    lockWriter(operation);
    try {
      return guarded(operation, writer, deadline, work);
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Runs {@code work} on the writer inside {@code BEGIN IMMEDIATE ... COMMIT}; when it throws, the transaction is
   * rolled back and the failure rethrown.
   */
  <T> T transaction(String operation, Work<T> work) throws StateException {
    return write(operation, connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("BEGIN IMMEDIATE");
      }
      T result;
      try {
        result = work.run(connection);
      } catch (SQLException | StateException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
      try (Statement statement = connection.createStatement()) {
        statement.execute("COMMIT");
      } catch (SQLException e) {
        rollback(connection, e);
        throw e;
      }
      return result;
    });
  }

  /** Runs {@code work} on a reader connection, or on the writer when there are none. */
  <T> T read(String operation, Work<T> work) throws StateException {
    if (all.size() == 1) {
      return write(operation, work);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Connection reader;
    try {
      reader = readers.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateException(prefix(operation) + "interrupted");
    }
    if (reader == null) {
      throw new StateException(
          prefix(operation) + "timed out after " + goDuration(timeout) + " waiting for a connection");
    }
    try {
      return guarded(operation, reader, deadline, work);
    } finally {
      readers.add(reader);
    }
  }

  /** Runs {@code task} every {@code interval} on the timer thread until {@link #close()}. */
  ScheduledFuture<?> every(Duration interval, Runnable task) {
    return timer.scheduleWithFixedDelay(task, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    writeLock.lock();
    try {
      for (Connection c : all) {
        closeQuietly(c);
      }
    } finally {
      writeLock.unlock();
    }
  }

  private void lockWriter(String operation) throws StateException {
    try {
      if (!writeLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new StateException(
            prefix(operation) + "timed out after " + goDuration(timeout) + " waiting for the writer");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StateException(prefix(operation) + "interrupted");
    }
  }

  /**
   * Runs {@code work}, interrupting its statement if the deadline passes first. SQLite's wait for another
   * connection's lock cannot be interrupted, so it is shortened to the time left.
   */
  private <T> T guarded(String operation, Connection connection, long deadline, Work<T> work)
      throws StateException {
    long remaining = deadline - System.nanoTime();
    if (remaining <= 0) {
      throw new StateException(prefix(operation) + "timed out after " + goDuration(timeout));
    }
    long remainingMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining));
    boolean shortened = busyTimeoutMillis > remainingMillis;
    Watchdog watchdog = new Watchdog(connection);
    ScheduledFuture<?> alarm;
    try {
      alarm = timer.schedule(watchdog, remaining, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      throw new StateException(prefix(operation) + "the store is closed");
    }
    try {
      if (shortened) {
        connection.unwrap(SQLiteConnection.class).setBusyTimeout((int) remainingMillis);
      }
      return work.run(connection);
    } catch (SQLException e) {
      boolean busy = (e.getErrorCode() & 0xff) == SQLITE_BUSY;
      throw new StateException(prefix(operation)
          + (shortened && busy ? "timed out after " + goDuration(timeout) : reason(e, timeout)), e);
    } finally {
      watchdog.finish();
      alarm.cancel(false);
      if (shortened) {
        restoreBusyTimeout(connection);
      }
    }
  }

  private void restoreBusyTimeout(Connection connection) {
    try {
      connection.unwrap(SQLiteConnection.class).setBusyTimeout(busyTimeoutMillis);
    } catch (SQLException e) {
      // Only a closed connection refuses; it needs no busy timeout.
    }
  }

  private String prefix(String operation) {
    return "state store " + storeName + ": " + operation + " failed: ";
  }

  /** A short, path-free reason for {@code e}. */
  private static String reason(SQLException e, Duration timeout) {
    return switch (e.getErrorCode() & 0xff) {
      case SQLITE_BUSY, SQLITE_LOCKED -> "the database is locked by another connection";
      case SQLITE_INTERRUPT -> "timed out after " + goDuration(timeout);
      case SQLITE_READONLY -> "the database is read-only";
      case SQLITE_IOERR -> "I/O error";
      case SQLITE_CORRUPT, SQLITE_NOTADB -> "the file is not a valid SQLite database";
      case SQLITE_FULL -> "the disk is full";
      case SQLITE_CANTOPEN -> "the database file cannot be opened";
      default -> "SQLite error " + e.getErrorCode();
    };
  }

  /** Rolls back; SQLite may have rolled back already (after an interrupt), so a failure here is only noted. */
  private static void rollback(Connection connection, Exception cause) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // The connection is unusable either way; closing the others matters more.
    }
  }

  /** A duration as Go prints the simple ones: {@code 20s}, {@code 1500ms}. */
  static String goDuration(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** Interrupts the statement running on a connection, unless the operation finished first. */
  private static final class Watchdog implements Runnable {
    private final Connection connection;
    private boolean finished;

    Watchdog(Connection connection) {
      this.connection = connection;
    }

    @Override
    public synchronized void run() {
      if (!finished) {
        try {
          connection.unwrap(SQLiteConnection.class).getDatabase().interrupt();
        } catch (SQLException e) {
          // The connection is closed: nothing runs on it any more.
        }
      }
    }

    synchronized void finish() {
      finished = true;
    }
  }
}
