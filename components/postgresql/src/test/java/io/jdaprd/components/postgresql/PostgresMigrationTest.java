package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.SetRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedPostgres.class)
class PostgresMigrationTest {
  private static final int SIDECARS = 4;

  @Test
  @DisplayName("sidecars initializing together on an empty database all succeed")
  void concurrentInitOnEmptyDatabase(PostgresServer server) throws Exception {
    for (int round = 0; round < 3; round++) {
      String database = server.createDatabase();
      List<PostgresStateStore> stores = initTogether(server, database, "v2", Map.of());
      try {
        stores.get(0).set(new SetRequest("app||k", utf8("v"), null, Map.of(), null, null));
        for (PostgresStateStore store : stores) {
          assertThat(store.get(new GetRequest("app||k", Map.of(), null))).isPresent();
        }
      } finally {
        stores.forEach(PostgresStateStore::close);
      }
      try (Connection c = server.connect(database); Statement s = c.createStatement()) {
        assertThat(scalar(s, "SELECT value FROM dapr_metadata WHERE key = 'migrations-state-v2-'")).isEqualTo("2");
        assertThat(scalar(s, "SELECT count(*) FROM pg_indexes WHERE tablename = 'state'")).isEqualTo("3");
      }
    }
  }

  @Test
  @DisplayName("v1: sidecars initializing together create daprd v1's table and metadata, at level 3")
  void concurrentInitV1(PostgresServer server) throws Exception {
    String database = server.createDatabase();
    List<PostgresStateStore> stores = initTogether(server, database, "v1", Map.of());
    try {
      stores.get(0).set(new SetRequest("app||k", utf8("v"), null, Map.of(), null, null));
      assertThat(stores.get(1).get(new GetRequest("app||k", Map.of(), null)).orElseThrow().data())
          .isEqualTo(utf8("v"));
    } finally {
      stores.forEach(PostgresStateStore::close);
    }
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT value FROM dapr_metadata WHERE key = 'migrations'")).isEqualTo("3");
      assertThat(scalar(s, "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', ' ORDER BY"
          + " attnum) FROM pg_attribute WHERE attrelid = 'state'::regclass AND attnum > 0 AND NOT attisdropped"))
          .isEqualTo("key text, value jsonb, isbinary boolean, insertdate timestamp with time zone,"
              + " updatedate timestamp with time zone, expiredate timestamp with time zone, row_id bigint");
      assertThat(scalar(s, "SELECT count(*) FROM pg_indexes WHERE indexname = 'state_row_id_uidx'")).isEqualTo("1");
      assertThat(scalar(s, "SELECT attidentity FROM pg_attribute WHERE attrelid = 'state'::regclass"
          + " AND attname = 'row_id'")).isEqualTo("d");
    }
  }

  @Test
  @DisplayName("v1: a table daprd left at its second migration gets row_id numbered by insertdate, keeping its rows")
  void upgradesDaprV1LevelTwo(PostgresServer server) throws Exception {
    String database = server.createDatabase();
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE dapr_metadata (key text NOT NULL PRIMARY KEY, value text NOT NULL)");
      s.execute("INSERT INTO dapr_metadata VALUES ('migrations', '2')");
      s.execute("CREATE TABLE state (key text NOT NULL PRIMARY KEY, value jsonb NOT NULL, isbinary boolean NOT NULL,"
          + " insertdate TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT NOW(), updatedate TIMESTAMP WITH TIME ZONE NULL,"
          + " expiredate TIMESTAMP WITH TIME ZONE)");
      s.execute("INSERT INTO state (key, value, isbinary, insertdate) VALUES"
          + " ('app||second', '{\"n\": 2}', false, now() - interval '1 minute'),"
          + " ('app||first', '\"AAH/\"', true, now() - interval '2 minutes')");
    }
    List<PostgresStateStore> stores = initTogether(server, database, "v1", Map.of());
    try {
      assertThat(stores.get(0).get(new GetRequest("app||first", Map.of(), null)).orElseThrow().data())
          .isEqualTo(new byte[] {0, 1, (byte) 0xff});
      assertThat(stores.get(0).get(new GetRequest("app||second", Map.of(), null)).orElseThrow().data())
          .isEqualTo(utf8("{\"n\": 2}"));
      stores.get(0).set(new SetRequest("app||third", utf8("3"), null, Map.of(), null, null));
    } finally {
      stores.forEach(PostgresStateStore::close);
    }
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT value FROM dapr_metadata WHERE key = 'migrations'")).isEqualTo("3");
      assertThat(scalar(s, "SELECT string_agg(key || '=' || row_id, ',' ORDER BY row_id) FROM state"))
          .isEqualTo("app||first=1,app||second=2,app||third=3");
    }
  }

  @Test
  @DisplayName("sidecars with a schema and a table prefix create the schema together")
  void concurrentInitWithSchema(PostgresServer server) throws Exception {
    String database = server.createDatabase();
    List<PostgresStateStore> stores = initTogether(server, database, "v2", Map.of("schema", "dapr", "tablePrefix",
        "app1_"));
    stores.forEach(PostgresStateStore::close);
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT value FROM dapr.dapr_metadata WHERE key = 'migrations-state-v2-dapr.app1_'"))
          .isEqualTo("2");
      assertThat(scalar(s, "SELECT to_regclass('dapr.app1_state')::text")).isEqualTo("dapr.app1_state");
    }
  }

  @Test
  @DisplayName("a table left at daprd's first migration is brought to the second, keeping its rows")
  void upgradesDaprLevelOne(PostgresServer server) throws Exception {
    String database = server.createDatabase();
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE dapr_metadata (key text NOT NULL PRIMARY KEY, value text NOT NULL)");
      s.execute("INSERT INTO dapr_metadata VALUES ('migrations-state-v2-', '1')");
      s.execute("CREATE TABLE state (key text NOT NULL PRIMARY KEY, value bytea NOT NULL,"
          + " etag uuid NOT NULL DEFAULT gen_random_uuid(), created_at timestamp with time zone NOT NULL DEFAULT"
          + " now(), updated_at timestamp with time zone, expires_at timestamp with time zone)");
      s.execute("CREATE INDEX ON state (expires_at)");
      s.execute("INSERT INTO state (key, value) VALUES ('app||old', 'kept'::bytea)");
    }
    List<PostgresStateStore> stores = initTogether(server, database, "v2", Map.of());
    try {
      assertThat(stores.get(0).get(new GetRequest("app||old", Map.of(), null)).orElseThrow().data())
          .isEqualTo(utf8("kept"));
    } finally {
      stores.forEach(PostgresStateStore::close);
    }
    try (Connection c = server.connect(database); Statement s = c.createStatement()) {
      assertThat(scalar(s, "SELECT value FROM dapr_metadata WHERE key = 'migrations-state-v2-'")).isEqualTo("2");
      assertThat(scalar(s, "SELECT count(*) FROM state WHERE row_id IS NOT NULL")).isEqualTo("1");
      assertThat(scalar(s, "SELECT count(*) FROM pg_indexes WHERE tablename = 'state'")).isEqualTo("3");
    }
  }

  /** Initializes {@link #SIDECARS} stores of {@code version} at once; every one must succeed. */
  private static List<PostgresStateStore> initTogether(PostgresServer server, String database, String version,
      Map<String, String> extra) throws Exception {
    Map<String, String> properties = new HashMap<>(extra);
    properties.put("connectionString", server.connectionString(database));
    CountDownLatch ready = new CountDownLatch(SIDECARS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<PostgresStateStore>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < SIDECARS; i++) {
        futures.add(pool.submit(() -> {
          PostgresStateStore store = new PostgresStateStore();
          ready.countDown();
          go.await();
          store.init(new ComponentMetadata("sidecar", PostgresStateStore.TYPE, version, "app", properties));
          return store;
        }));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<PostgresStateStore> stores = new ArrayList<>();
      for (Future<PostgresStateStore> f : futures) {
        stores.add(f.get(60, TimeUnit.SECONDS));
      }
      return stores;
    }
  }

  private static String scalar(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      assertThat(rs.next()).as("a row for %s", sql).isTrue();
      return rs.getString(1);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
