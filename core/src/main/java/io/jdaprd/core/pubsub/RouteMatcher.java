package io.jdaprd.core.pubsub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Chooses the app path of an event from a subscription's routing rules, as daprd does.
 *
 * <p>The rules are tried in order; the first whose {@code match} holds gives the path. A rule with an empty (or blank)
 * match holds for every event. After the rules, the subscription's default path catches every event, when it has
 * one. A subscription with no rules at all delivers every event to its default path, even an empty one (what a gRPC
 * app that lists a topic without routes gets).
 *
 * <p>A match is a CEL expression over the variable {@code event}, the CloudEvent as a map, with CEL's semantics as
 * daprd's evaluator (cel-go) applies them: no implicit conversions, JSON numbers are doubles (compare them with ints
 * freely, but {@code event.data.n + 1} is an error: write {@code + 1.0}), a missing key is an error, {@code &&} and
 * {@code ||} absorb an error when the other side decides. Supported: literals (int, uint, double, string in either
 * quote, raw and triple-quoted strings, bool, null, lists, maps), field selection and indexing, the operators
 * {@code == != < <= > >= in && || ! + - * / % ?:}, {@code has()}, {@code size}, {@code startsWith},
 * {@code endsWith}, {@code contains}, {@code matches}, the conversions {@code int uint double string bool dyn} and the
 * macros {@code exists all exists_one filter map}. Not supported (rejected when the subscription is compiled):
 * bytes literals, timestamps and durations, {@code type()}, message construction.
 *
 * <p>When a match fails to evaluate for an event (a missing key, a type mismatch, a result that is not a boolean),
 * daprd stops routing that event and treats it as a failed delivery: it goes to the dead-letter topic when there is
 * one, else back to the broker for a retry. {@link #route} reports that as {@link Failed}, distinct from
 * {@link NoMatch} (which daprd acknowledges and drops).
 *
 * <p>Instances are immutable and safe to share between threads. The CEL compiler is loaded only when a subscription
 * has rules with expressions.
 */
public final class RouteMatcher {

  private final List<CompiledRule> rules;
  private final Optional<String> catchAll;
  private final boolean needsEvaluation;
  private final CelInterpreter interpreter;

  private RouteMatcher(List<CompiledRule> rules, Optional<String> catchAll) {
    this.rules = rules;
    this.catchAll = catchAll;
    this.needsEvaluation = rules.stream().anyMatch(rule -> rule.expression() != null);
    this.interpreter = needsEvaluation ? new CelInterpreter() : null;
  }

  /**
   * Compiles the routing of one subscription.
   *
   * @throws IllegalArgumentException when a match is not a valid CEL expression, with the message
   *     {@code match: <expression> (expected: a CEL expression: <reason>)}
   */
  public static RouteMatcher of(TopicSubscription subscription) {
    return compile(subscription.rules(), subscription.defaultPath());
  }

  /**
   * Compiles routing rules followed by a default path ({@code null} or empty for none).
   *
   * @throws IllegalArgumentException when a match is not a valid CEL expression, with the message
   *     {@code match: <expression> (expected: a CEL expression: <reason>)}
   */
  public static RouteMatcher compile(List<RouteRule> rules, String defaultPath) {
    String fallback = defaultPath == null ? "" : defaultPath;
    List<CompiledRule> compiled = new ArrayList<>(rules.size());
    for (RouteRule rule : rules) {
      String match = rule.match().strip();
      compiled.add(new CompiledRule(rule.match(), match.isEmpty() ? null : compileExpression(match), rule.path()));
    }
    Optional<String> catchAll = !fallback.isEmpty() || rules.isEmpty() ? Optional.of(fallback) : Optional.empty();
    return new RouteMatcher(List.copyOf(compiled), catchAll);
  }

  private static CelNode compileExpression(String match) {
    try {
      CelNode node = CelParser.parse(match);
      CelChecker.check(node);
      return node;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("match: " + match + " (expected: a CEL expression: " + e.getMessage() + ")",
          e);
    } catch (StackOverflowError e) {
      throw new IllegalArgumentException("match: " + match + " (expected: a CEL expression: nested too deeply)");
    }
  }

  /** The outcome of routing one event. */
  public sealed interface Result permits Deliver, NoMatch, Failed {
    /** The path to deliver to, or empty when the event is not delivered. */
    default Optional<String> deliverPath() {
      return this instanceof Deliver deliver ? Optional.of(deliver.path()) : Optional.empty();
    }
  }

  /** Deliver the event to {@code path}. */
  public record Deliver(String path) implements Result {
  }

  /** No rule matched and there is no default path: daprd acknowledges the event (and dead-letters it if it can). */
  public record NoMatch() implements Result {
  }

  /**
   * A match could not be evaluated for this event: daprd logs it and dead-letters the event, or returns it to the
   * broker for a retry when there is no dead-letter topic.
   *
   * @param match the rule's expression
   * @param reason why it failed, for the log (it may name a missing key or a type)
   */
  public record Failed(String match, String reason) implements Result {
  }

  /**
   * Routes one event.
   *
   * @param event the CloudEvent as a map, as Jackson parses it (any {@code Number} counts as a double)
   */
  public Result route(Map<String, Object> event) {
    Map<String, Object> scope = needsEvaluation
        ? Map.of("event", CelInterpreter.fromJson(Objects.requireNonNull(event, "event"))) : Map.of();
    for (CompiledRule rule : rules) {
      if (rule.expression() == null) {
        return new Deliver(rule.path());
      }
      Object outcome = interpreter.eval(rule.expression(), scope);
      if (outcome instanceof CelInterpreter.Error error) {
        return new Failed(rule.match(), error.message());
      }
      if (!(outcome instanceof Boolean matched)) {
        return new Failed(rule.match(), "the result of the match expression was not a boolean but "
            + CelInterpreter.typeName(outcome));
      }
      if (matched) {
        return new Deliver(rule.path());
      }
    }
    return catchAll.<Result>map(Deliver::new).orElseGet(NoMatch::new);
  }

  /** Whether any rule needs an expression evaluated (else {@link #route} never looks at the event). */
  public boolean evaluatesEvents() {
    return needsEvaluation;
  }

  private record CompiledRule(String match, CelNode expression, String path) {
  }
}
