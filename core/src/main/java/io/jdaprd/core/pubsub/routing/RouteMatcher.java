package io.jdaprd.core.pubsub.routing;

import dev.cel.runtime.CelEvaluationException;
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
 * <p>A match is a CEL expression over the variable {@code event}, the CloudEvent as a map, compiled and evaluated by
 * Google's CEL for Java with the environment daprd gives cel-go: the standard functions and macros ({@code has},
 * {@code exists}, {@code all}, {@code exists_one}, {@code map}, {@code filter}, {@code size}, {@code timestamp},
 * {@code duration}, ...), and every free identifier declared dynamic. JSON numbers are doubles (compare them with ints
 * freely, but {@code event.data.n + 1} is an error: write {@code + 1.0}), a missing key is an error, and {@code &&} and
 * {@code ||} absorb an error when the other side decides.
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

  private RouteMatcher(List<CompiledRule> rules, Optional<String> catchAll) {
    this.rules = rules;
    this.catchAll = catchAll;
    this.needsEvaluation = rules.stream().anyMatch(rule -> rule.expression() != null);
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

  private static CelRules.Program compileExpression(String match) {
    try {
      return CelRules.compile(match);
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
   * @param event the CloudEvent as a map, as Jackson parses it (any {@code Number} counts as a double, a
   *     {@code byte[]} as bytes); for a raw payload in a bulk subscription, the payload as a string (as daprd
   *     matches it)
   */
  public Result route(Object event) {
    Objects.requireNonNull(event, "event");
    Map<String, Object> activation = null;
    for (CompiledRule rule : rules) {
      if (rule.expression() == null) {
        return new Deliver(rule.path());
      }
      Object outcome;
      try {
        activation = activation == null ? CelRules.activation(event) : activation;
        outcome = CelRules.evaluate(rule.expression(), activation);
      } catch (CelEvaluationException e) {
        return new Failed(rule.match(), e.getMessage());
      }
      if (!(outcome instanceof Boolean matched)) {
        return new Failed(rule.match(), "the result of the match expression was not a boolean but " + outcome);
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

  private record CompiledRule(String match, CelRules.Program expression, String path) {
  }
}
