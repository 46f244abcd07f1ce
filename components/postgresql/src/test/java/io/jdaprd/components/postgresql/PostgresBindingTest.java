package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentException;
import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.bindings.BindingException;
import io.jdaprd.spi.bindings.BindingRequest;
import io.jdaprd.spi.bindings.BindingResponse;
import io.jdaprd.spi.state.SetRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bindings.postgres} against a private PostgreSQL: exec, query (the answer format of Dapr's binding, value
 * type by value type), close, parameters, the answer metadata, and the statements Dapr's Spring Data adapter
 * ({@code PostgreSQLDaprKeyValueAdapter}) sends over a {@code state.postgresql} table.
 */
@ExtendWith(SharedPostgres.class)
class PostgresBindingTest {
  private PostgresServer server;
  private String database;
  private PostgresBinding binding;

  @BeforeEach
  void setUp(PostgresServer server) throws Exception {
    this.server = server;
    database = server.createDatabase();
    binding = new PostgresBinding();
    binding.init(metadata(Map.of("connectionString", server.connectionString(database))));
  }

  @AfterEach
  void tearDown() {
    binding.close();
  }

  @Test
  void listsDaprsOperations() {
    assertThat(binding.operations()).containsExactly("exec", "query", "close");
  }

  @Test
  void execAnswersRowsAffectedAndTimes() throws Exception {
    exec("create table t (id int primary key, name text)");
    Instant before = Instant.now();
    BindingResponse insert = binding.invoke(request("exec", "insert into t values ($1, $2), ($3, $4)",
        "[1, \"one\", \"2\", \"two\"]"));
    assertThat(insert.data()).isEmpty();
    assertThat(insert.metadata()).containsEntry("operation", "exec")
        .containsEntry("sql", "insert into t values ($1, $2), ($3, $4)")
        .containsEntry("rows-affected", "2")
        .containsKeys("start-time", "end-time", "duration");
    Instant start = Instant.parse(insert.metadata().get("start-time"));
    assertThat(start).isBetween(before.minusSeconds(1), Instant.now());
    assertThat(insert.metadata().get("start-time")).endsWith("Z");
    assertThat(insert.metadata().get("duration")).matches("[0-9.]+(ns|µs|ms|s)");
    assertThat(exec("update t set name = upper(name)").metadata()).containsEntry("rows-affected", "2");
    assertThat(exec("delete from t where id = 7").metadata()).containsEntry("rows-affected", "0");
  }

  @Test
  void queryAnswersAJsonArrayOfRows() throws Exception {
    exec("create table t (id int, name text)");
    exec("insert into t values (1, 'a'), (2, null)");
    BindingResponse rows = binding.invoke(request("query", "select id, name from t where id >= $1 order by id",
        "[1]"));
    assertThat(text(rows)).isEqualTo("[[1,\"a\"],[2,null]]");
    assertThat(rows.metadata()).containsEntry("operation", "query").doesNotContainKey("rows-affected")
        .containsKeys("start-time", "end-time", "duration");
    assertThat(text(binding.invoke(request("query", "select * from t where id > 5", null)))).isEqualTo("[]");
  }

  @Test
  void parametersAreNumberedAsPostgresNumbersThem() throws Exception {
    assertThat(text(binding.invoke(request("query", "select $2::int + $1::int, $2::text, $1 || '?'",
        "[\"40\", 2]")))).isEqualTo("[[42,\"2\",\"40?\"]]");
    assertThat(text(binding.invoke(request("query", "select '{\"a\":1}'::jsonb ? $1, $2::jsonb, $3::bool,"
        + " $4::numeric, $5::int", "[\"a\", {\"k\": [1, 2.5]}, true, 1.25, null]"))))
        .isEqualTo("[[true,{\"k\":[1,2.5]},true,1.25,null]]");
    assertThatThrownBy(() -> binding.invoke(request("query", "select $1::int", "[1, 2]")))
        .hasMessage("error executing query: expected 1 arguments, got 2");
    assertThatThrownBy(() -> binding.invoke(request("query", "select $1::int", null)))
        .hasMessageStartingWith("error executing query: ERROR: ").hasMessageContaining("(SQLSTATE ");
  }

  @Test
  void valuesAreWrittenAsDaprWritesPgxValues() throws Exception {
    String sql = "select 7::int2, 8::int8, 1.5::float8, 0.1::float4, 12.50::numeric, true, 'x<y'::text,"
        + " 'ab'::char(3), '\\x0102'::bytea, '{\"b\":1.0,\"a\":[true,null]}'::jsonb,"
        + " '2024-01-02 03:04:05.123456+00'::timestamptz, '2024-01-02 03:04:05'::timestamp, '2024-01-02'::date,"
        + " '00010203-0405-0607-0809-0a0b0c0d0e0f'::uuid, array[1,2]::int[], array['p','q'], null::int";
    assertThat(text(binding.invoke(request("query", sql, null)))).isEqualTo("[[7,8,1.5,0.1,12.50,true,"
        + "\"x\\u003cy\",\"ab \",\"AQI=\",{\"a\":[true,null],\"b\":1},\"2024-01-02T03:04:05.123456Z\","
        + "\"2024-01-02T03:04:05Z\",\"2024-01-02T00:00:00Z\",[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],[1,2],"
        + "[\"p\",\"q\"],null]]");
  }

  /**
   * The statements of Dapr's Spring Data adapter over rows its {@code put} wrote: compact JSON with metadata
   * {@code contentType: application/json}, which the v1 store keeps as JSON (not as base64 bytes) so SQL sees it.
   */
  @Test
  void springDataStatementsWorkOnAStateTable() throws Exception {
    PostgresStateStore store = new PostgresStateStore();
    store.init(new ComponentMetadata("kvstore", PostgresStateStore.TYPE, "v1", "app",
        Map.of("connectionString", server.connectionString(database))));
    try {
      for (String[] user : new String[][] {{"1", "ann", "Dev"}, {"2", "bob", "Ops"}, {"3", "cid", "Dev"}}) {
        store.set(new SetRequest("kvstore||users-" + user[0], ("{\"id\":\"" + user[0] + "\",\"name\":\""
            + user[1] + "\",\"team\":\"" + user[2] + "\"}").getBytes(StandardCharsets.UTF_8), null,
            Map.of("contentType", "application/json"), null, null));
      }
    } finally {
      store.close();
    }
    assertThat(text(query("select value from state where key LIKE 'kvstore||users-%' order by key")))
        .isEqualTo("[[{\"id\":\"1\",\"name\":\"ann\",\"team\":\"Dev\"}],[{\"id\":\"2\",\"name\":\"bob\","
            + "\"team\":\"Ops\"}],[{\"id\":\"3\",\"name\":\"cid\",\"team\":\"Dev\"}]]");
    assertThat(text(query("select value from state where key LIKE 'kvstore||users-%' and "
        + "JSONB_EXTRACT_PATH_TEXT(value, 'team') = 'Dev' order by key"))).contains("ann", "cid")
        .doesNotContain("bob");
    assertThat(text(query("select count(*) as value from state where key LIKE 'kvstore||users-%'")))
        .isEqualTo("[[3]]");
    assertThat(text(query("select count(*) as value from state where key LIKE 'kvstore||users-%' and "
        + "JSONB_EXTRACT_PATH_TEXT(value, 'team') = 'Ops'"))).isEqualTo("[[1]]");
    assertThat(exec("delete from state where key LIKE 'kvstore||users-%'").metadata())
        .containsEntry("rows-affected", "3");
    assertThat(text(query("select count(*) as value from state where key LIKE 'kvstore||users-%'")))
        .isEqualTo("[[0]]");
  }

  @Test
  void failuresAreToldAsDaprTellsThem() throws Exception {
    assertThatThrownBy(() -> binding.invoke(request("query", null, null)))
        .isInstanceOf(BindingException.class).hasMessage("required metadata not set: sql");
    assertThatThrownBy(() -> binding.invoke(request("query", "select 1", "{\"a\":1}")))
        .hasMessage("invalid metadata property params: failed to unserialize into an array: json: cannot "
            + "unmarshal object into Go value of type []interface {}");
    assertThatThrownBy(() -> binding.invoke(request("query", "select 1", "[1,")))
        .hasMessageStartingWith("invalid metadata property params: failed to unserialize into an array: ");
    assertThatThrownBy(() -> query("select * from missing_table"))
        .hasMessage("error executing query: ERROR: relation \"missing_table\" does not exist (SQLSTATE 42P01)");
    assertThatThrownBy(() -> binding.invoke(request("exec", "insert into nope values (1)", null)))
        .hasMessage("error executing query: ERROR: relation \"nope\" does not exist (SQLSTATE 42P01)");
  }

  @Test
  void closeClosesAndMayBeRepeated() throws Exception {
    assertThat(binding.invoke(request("close", null, null))).isEqualTo(BindingResponse.EMPTY);
    assertThatThrownBy(() -> query("select 1")).hasMessage("component is closed");
    assertThat(binding.invoke(request("close", null, null))).isEqualTo(BindingResponse.EMPTY);
    assertThatThrownBy(() -> binding.init(metadata(Map.of("connectionString", server.connectionString(database)))))
        .hasMessage("cannot initialize a previously-closed component");
  }

  @Test
  void initFailsWhenTheDatabaseDoesNotAnswerWithoutThePassword() throws Exception {
    int port = PostgresServer.freePort();
    PostgresBinding other = new PostgresBinding();
    assertThatThrownBy(() -> other.init(metadata(Map.of("connectionString",
        "host=127.0.0.1 port=" + port + " user=u password=pw-s3cret database=d connect_timeout=1"))))
        .isInstanceOf(ComponentException.class)
        .hasMessageContaining("postgres binding db: failed to ping the DB")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("pw-s3cret"));
  }

  private BindingResponse exec(String sql) throws BindingException {
    return binding.invoke(request("exec", sql, null));
  }

  private BindingResponse query(String sql) throws BindingException {
    return binding.invoke(request("query", sql, null));
  }

  private static BindingRequest request(String operation, String sql, String params) {
    Map<String, String> metadata = new HashMap<>();
    if (sql != null) {
      metadata.put("sql", sql);
    }
    if (params != null) {
      metadata.put("params", params);
    }
    return new BindingRequest(operation, null, metadata);
  }

  private static String text(BindingResponse response) {
    return new String(response.data(), StandardCharsets.UTF_8);
  }

  private static ComponentMetadata metadata(Map<String, String> properties) {
    return new ComponentMetadata("db", PostgresBinding.TYPE, "v1", "app", properties);
  }
}
