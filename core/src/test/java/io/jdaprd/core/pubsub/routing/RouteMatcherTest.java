package io.jdaprd.core.pubsub.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RouteMatcherTest {

  private static final Map<String, Object> EVENT = json("""
      {"id": "1", "type": "order.created", "source": "shop", "specversion": "1.0", "topic": "orders",
       "my-key": "x", "time": "2021-01-01T00:00:00Z",
       "data": {"n": 5, "price": 2.5, "name": "Widget", "tags": ["a", "b"], "nested": {"k": "v"},
                "flag": true, "nothing": null, "big": 10000000000, "unicode": "é"}}
      """);

  private enum Outcome { MATCH, NO_MATCH, FAIL }

  static Stream<Arguments> expressions() {
    return Stream.of(
        // field access, both quotes, index syntax
        Arguments.of("event.type == \"order.created\"", Outcome.MATCH),
        Arguments.of("event.type == 'order.created'", Outcome.MATCH),
        Arguments.of("event[\"type\"] == \"order.created\"", Outcome.MATCH),
        Arguments.of("event['my-key'] == 'x'", Outcome.MATCH),
        Arguments.of("event.type != \"order.created\"", Outcome.NO_MATCH),
        Arguments.of(".event.source == 'shop'", Outcome.MATCH),
        // JSON numbers are doubles: cross-type comparison works, arithmetic with an int does not
        Arguments.of("event.data.n == 5", Outcome.MATCH),
        Arguments.of("event.data.n == 5.0", Outcome.MATCH),
        Arguments.of("event.data.n >= 5u", Outcome.MATCH),
        Arguments.of("event.data.n > 3 && event.data.n <= 5", Outcome.MATCH),
        Arguments.of("event.data.n < 5", Outcome.NO_MATCH),
        Arguments.of("event.data.price > 2", Outcome.MATCH),
        Arguments.of("event.data.big == 10000000000", Outcome.MATCH),
        Arguments.of("event.data.n + 1 == 6", Outcome.FAIL),
        Arguments.of("event.data.n + 1.0 == 6.0", Outcome.MATCH),
        Arguments.of("int(event.data.n) + 1 == 6", Outcome.MATCH),
        Arguments.of("event.data.n % 2 == 1", Outcome.FAIL),
        Arguments.of("-event.data.n < 0.0", Outcome.MATCH),
        Arguments.of("event.data.n / 0.0 > 1e300", Outcome.MATCH),
        Arguments.of("string(event.data.price) == '2.5'", Outcome.MATCH),
        // no implicit conversions between strings and numbers
        Arguments.of("event.data.name == 5", Outcome.NO_MATCH),
        Arguments.of("event.data.name < 5", Outcome.FAIL),
        Arguments.of("event.id == 1", Outcome.NO_MATCH),
        // booleans and null
        Arguments.of("event.data.flag", Outcome.MATCH),
        Arguments.of("!event.data.flag", Outcome.NO_MATCH),
        Arguments.of("event.data.flag == true", Outcome.MATCH),
        Arguments.of("event.data.nothing == null", Outcome.MATCH),
        Arguments.of("event.data.name != null", Outcome.MATCH),
        Arguments.of("true", Outcome.MATCH),
        Arguments.of("false", Outcome.NO_MATCH),
        Arguments.of("null == null", Outcome.MATCH),
        // missing keys and has()
        Arguments.of("event.data.missing == 1", Outcome.FAIL),
        Arguments.of("event.absent.x == 1", Outcome.FAIL),
        Arguments.of("has(event.data.n)", Outcome.MATCH),
        Arguments.of("has(event.data.missing)", Outcome.NO_MATCH),
        Arguments.of("has(event.data.nothing)", Outcome.MATCH),
        Arguments.of("has(event.data.name.x)", Outcome.FAIL),
        Arguments.of("has(event.absent.x)", Outcome.FAIL),
        Arguments.of("has(event.subject) && event.subject == 'x'", Outcome.NO_MATCH),
        // && and || absorb an error when the other side decides
        Arguments.of("event.data.missing == 1 || event.type == 'order.created'", Outcome.MATCH),
        Arguments.of("event.type == 'order.created' || event.data.missing == 1", Outcome.MATCH),
        Arguments.of("event.data.missing == 1 && false", Outcome.NO_MATCH),
        Arguments.of("false && event.data.missing == 1", Outcome.NO_MATCH),
        Arguments.of("event.data.missing == 1 && true", Outcome.FAIL),
        Arguments.of("event.data.missing == 1 || false", Outcome.FAIL),
        Arguments.of("event.data.name && true", Outcome.FAIL),
        Arguments.of("(event.data.n > 10 || event.data.price < 3.0) && event.source == 'shop'", Outcome.MATCH),
        Arguments.of("!(event.data.n > 10)", Outcome.MATCH),
        // in, lists and maps
        Arguments.of("'a' in event.data.tags", Outcome.MATCH),
        Arguments.of("'z' in event.data.tags", Outcome.NO_MATCH),
        Arguments.of("'k' in event.data.nested", Outcome.MATCH),
        Arguments.of("'type' in event", Outcome.MATCH),
        Arguments.of("event.data.n in [1, 5, 9]", Outcome.MATCH),
        Arguments.of("event.type in ['order.created', 'order.updated']", Outcome.MATCH),
        Arguments.of("event.type in {'order.created': 1}", Outcome.MATCH),
        Arguments.of("'a' in event.data.name", Outcome.FAIL),
        Arguments.of("event.data.tags == ['a', 'b']", Outcome.MATCH),
        Arguments.of("event.data.nested == {'k': 'v'}", Outcome.MATCH),
        Arguments.of("event.data.tags[0] == 'a'", Outcome.MATCH),
        Arguments.of("event.data.tags[5] == 'a'", Outcome.FAIL),
        Arguments.of("event.data.tags + ['c'] == ['a', 'b', 'c']", Outcome.MATCH),
        // string functions
        Arguments.of("event.type.startsWith('order.')", Outcome.MATCH),
        Arguments.of("event.type.endsWith('.created')", Outcome.MATCH),
        Arguments.of("event.type.endsWith('.deleted')", Outcome.NO_MATCH),
        Arguments.of("event.type.contains('der')", Outcome.MATCH),
        Arguments.of("event.type.matches('^order\\\\.(created|updated)$')", Outcome.MATCH),
        Arguments.of("event.type.matches('created')", Outcome.MATCH),
        Arguments.of("matches(event.type, '^created')", Outcome.NO_MATCH),
        Arguments.of("event.type.matches('(')", Outcome.FAIL),
        Arguments.of("event.data.n.startsWith('5')", Outcome.FAIL),
        Arguments.of("event.source + '/' + event.type == 'shop/order.created'", Outcome.MATCH),
        Arguments.of("event.data.unicode == '\\u00e9' && size(event.data.unicode) == 1", Outcome.MATCH),
        Arguments.of("r'a\\b' == 'a\\\\b'", Outcome.MATCH),
        Arguments.of("'''multi \"quoted\"''' == \"multi \\\"quoted\\\"\"", Outcome.MATCH),
        // size
        Arguments.of("size(event.data.tags) == 2", Outcome.MATCH),
        Arguments.of("event.data.tags.size() == 2", Outcome.MATCH),
        Arguments.of("size(event.data.name) == 6", Outcome.MATCH),
        Arguments.of("size(event.data.nested) == 1", Outcome.MATCH),
        Arguments.of("size(event.data.n) == 1", Outcome.FAIL),
        // macros, conditional
        Arguments.of("event.data.tags.exists(t, t == 'b')", Outcome.MATCH),
        Arguments.of("event.data.tags.all(t, t.size() == 1)", Outcome.MATCH),
        Arguments.of("event.data.tags.exists_one(t, t in ['a', 'z'])", Outcome.MATCH),
        Arguments.of("event.data.tags.filter(t, t != 'a') == ['b']", Outcome.MATCH),
        Arguments.of("event.data.tags.map(t, t + t) == ['aa', 'bb']", Outcome.MATCH),
        Arguments.of("event.data.tags.exists(t, t.x == 1)", Outcome.FAIL),
        Arguments.of("event.type == 'order.created' ? event.data.flag : false", Outcome.MATCH),
        // results that are not booleans and unbound variables fail
        Arguments.of("event.type", Outcome.FAIL),
        Arguments.of("event.data.nothing", Outcome.FAIL),
        Arguments.of("foo == 1", Outcome.FAIL),
        Arguments.of("9223372036854775807 + 1 > 0", Outcome.FAIL),
        Arguments.of("-9223372036854775808 < 0", Outcome.MATCH),
        Arguments.of("1 / 0 == 0", Outcome.FAIL));
  }

  static Stream<Arguments> libraryExpressions() {
    return Stream.of(
        // timestamps and durations (RFC 3339 strings, Go duration strings), as cel-go has them
        Arguments.of("timestamp(event.time) > timestamp('2020-01-01T00:00:00Z')", Outcome.MATCH),
        Arguments.of("timestamp(event.time) < timestamp('2020-01-01T00:00:00Z')", Outcome.NO_MATCH),
        Arguments.of("timestamp(event.time) - timestamp('2020-12-31T00:00:00Z') == duration('24h')", Outcome.MATCH),
        Arguments.of("timestamp(event.time) + duration('1h30m') == timestamp('2021-01-01T01:30:00Z')",
            Outcome.MATCH),
        Arguments.of("timestamp(event.time).getFullYear() == 2021", Outcome.MATCH),
        Arguments.of("timestamp(event.time).getHours('Europe/Paris') == 1", Outcome.MATCH),
        Arguments.of("duration('1.5h') == duration('90m')", Outcome.MATCH),
        Arguments.of("duration('1h').getMinutes() == 60", Outcome.MATCH),
        Arguments.of("duration('-1s') < duration('0s')", Outcome.MATCH),
        Arguments.of("timestamp(event.type) > timestamp(0)", Outcome.FAIL),
        Arguments.of("duration(event.type) > duration('1s')", Outcome.FAIL),
        // has(): presence of a map key, an error on a non-map
        Arguments.of("has(event.data.n) && !has(event.data.missing)", Outcome.MATCH),
        Arguments.of("has(event.data.nested.k)", Outcome.MATCH),
        Arguments.of("has(event.time)", Outcome.MATCH),
        // exists, all, exists_one over lists and map keys; size on lists, maps, strings
        Arguments.of("event.data.tags.exists(t, t == 'b')", Outcome.MATCH),
        Arguments.of("event.data.tags.exists(t, t.size() > 5)", Outcome.NO_MATCH),
        Arguments.of("event.data.tags.all(t, t in ['a', 'b'])", Outcome.MATCH),
        Arguments.of("event.data.tags.all(t, t == 'a')", Outcome.NO_MATCH),
        Arguments.of("event.data.nested.exists(k, k == 'k')", Outcome.MATCH),
        Arguments.of("event.data.nested.all(k, event.data.nested[k] == 'v')", Outcome.MATCH),
        Arguments.of("[].exists(x, x == 1)", Outcome.NO_MATCH),
        Arguments.of("[].all(x, x == 1)", Outcome.MATCH),
        Arguments.of("[1, 'a'].exists(x, x == 'a')", Outcome.MATCH),
        Arguments.of("event.data.tags.exists_one(t, t == 'a')", Outcome.MATCH),
        Arguments.of("event.data.tags.all(t, t > 1)", Outcome.FAIL),
        Arguments.of("size(event.data.tags) == 2 && size(event.data.nested) == 1 && size('é') == 1", Outcome.MATCH),
        Arguments.of("event.data.tags.map(t, size(t)).all(n, n == 1)", Outcome.MATCH),
        Arguments.of("event.data.tags.filter(t, t == 'b').size() == 1", Outcome.MATCH));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("libraryExpressions")
  void timestampsDurationsAndMacrosWorkAsInCelGo(String match, Outcome expected) {
    evaluatesAsDaprdDoes(match, expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("expressions")
  void evaluatesAsDaprdDoes(String match, Outcome expected) {
    RouteMatcher matcher = RouteMatcher.compile(List.of(new RouteRule(match, "/hit")), "");
    RouteMatcher.Result result = matcher.route(EVENT);
    switch (expected) {
      case MATCH -> assertThat(result).isEqualTo(new RouteMatcher.Deliver("/hit"));
      case NO_MATCH -> assertThat(result).isEqualTo(new RouteMatcher.NoMatch());
      case FAIL -> assertThat(result).isInstanceOfSatisfying(RouteMatcher.Failed.class,
          failed -> assertThat(failed.match()).isEqualTo(match));
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "event.type ==", "event.type = 'x'", "event.type == 'x')", "(event.type == 'x'", "'unterminated",
      "event.type == 'a\"", "1 + 'a'", "!'x'", "size(1)", "1 == 'a'", "'a' < 1", "[1] < [2]", "-'a'",
      "1 in 2", "event.foo()", "lower(event.type)", "timestamp(true) > timestamp(event.time)",
      "has(event)", "has(event.a, event.b)", "event.tags.exists(1, true)", "9223372036854775808",
      "'\\q'", "if", "Msg{a: 1}", "duration(true)", "1.startsWith('1')", "event..type",
      "'x'.foo", "true ? 1", "1 % 2.0 == 1.0"})
  void rejectsWhatDoesNotCompile(String match) {
    assertThatThrownBy(() -> RouteMatcher.compile(List.of(new RouteRule(match, "/p")), ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("match: " + match + " (expected: a CEL expression: ")
        .hasMessageEndingWith(")");
  }

  @Test
  void aCompileErrorNamesTheReason() {
    assertThatThrownBy(() -> RouteMatcher.compile(List.of(new RouteRule("1 + 'a'", "/p")), ""))
        .hasMessage("match: 1 + 'a' (expected: a CEL expression: "
            + "found no matching overload for '_+_' applied to '(int, string)')");
    assertThatThrownBy(() -> RouteMatcher.compile(List.of(new RouteRule("event.type ==", "/p")), ""))
        .hasMessage("match: event.type == (expected: a CEL expression: "
            + "syntax error at column 14: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', "
            + "'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER})");
  }

  @Test
  void deeplyNestedOrOverlongExpressionsAreRejectedNotOverflowed() {
    String deep = "(".repeat(5000) + "true" + ")".repeat(5000);
    assertThatThrownBy(() -> RouteMatcher.compile(List.of(new RouteRule(deep, "/p")), ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recursion limit exceeded");
    String overlong = "!".repeat(100_000) + "true";
    assertThatThrownBy(() -> RouteMatcher.compile(List.of(new RouteRule(overlong, "/p")), ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds limit");
  }

  @Test
  void aLongChainOfOrsIsBalancedAsCelGoDoes() {
    String chain = String.join(" || ", java.util.Collections.nCopies(5000, "false")) + " || true";
    assertThat(RouteMatcher.compile(List.of(new RouteRule(chain, "/p")), "").route(EVENT))
        .isEqualTo(new RouteMatcher.Deliver("/p"));
  }

  @Test
  void rulesAreTriedInOrderAndTheFirstMatchWins() {
    RouteMatcher matcher = RouteMatcher.compile(List.of(
        new RouteRule("event.type == 'order.deleted'", "/deleted"),
        new RouteRule("event.type.startsWith('order.')", "/orders"),
        new RouteRule("true", "/never")), "/default");
    assertThat(matcher.route(EVENT)).isEqualTo(new RouteMatcher.Deliver("/orders"));
    assertThat(matcher.route(Map.of("type", "other"))).isEqualTo(new RouteMatcher.Deliver("/never"));
  }

  @Test
  void theDefaultPathCatchesWhatNoRuleMatches() {
    RouteMatcher matcher = RouteMatcher.compile(List.of(new RouteRule("event.type == 'x'", "/x")), "/default");
    assertThat(matcher.route(EVENT)).isEqualTo(new RouteMatcher.Deliver("/default"));
    assertThat(matcher.route(EVENT).deliverPath()).contains("/default");
  }

  @Test
  void withoutDefaultAnUnmatchedEventIsNotDelivered() {
    RouteMatcher matcher = RouteMatcher.compile(List.of(new RouteRule("event.type == 'x'", "/x")), null);
    assertThat(matcher.route(EVENT)).isEqualTo(new RouteMatcher.NoMatch());
    assertThat(matcher.route(EVENT).deliverPath()).isEmpty();
  }

  @Test
  void anEmptyOrBlankMatchCatchesEverythingWhereItStands() {
    RouteMatcher matcher = RouteMatcher.compile(List.of(
        new RouteRule("event.type == 'x'", "/x"), new RouteRule("  ", "/all"), new RouteRule("true", "/later")), "");
    assertThat(matcher.route(EVENT)).isEqualTo(new RouteMatcher.Deliver("/all"));
    assertThat(RouteMatcher.compile(List.of(new RouteRule(null, "/all")), "").evaluatesEvents()).isFalse();
  }

  @Test
  void aSubscriptionWithoutRulesDeliversEverythingToItsDefaultEvenAnEmptyOne() {
    assertThat(RouteMatcher.compile(List.of(), "/orders").route(EVENT)).isEqualTo(new RouteMatcher.Deliver("/orders"));
    assertThat(RouteMatcher.compile(List.of(), "").route(EVENT)).isEqualTo(new RouteMatcher.Deliver(""));
  }

  @Test
  void aFailingRuleStopsRoutingEvenWhenALaterRuleWouldMatch() {
    RouteMatcher matcher = RouteMatcher.compile(List.of(
        new RouteRule("event.data.missing == 1", "/m"), new RouteRule("true", "/all")), "/default");
    RouteMatcher.Result result = matcher.route(EVENT);
    assertThat(result).isInstanceOfSatisfying(RouteMatcher.Failed.class, failed -> {
      assertThat(failed.match()).isEqualTo("event.data.missing == 1");
      assertThat(failed.reason()).contains("'missing'");
    });
    assertThat(result.deliverPath()).isEmpty();
  }

  @Test
  void compilesFromATopicSubscription() {
    TopicSubscription subscription = new TopicSubscription("pubsub", "orders",
        List.of(new RouteRule("event.data.n > 4", "/big")), "/small", Map.of(), "", null,
        TopicSubscription.Source.DECLARATIVE);
    RouteMatcher matcher = RouteMatcher.of(subscription);
    assertThat(matcher.evaluatesEvents()).isTrue();
    assertThat(matcher.route(EVENT)).isEqualTo(new RouteMatcher.Deliver("/big"));
    assertThat(matcher.route(json("{\"data\": {\"n\": 1}}"))).isEqualTo(new RouteMatcher.Deliver("/small"));
  }

  @Test
  void bytesDataOfABinaryModeEventHasASize() {
    RouteMatcher matcher = RouteMatcher.compile(List.of(new RouteRule("size(event.data) == 3", "/p")), "");
    assertThat(matcher.route(Map.of("data", new byte[] {1, 2, 3}))).isEqualTo(new RouteMatcher.Deliver("/p"));
  }

  private static Map<String, Object> json(String text) {
    try {
      return new ObjectMapper().readValue(text, new TypeReference<>() { });
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
