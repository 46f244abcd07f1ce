package io.jdaprd.core.pubsub.routing;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Routing-rule expressions on Google's CEL for Java, set up as daprd sets up cel-go: the standard library and macros,
 * and every free identifier declared dynamic (daprd declares each name the checker reports as undeclared, then
 * compiles again). The environment is built on first use, so a sidecar whose subscriptions have no rules never loads
 * the CEL library. Public for the other users of daprd's expressions (the circuit breakers' {@code trip}).
 */
public final class CelRules {
  private static final String UNDECLARED = "undeclared reference to '";
  private static final int MAX_DECLARATIONS = 1000;

  private CelRules() {
  }

  /** The environment every rule starts from; built when a rule is first compiled. */
  private static final class Base {
    static final Cel CEL = CelFactory.standardCelBuilder()
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
        .build();
  }

  /** One compiled rule. */
  public record Program(CelRuntime.Program program) {
  }

  /**
   * Compiles {@code match}.
   *
   * @throws IllegalArgumentException when it does not parse or type-check; the message gives the reason(s), a syntax
   *     error as {@code syntax error at column N: ...}
   */
  public static Program compile(String match) {
    Cel cel = Base.CEL;
    CelAbstractSyntaxTree parsed = parse(cel, match);
    Set<String> declared = new LinkedHashSet<>();
    while (true) {
      CelValidationResult checked = cel.check(parsed);
      if (!checked.hasError()) {
        return new Program(program(cel, checked));
      }
      Set<String> undeclared = new LinkedHashSet<>();
      for (CelIssue issue : checked.getErrors()) {
        String name = undeclaredName(issue.getMessage());
        if (name == null || declared.contains(name)) {
          throw new IllegalArgumentException(reasons(checked.getErrors(), false));
        }
        undeclared.add(name);
      }
      declared.addAll(undeclared);
      if (declared.size() > MAX_DECLARATIONS) {
        throw new IllegalArgumentException("more than " + MAX_DECLARATIONS + " variables");
      }
      var builder = Base.CEL.toCelBuilder();
      declared.forEach(name -> builder.addVar(name, SimpleType.DYN));
      cel = builder.build();
    }
  }

  private static CelAbstractSyntaxTree parse(Cel cel, String match) {
    CelValidationResult parsed = cel.parse(match);
    if (parsed.hasError()) {
      throw new IllegalArgumentException(reasons(parsed.getErrors(), true));
    }
    try {
      return parsed.getAst();
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(reasons(e.getErrors(), true), e);
    }
  }

  private static CelRuntime.Program program(Cel cel, CelValidationResult checked) {
    try {
      return cel.createProgram(checked.getAst());
    } catch (CelValidationException e) {
      throw new IllegalArgumentException(reasons(e.getErrors(), false), e);
    } catch (CelEvaluationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static String undeclaredName(String message) {
    if (!message.startsWith(UNDECLARED)) {
      return null;
    }
    int end = message.indexOf('\'', UNDECLARED.length());
    if (end < 0) {
      return null;
    }
    String name = message.substring(UNDECLARED.length(), end);
    return name.startsWith(".") ? name.substring(1) : name;
  }

  private static String reasons(List<CelIssue> issues, boolean syntax) {
    return issues.stream().map(issue -> {
      String message = issue.getMessage();
      int candidates = message.indexOf(" (candidates: ");
      String text = candidates < 0 ? message : message.substring(0, candidates);
      int column = issue.getSourceLocation().getColumn();
      return syntax && column >= 0 ? "syntax error at column " + (column + 1) + ": " + text : text;
    }).collect(Collectors.joining("; "));
  }

  /** The variables a rule is evaluated with: {@code event}, the CloudEvent converted by {@link #celValue}. */
  static Map<String, Object> activation(Object event) {
    return Map.of("event", celValue(event));
  }

  /**
   * Evaluates a compiled rule.
   *
   * @param activation from {@link #activation}
   * @return the result ({@code Boolean} for a well-formed rule)
   * @throws CelEvaluationException when the rule fails for this event (a missing key, no overload for the values)
   */
  public static Object evaluate(Program rule, Map<String, Object> activation) throws CelEvaluationException {
    return rule.program().eval(activation);
  }

  /**
   * The CEL value of a JSON-like Java value, as cel-go sees Go's decoded JSON: every number is a double, {@code null}
   * is CEL's null, {@code byte[]} is bytes; maps and lists are converted deeply.
   */
  static Object celValue(Object value) {
    return switch (value) {
      case null -> NullValue.NULL_VALUE;
      case Number number -> number.doubleValue();
      case byte[] bytes -> CelByteString.of(bytes);
      case Map<?, ?> map -> {
        Map<Object, Object> converted = new LinkedHashMap<>(map.size() * 2);
        map.forEach((k, v) -> converted.put(k, celValue(v)));
        yield converted;
      }
      case List<?> list -> {
        List<Object> converted = new ArrayList<>(list.size());
        list.forEach(v -> converted.add(celValue(v)));
        yield converted;
      }
      default -> value;
    };
  }
}
