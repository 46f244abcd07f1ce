package io.jdaprd.components.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.StateException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-operation deadline: statements that run too long, and waits for a busy writer. */
class SqliteDatabaseTest {
  /** Counts far enough to run for minutes. */
  private static final String ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
      + " WHERE i < 10000000000) SELECT count(*) FROM n";

  /**
   * What a 1 s timeout may take on a loaded machine: far above 1 s, yet below the 20 s default timeout and the endless
   * statement, which a timeout not applied would wait for.
   */
  private static final Duration AT_MOST = Duration.ofSeconds(15);

  @TempDir
  Path dir;

  private SqliteDatabase database;

  @BeforeEach
  void open() throws Exception {
    SqliteSettings settings = SqliteSettings.from(new ComponentMetadata("statestore", SqliteStateStore.TYPE, "v1",
        "app", Map.of("connectionString", dir.resolve("db.sqlite").toString(), "timeout", "1s")));
    database = SqliteDatabase.open(settings, "statestore");
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static long count(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(ENDLESS)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  @DisplayName("a statement still running at the deadline is interrupted")
  void longStatementIsInterrupted() {
    long start = System.nanoTime();
    assertThatThrownBy(() -> database.read("query", SqliteDatabaseTest::count))
        .isInstanceOf(StateException.class).hasMessage("state store statestore: query failed: timed out after 1s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), AT_MOST);
  }

  @Test
  @DisplayName("a write waiting for the writer longer than the timeout fails, and the writer recovers")
  void waitForWriterIsBounded() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Object> holder = CompletableFuture.supplyAsync(() -> {
      try {
        return database.write("slow write", connection -> {
          writing.countDown();
          try {
            return release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
      } catch (StateException e) {
        return e;
      }
    }, runnable -> Thread.ofVirtual().start(runnable));
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    assertThatThrownBy(() -> database.write("set", connection -> null))
        .isInstanceOf(StateException.class)
        .hasMessage("state store statestore: set failed: timed out after 1s waiting for the writer");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(900), AT_MOST);
    release.countDown();
    assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo(true);
    String done = database.write("set", connection -> "done");
    assertThat(done).isEqualTo("done");
  }
}
