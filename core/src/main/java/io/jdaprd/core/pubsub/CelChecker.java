package io.jdaprd.core.pubsub;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compile-time checks daprd's CEL environment applies to a routing rule. Every variable is dynamic (daprd
 * declares each free identifier as {@code dyn}), so only what the literals, operators and function results fix can
 * be checked: a call of a function CEL does not define, or an operator or function applied to statically known types
 * it has no overload for ({@code 1 + "a"}, {@code !"x"}, {@code size(1)}), is rejected; anything involving
 * {@code event} is left to evaluation.
 *
 * <p>One leniency: ints, uints and doubles may be compared with each other even when both are literals (cel-go
 * accepts that only with its cross-type comparison option; at run time it always compares them).
 */
final class CelChecker {

  /** A static type; {@code DYN} is unknown until evaluation. */
  enum Type {
    INT, UINT, DOUBLE, STRING, BOOL, BYTES, NULL, LIST, MAP, DYN;

    String celName() {
      return this == NULL ? "null_type" : name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean isNumber() {
      return this == INT || this == UINT || this == DOUBLE;
    }
  }

  private static final Set<String> STRING_METHODS = Set.of("startsWith", "endsWith", "contains", "matches");
  private static final Map<String, Set<Type>> CONVERSIONS = Map.of(
      "int", Set.of(Type.INT, Type.UINT, Type.DOUBLE, Type.STRING),
      "uint", Set.of(Type.INT, Type.UINT, Type.DOUBLE, Type.STRING),
      "double", Set.of(Type.INT, Type.UINT, Type.DOUBLE, Type.STRING),
      "string", Set.of(Type.INT, Type.UINT, Type.DOUBLE, Type.STRING, Type.BOOL, Type.BYTES),
      "bool", Set.of(Type.BOOL, Type.STRING));

  private CelChecker() {
  }

  /**
   * The static type of {@code node}.
   *
   * @throws IllegalArgumentException when the expression cannot type-check
   */
  static Type check(CelNode node) {
    return switch (node) {
      case CelNode.Literal literal -> literalType(literal.value());
      case CelNode.Ident ident -> Type.DYN;
      case CelNode.Select select -> {
        Type operand = check(select.operand());
        if (operand != Type.MAP && operand != Type.DYN) {
          throw new IllegalArgumentException("type '" + operand.celName() + "' does not support field selection");
        }
        yield select.testOnly() ? Type.BOOL : Type.DYN;
      }
      case CelNode.Index index -> {
        Type operand = check(index.operand());
        Type key = check(index.index());
        boolean ok = operand == Type.DYN || operand == Type.MAP
            || operand == Type.LIST && (key == Type.INT || key == Type.UINT || key == Type.DYN);
        if (!ok) {
          throw noOverload("_[_]", operand, key);
        }
        yield Type.DYN;
      }
      case CelNode.Call call -> call(call);
      case CelNode.Unary unary -> {
        Type operand = check(unary.operand());
        if (unary.operator().equals("!")) {
          expectBool("!_", operand);
          yield Type.BOOL;
        }
        if (operand != Type.INT && operand != Type.DOUBLE && operand != Type.DYN) {
          throw noOverload("-_", operand);
        }
        yield operand;
      }
      case CelNode.Binary binary -> binary(binary.operator(), check(binary.left()), check(binary.right()));
      case CelNode.Logical logical -> {
        String name = logical.and() ? "_&&_" : "_||_";
        expectBool(name, check(logical.left()));
        expectBool(name, check(logical.right()));
        yield Type.BOOL;
      }
      case CelNode.Conditional conditional -> {
        expectBool("_?_:_", check(conditional.condition()));
        Type whenTrue = check(conditional.whenTrue());
        Type whenFalse = check(conditional.whenFalse());
        yield whenTrue == whenFalse ? whenTrue : Type.DYN;
      }
      case CelNode.ListLiteral list -> {
        list.elements().forEach(CelChecker::check);
        yield Type.LIST;
      }
      case CelNode.MapLiteral map -> {
        for (CelNode key : map.keys()) {
          Type type = check(key);
          if (type != Type.STRING && type != Type.INT && type != Type.UINT && type != Type.BOOL
              && type != Type.DYN) {
            throw new IllegalArgumentException("unsupported map key type: " + type.celName());
          }
        }
        map.values().forEach(CelChecker::check);
        yield Type.MAP;
      }
      case CelNode.Comprehension comprehension -> {
        Type range = check(comprehension.range());
        if (range != Type.LIST && range != Type.MAP && range != Type.DYN) {
          throw new IllegalArgumentException("expression of type '" + range.celName()
              + "' cannot be range of a comprehension (must be list, map, or dynamic)");
        }
        if (comprehension.filter() != null) {
          expectBool(comprehension.macro(), check(comprehension.filter()));
        }
        Type body = check(comprehension.body());
        boolean mapping = comprehension.macro().equals("map") || comprehension.macro().equals("filter");
        if (!comprehension.macro().equals("map")) {
          expectBool(comprehension.macro(), body);
        }
        yield mapping ? Type.LIST : Type.BOOL;
      }
    };
  }

  private static Type call(CelNode.Call call) {
    String name = call.function();
    List<Type> args = call.args().stream().map(CelChecker::check).toList();
    Type target = call.target() == null ? null : check(call.target());
    if (name.equals("size")) {
      Type operand = target != null && args.isEmpty() ? target
          : target == null && args.size() == 1 ? args.get(0) : null;
      if (operand == null || !Set.of(Type.STRING, Type.BYTES, Type.LIST, Type.MAP, Type.DYN).contains(operand)) {
        throw noOverload(name, types(target, args));
      }
      return Type.INT;
    }
    if (STRING_METHODS.contains(name)) {
      Type receiver = target != null ? target : name.equals("matches") && args.size() == 2 ? args.get(0) : null;
      List<Type> rest = target != null ? args : args.size() == 2 ? args.subList(1, 2) : List.of();
      if (receiver == null || rest.size() != 1 || !isStringLike(receiver) || !isStringLike(rest.get(0))) {
        throw noOverload(name, types(target, args));
      }
      return Type.BOOL;
    }
    if (target == null && (CONVERSIONS.containsKey(name) || name.equals("dyn"))) {
      if (args.size() != 1) {
        throw noOverload(name, types(null, args));
      }
      if (name.equals("dyn")) {
        return Type.DYN;
      }
      if (args.get(0) != Type.DYN && !CONVERSIONS.get(name).contains(args.get(0))) {
        throw noOverload(name, types(null, args));
      }
      return Type.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
    throw new IllegalArgumentException("undeclared reference to '" + name + "'");
  }

  private static Type binary(String operator, Type left, Type right) {
    boolean dynamic = left == Type.DYN || right == Type.DYN;
    String name = operator.equals("in") ? "@in" : "_" + operator + "_";
    switch (operator) {
      case "==", "!=" -> {
        if (!dynamic && left != right && left != Type.NULL && right != Type.NULL
            && !(left.isNumber() && right.isNumber())) {
          throw noOverload(name, List.of(left, right));
        }
        return Type.BOOL;
      }
      case "<", "<=", ">", ">=" -> {
        Set<Type> ordered = Set.of(Type.INT, Type.UINT, Type.DOUBLE, Type.STRING, Type.BOOL, Type.BYTES, Type.DYN);
        boolean ok = ordered.contains(left) && ordered.contains(right)
            && (dynamic || left == right || left.isNumber() && right.isNumber());
        if (!ok) {
          throw noOverload(name, List.of(left, right));
        }
        return Type.BOOL;
      }
      case "in" -> {
        if (right != Type.LIST && right != Type.MAP && right != Type.DYN) {
          throw noOverload(name, List.of(left, right));
        }
        return Type.BOOL;
      }
      default -> {
        if (dynamic) {
          return left == Type.DYN ? right : left;
        }
        Set<Type> allowed = switch (operator) {
          case "+" -> Set.of(Type.INT, Type.UINT, Type.DOUBLE, Type.STRING, Type.BYTES, Type.LIST);
          case "%" -> Set.of(Type.INT, Type.UINT);
          default -> Set.of(Type.INT, Type.UINT, Type.DOUBLE);
        };
        if (left != right || !allowed.contains(left)) {
          throw noOverload(name, List.of(left, right));
        }
        return left;
      }
    }
  }

  private static Type literalType(Object value) {
    return switch (value) {
      case null -> Type.NULL;
      case Long l -> Type.INT;
      case CelInterpreter.Uint u -> Type.UINT;
      case Double d -> Type.DOUBLE;
      case String s -> Type.STRING;
      case Boolean b -> Type.BOOL;
      default -> Type.DYN;
    };
  }

  private static boolean isStringLike(Type type) {
    return type == Type.STRING || type == Type.DYN;
  }

  private static void expectBool(String function, Type type) {
    if (type != Type.BOOL && type != Type.DYN) {
      throw noOverload(function, List.of(type));
    }
  }

  private static List<Type> types(Type target, List<Type> args) {
    if (target == null) {
      return args;
    }
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(target), args.stream()).toList();
  }

  private static IllegalArgumentException noOverload(String function, Type... types) {
    return noOverload(function, List.of(types));
  }

  private static IllegalArgumentException noOverload(String function, List<Type> types) {
    return new IllegalArgumentException("found no matching overload for '" + function + "' applied to '("
        + String.join(", ", types.stream().map(Type::celName).toList()) + ")'");
  }
}
