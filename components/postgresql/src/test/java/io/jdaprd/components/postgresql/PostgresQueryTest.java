package io.jdaprd.components.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jdaprd.spi.ComponentMetadata;
import io.jdaprd.spi.state.DeleteRequest;
import io.jdaprd.spi.state.GetRequest;
import io.jdaprd.spi.state.Query;
import io.jdaprd.spi.state.Query.Filter;
import io.jdaprd.spi.state.QueryResult;
import io.jdaprd.spi.state.SetRequest;
import io.jdaprd.spi.state.StateException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedPostgres.class)
class PostgresQueryTest {
  private PostgresStateStore store;
  private String appA;
  private String appB;

  @BeforeEach
  void setUp(PostgresServer server) throws Exception {
    store = new PostgresStateStore();
    store.init(new ComponentMetadata("querystore", PostgresStateStore.TYPE, version(), "app",
        Map.of("connectionString", server.connectionString(server.database("query_" + version())))));
    String run = UUID.randomUUID().toString().substring(0, 8);
    appA = "a-" + run + "||";
    appB = "b-" + run + "||";
    for (String app : List.of(appA, appB)) {
      put(app + "1", "{\"person\":{\"org\":\"Dev Ops\",\"id\":1036},\"city\":\"Seattle\",\"state\":\"WA\"}");
      put(app + "2", "{\"person\":{\"org\":\"Hardware\",\"id\":1028},\"city\":\"Portland\",\"state\":\"OR\"}");
      put(app + "3", "{\"person\":{\"org\":\"Finance\",\"id\":99},\"city\":\"Sacramento\",\"state\":\"CA\"}");
      put(app + "4", "{\"person\":{\"org\":\"Dev Ops\",\"id\":1000},\"city\":\"Spokane\",\"state\":\"WA\"}");
      put(app + "5", "{\"person\":{\"org\":\"Finance\",\"id\":7},\"city\":\"Seattle\",\"state\":\"WA\"}");
      put(app + "6", "{\"person\":{\"org\":\"Hardware\",\"id\":1500},\"city\":\"San Diego\",\"state\":\"CA\"}");
    }
    store.set(new SetRequest(appA + "binary", new byte[] {'{', (byte) 0xff, '}'}, null, Map.of(), null, null));
    put(appA + "text", "plain text, not JSON");
  }

  /** The component version under test: v1 here, v2 in {@link PostgresV2QueryTest}. */
  String version() {
    return "v1";
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  @DisplayName("EQ on a nested field")
  void eqOnNestedField() throws Exception {
    assertThat(keys(query(appA, new Filter.Eq("person.org", "Dev Ops"), List.of(), 0, null)))
        .containsExactly("1", "4");
  }

  @Test
  @DisplayName("IN matches any of the values")
  void in() throws Exception {
    assertThat(keys(query(appA, new Filter.In("state", List.of("CA", "OR")), List.of(), 0, null)))
        .containsExactly("2", "3", "6");
  }

  @Test
  @DisplayName("AND and OR combine filters")
  void andOr() throws Exception {
    Filter filter = new Filter.And(List.of(new Filter.Eq("state", "WA"),
        new Filter.Or(List.of(new Filter.Eq("person.org", "Finance"), new Filter.Eq("city", "Spokane")))));
    assertThat(keys(query(appA, filter, List.of(), 0, null))).containsExactly("4", "5");
  }

  @Test
  @DisplayName("JSON equality: numbers by value, never equal to strings")
  void typedEquality() throws Exception {
    assertThat(keys(query(appA, new Filter.Eq("person.id", 1036L), List.of(), 0, null))).containsExactly("1");
    assertThat(keys(query(appA, new Filter.Eq("person.id", 1036.0), List.of(), 0, null))).containsExactly("1");
    assertThat(keys(query(appA, new Filter.Eq("person.id", "1036"), List.of(), 0, null))).isEmpty();
  }

  @Test
  @DisplayName("sort descending orders numbers by value")
  void sortDescending() throws Exception {
    QueryResult result = query(appA, null, List.of(new Query.Sort("person.id", true)), 0, null);
    assertThat(keys(result)).containsExactly("6", "1", "2", "4", "3", "5");
    assertThat(result.token()).as("no limit, no next page").isNull();
  }

  @Test
  @DisplayName("pages follow each other through the token, and the last has none")
  void pagingWithToken() throws Exception {
    List<Query.Sort> sort = List.of(new Query.Sort("state", false), new Query.Sort("person.id", true));
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      QueryResult page = query(appA, null, sort, 4, token);
      assertThat(page.items()).hasSizeLessThanOrEqualTo(4);
      seen.addAll(keys(page));
      token = page.token();
      pages++;
    } while (token != null);
    assertThat(pages).isEqualTo(2);
    assertThat(seen).containsExactly("6", "3", "2", "1", "4", "5");
    assertThatThrownBy(() -> query(appA, null, sort, 2, "not-a-token"))
        .isInstanceOf(StateException.class).hasMessageContaining("state store querystore: query failed");
  }

  @Test
  @DisplayName("a query sees only the keys of its prefix")
  void prefixIsolation() throws Exception {
    QueryResult a = query(appA, new Filter.Eq("state", "WA"), List.of(), 0, null);
    QueryResult b = query(appB, new Filter.Eq("state", "WA"), List.of(), 0, null);
    assertThat(a.items()).allSatisfy(i -> assertThat(i.key()).startsWith(appA));
    assertThat(b.items()).allSatisfy(i -> assertThat(i.key()).startsWith(appB));
    assertThat(keys(b)).containsExactly("1", "4", "5");
    store.delete(new DeleteRequest(appB + "1", null, Map.of(), null, null));
    assertThat(keys(query(appA, new Filter.Eq("state", "WA"), List.of(), 0, null))).containsExactly("1", "4", "5");
  }

  @Test
  @DisplayName("results carry the stored bytes and ETags; non-JSON and expired values never match")
  void resultsAndExclusions() throws Exception {
    store.set(new SetRequest(appA + "expired", utf8("{\"state\":\"WA\"}"), null, Map.of("ttlInSeconds", "1"),
        null, null));
    Thread.sleep(1100);
    QueryResult all = query(appA, null, List.of(), 0, null);
    assertThat(keys(all)).containsExactly("1", "2", "3", "4", "5", "6");
    QueryResult.Item first = all.items().get(0);
    assertThat(new String(first.data(), StandardCharsets.UTF_8))
        .isEqualTo("{\"person\":{\"org\":\"Dev Ops\",\"id\":1036},\"city\":\"Seattle\",\"state\":\"WA\"}");
    assertThat(first.etag()).isEqualTo(store.get(new GetRequest(appA + "1", Map.of(), null)).orElseThrow().etag());
  }

  private QueryResult query(String prefix, Filter filter, List<Query.Sort> sort, int limit, String token)
      throws StateException {
    return store.query(new Query(prefix, filter, sort, limit, token, Map.of()));
  }

  private List<String> keys(QueryResult result) {
    return result.items().stream().map(i -> i.key().substring(i.key().indexOf("||") + 2)).toList();
  }

  private void put(String key, String json) throws StateException {
    store.set(new SetRequest(key, utf8(json), null, Map.of(), null, null));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
