package io.jdaprd.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.domain.ComponentMetadata;
import io.dapr.client.domain.SaveStateRequest;
import io.dapr.client.domain.State;
import io.dapr.config.Properties;
import io.dapr.exceptions.DaprException;
import io.dapr.utils.TypeRef;
import io.jdaprd.components.postgresql.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code bindings.postgresql} through the whole sidecar, driven by the Java SDK's {@code DaprClient.invokeBinding}
 * exactly as Dapr's Spring Data adapter ({@code PostgreSQLDaprKeyValueAdapter}) drives it: entities saved with
 * {@code saveBulkState} and {@code contentType: application/json} into a {@code state.postgresql} v1 store with
 * {@code keyPrefix: name}, then found, counted and deleted with SQL over the binding's {@code query} and
 * {@code exec}; plus the metadata the adapter's resolver looks for, parameters, and a failing statement.
 */
class PostgresBindingJavaSdkTest {
  private static final TypeRef<List<List<Object>>> ROWS = new TypeRef<>() {
  };
  private static final TypeRef<List<List<Long>>> COUNTS = new TypeRef<>() {
  };
  private static PostgresServer postgres;
  private static SidecarProcess sidecar;
  private static DaprClient client;

  @BeforeAll
  static void start() throws Exception {
    postgres = PostgresServer.start();
    String connection = postgres.connectionString(postgres.createDatabase());
    Path resources = Files.createTempDirectory(Locations.targetDir(), "pg-binding-resources");
    Files.writeString(resources.resolve("kvstore.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: kvstore
        spec:
          type: state.postgresql
          version: v1
          metadata:
          - name: connectionString
            value: "%s"
          - name: keyPrefix
            value: name
        """.formatted(connection));
    Files.writeString(resources.resolve("kvbinding.yaml"), """
        apiVersion: dapr.io/v1alpha1
        kind: Component
        metadata:
          name: kvbinding
        spec:
          type: bindings.postgresql
          version: v1
          metadata:
          - name: connectionString
            value: "%s"
        """.formatted(connection));
    sidecar = SidecarProcess.withAppId("it-pg-binding").resources(resources).start();
    client = new DaprClientBuilder()
        .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.HTTP_PORT, String.valueOf(sidecar.httpPort()))
        .withPropertyOverride(Properties.GRPC_PORT, String.valueOf(sidecar.grpcPort()))
        .build();
  }

  @AfterAll
  static void stop() throws Exception {
    if (client != null) {
      client.close();
    }
    if (sidecar != null) {
      sidecar.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void theMetadataShowsWhatTheSpringDataResolverLooksFor() {
    List<ComponentMetadata> components = client.getMetadata().block().getComponents();
    assertThat(components).anySatisfy(c -> {
      assertThat(c.getName()).isEqualTo("kvbinding");
      assertThat(c.getType() + "-" + c.getVersion()).isEqualTo("bindings.postgresql-v1");
    });
    assertThat(components).anySatisfy(c -> {
      assertThat(c.getName()).isEqualTo("kvstore");
      assertThat(c.getType() + "-" + c.getVersion()).isEqualTo("state.postgresql-v1");
    });
  }

  @Test
  void execAndQueryWithParameters() {
    exec("create table items (id int primary key, name text, price numeric)");
    client.invokeBinding("kvbinding", "exec", null, Map.of("sql",
        "insert into items values ($1, $2, $3), ($4, $5, $6)", "params", "[1, \"one\", 1.50, \"2\", \"two\", 3]"))
        .block();
    List<List<Object>> rows = client.invokeBinding("kvbinding", "query", null,
        Map.of("sql", "select id, name, price from items where id >= $1 order by id", "params", "[1]"), ROWS)
        .block();
    assertThat(rows).containsExactly(List.of(1, "one", 1.5), List.of(2, "two", 3));
  }

  @Test
  void theSpringDataAdaptersCallsWork() {
    SaveStateRequest save = new SaveStateRequest("kvstore").setStates(
        user("1", "ann", "Dev"), user("2", "bob", "Ops"), user("3", "cid", "Dev"));
    client.saveBulkState(save).block();

    List<List<Object>> all = query("select value from state where key LIKE 'kvstore||users-%' order by key", ROWS);
    assertThat(all).extracting(row -> (Object) ((Map<?, ?>) row.get(0)).get("name")).containsExactly("ann", "bob", "cid");
    List<List<Object>> dev = query("select value from state where key LIKE 'kvstore||users-%' and "
        + "JSONB_EXTRACT_PATH_TEXT(value, 'team') = 'Dev' order by key", ROWS);
    assertThat(dev).extracting(row -> (Object) ((Map<?, ?>) row.get(0)).get("id")).containsExactly("1", "3");
    assertThat(query("select count(*) as value from state where key LIKE 'kvstore||users-%'", COUNTS))
        .containsExactly(List.of(3L));
    assertThat(query("select count(*) as value from state where key LIKE 'kvstore||users-%' and "
        + "JSONB_EXTRACT_PATH_TEXT(value, 'team') = 'Ops'", COUNTS)).containsExactly(List.of(1L));

    exec("delete from state where key LIKE 'kvstore||users-%'");
    assertThat(query("select count(*) as value from state where key LIKE 'kvstore||users-%'", COUNTS))
        .containsExactly(List.of(0L));
  }

  @Test
  void aFailingStatementIsErrInvokeOutputBinding() {
    DaprException e = catchThrowableOfType(DaprException.class,
        () -> client.invokeBinding("kvbinding", "query", null, Map.of("sql", "select * from no_such_table"))
            .block());
    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("error invoking output binding kvbinding")
        .contains("error executing query: ERROR: relation \"no_such_table\" does not exist (SQLSTATE 42P01)");
  }

  private static State<Object> user(String id, String name, String team) {
    return new State<>("users-" + id, Map.of("id", id, "name", name, "team", team), null,
        Map.of("contentType", "application/json"), null);
  }

  private static void exec(String sql) {
    client.invokeBinding("kvbinding", "exec", null, Map.of("sql", sql)).block();
  }

  private static <T> T query(String sql, TypeRef<T> type) {
    return client.invokeBinding("kvbinding", "query", null, Map.of("sql", sql), type).block();
  }
}
