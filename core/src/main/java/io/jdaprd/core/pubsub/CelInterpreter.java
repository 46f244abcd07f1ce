package io.jdaprd.core.pubsub;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Evaluates a checked {@link CelNode} tree with CEL's runtime semantics, as cel-go (daprd's evaluator) applies them.
 *
 * <p>Values: {@code Long} (int), {@link Uint}, {@code Double}, {@code String}, {@code Boolean}, {@code byte[]},
 * {@code null}, {@code List}, {@code Map}; an evaluation error is the value {@link Error}, so that {@code &&} and
 * {@code ||} can absorb it as CEL does ({@code false && error} is {@code false}). There are no implicit conversions:
 * {@code 1 + "a"} is an error. Equality is heterogeneous (values of different types are unequal, numbers compare by
 * value across int, uint and double) and so is ordering among numbers.
 */
final class CelInterpreter {

  /** An unsigned 64-bit CEL {@code uint}. */
  record Uint(long bits) {
    @Override
    public String toString() {
      return Long.toUnsignedString(bits) + "u";
    }
  }

  /** An evaluation error, carried as a value. */
  record Error(String message) {
  }

  private static final int MAX_PATTERN_CACHE = 64;
  private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

  /** Converts a JSON value (as Jackson or Go's decoder gives it) to CEL values: every JSON number is a double. */
  static Object fromJson(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> converted = new LinkedHashMap<>();
      map.forEach((k, v) -> converted.put(k, fromJson(v)));
      return converted;
    }
    if (value instanceof List<?> list) {
      List<Object> converted = new ArrayList<>(list.size());
      list.forEach(v -> converted.add(fromJson(v)));
      return converted;
    }
    if (value instanceof Number number) {
      return number.doubleValue();
    }
    return value;
  }

  /** Evaluates {@code node} with the variables in {@code scope}; never throws for data-dependent failures. */
  Object eval(CelNode node, Map<String, Object> scope) {
    return switch (node) {
      case CelNode.Literal literal -> literal.value();
      case CelNode.Ident ident -> scope.containsKey(ident.name()) ? scope.get(ident.name())
          : new Error("no such attribute: " + ident.name());
      case CelNode.Select select -> select(eval(select.operand(), scope), select.field(), select.testOnly());
      case CelNode.Index index -> index(eval(index.operand(), scope), eval(index.index(), scope));
      case CelNode.Call call -> call(call, scope);
      case CelNode.Unary unary -> unary(unary.operator(), eval(unary.operand(), scope));
      case CelNode.Binary binary -> binary(binary.operator(), eval(binary.left(), scope),
          eval(binary.right(), scope));
      case CelNode.Logical logical -> logical(logical, scope);
      case CelNode.Conditional conditional -> {
        Object condition = eval(conditional.condition(), scope);
        if (condition instanceof Boolean b) {
          yield eval(b ? conditional.whenTrue() : conditional.whenFalse(), scope);
        }
        yield condition instanceof Error ? condition : noOverload("_?_:_", condition);
      }
      case CelNode.ListLiteral list -> {
        List<Object> values = new ArrayList<>();
        for (CelNode element : list.elements()) {
          Object value = eval(element, scope);
          if (value instanceof Error) {
            yield value;
          }
          values.add(value);
        }
        yield values;
      }
      case CelNode.MapLiteral map -> mapLiteral(map, scope);
      case CelNode.Comprehension comprehension -> comprehension(comprehension, scope);
    };
  }

  private Object select(Object operand, String field, boolean testOnly) {
    if (operand instanceof Error) {
      return operand;
    }
    if (operand instanceof Map<?, ?> map) {
      if (testOnly) {
        return map.containsKey(field);
      }
      return map.containsKey(field) ? map.get(field) : new Error("no such key: " + field);
    }
    return new Error("type '" + typeName(operand) + "' does not support field selection");
  }

  private Object index(Object operand, Object index) {
    if (operand instanceof Error) {
      return operand;
    }
    if (index instanceof Error) {
      return index;
    }
    if (operand instanceof List<?> list) {
      Long position = wholeNumber(index);
      if (position == null) {
        return noOverload("_[_]", operand, index);
      }
      if (position < 0 || position >= list.size()) {
        return new Error("index out of bounds: " + position);
      }
      return list.get(position.intValue());
    }
    if (operand instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (equal(entry.getKey(), index)) {
          return entry.getValue();
        }
      }
      return new Error("no such key: " + display(index));
    }
    return noOverload("_[_]", operand, index);
  }

  private Object call(CelNode.Call call, Map<String, Object> scope) {
    List<Object> args = new ArrayList<>();
    if (call.target() != null) {
      args.add(eval(call.target(), scope));
    }
    for (CelNode arg : call.args()) {
      args.add(eval(arg, scope));
    }
    for (Object arg : args) {
      if (arg instanceof Error) {
        return arg;
      }
    }
    Object first = args.get(0);
    return switch (call.function()) {
      case "size" -> size(first);
      case "startsWith", "endsWith", "contains", "matches" -> stringFunction(call.function(), first, args.get(1));
      case "int" -> toInt(first);
      case "uint" -> toUint(first);
      case "double" -> toDouble(first);
      case "string" -> toStringValue(first);
      case "bool" -> toBool(first);
      case "dyn" -> first;
      default -> new Error("no such function: " + call.function());
    };
  }

  private static Object size(Object value) {
    return switch (value) {
      case String s -> (long) s.codePointCount(0, s.length());
      case byte[] bytes -> (long) bytes.length;
      case List<?> list -> (long) list.size();
      case Map<?, ?> map -> (long) map.size();
      default -> noOverload("size", value);
    };
  }

  private Object stringFunction(String function, Object target, Object arg) {
    if (!(target instanceof String s) || !(arg instanceof String other)) {
      return noOverload(function, target, arg);
    }
    return switch (function) {
      case "startsWith" -> s.startsWith(other);
      case "endsWith" -> s.endsWith(other);
      case "contains" -> s.contains(other);
      default -> matches(s, other);
    };
  }

  private Object matches(String s, String regex) {
    Pattern pattern = patterns.get(regex);
    if (pattern == null) {
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        return new Error("invalid regular expression: " + regex);
      }
      if (patterns.size() < MAX_PATTERN_CACHE) {
        patterns.putIfAbsent(regex, pattern);
      }
    }
    return pattern.matcher(s).find();
  }

  private static Object toInt(Object value) {
    return switch (value) {
      case Long l -> l;
      case Uint u -> u.bits() < 0 ? new Error("integer overflow") : (Object) u.bits();
      case Double d -> Double.isNaN(d) || d <= -0x1p63 || d >= 0x1p63 ? new Error("integer overflow")
          : (Object) (long) d.doubleValue();
      case String s -> {
        try {
          yield Long.parseLong(s);
        } catch (NumberFormatException e) {
          yield new Error("cannot convert string to int: " + s);
        }
      }
      default -> noOverload("int", value);
    };
  }

  private static Object toUint(Object value) {
    return switch (value) {
      case Uint u -> u;
      case Long l -> l < 0 ? new Error("unsigned integer overflow") : new Uint(l);
      case Double d -> Double.isNaN(d) || d < 0 || d >= 0x1p64 ? new Error("unsigned integer overflow")
          : new Uint(new BigDecimal(d).toBigInteger().longValue());
      case String s -> {
        try {
          yield new Uint(Long.parseUnsignedLong(s));
        } catch (NumberFormatException e) {
          yield new Error("cannot convert string to uint: " + s);
        }
      }
      default -> noOverload("uint", value);
    };
  }

  private static Object toDouble(Object value) {
    return switch (value) {
      case Double d -> d;
      case Long l -> l.doubleValue();
      case Uint u -> new BigDecimal(new BigInteger(Long.toUnsignedString(u.bits()))).doubleValue();
      case String s -> {
        try {
          yield Double.parseDouble(s);
        } catch (NumberFormatException e) {
          yield new Error("cannot convert string to double: " + s);
        }
      }
      default -> noOverload("double", value);
    };
  }

  private static Object toStringValue(Object value) {
    return switch (value) {
      case String s -> s;
      case Long l -> l.toString();
      case Uint u -> Long.toUnsignedString(u.bits());
      case Double d -> formatDouble(d);
      case Boolean b -> b.toString();
      case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
      default -> noOverload("string", value);
    };
  }

  private static Object toBool(Object value) {
    return switch (value) {
      case Boolean b -> b;
      case String s -> switch (s) {
        case "1", "t", "true", "TRUE", "True" -> Boolean.TRUE;
        case "0", "f", "false", "FALSE", "False" -> Boolean.FALSE;
        default -> new Error("cannot convert string to bool: " + s);
      };
      default -> noOverload("bool", value);
    };
  }

  private static Object unary(String operator, Object operand) {
    if (operand instanceof Error) {
      return operand;
    }
    if (operator.equals("!")) {
      return operand instanceof Boolean b ? (Object) !b : noOverload("!_", operand);
    }
    return switch (operand) {
      case Long l -> l == Long.MIN_VALUE ? new Error("integer overflow") : (Object) (-l);
      case Double d -> -d;
      default -> noOverload("-_", operand);
    };
  }

  private Object logical(CelNode.Logical logical, Map<String, Object> scope) {
    Object left = eval(logical.left(), scope);
    boolean absorbing = !logical.and();
    if (left instanceof Boolean b && b == absorbing) {
      return b;
    }
    Object right = eval(logical.right(), scope);
    if (right instanceof Boolean b && b == absorbing) {
      return b;
    }
    String name = logical.and() ? "_&&_" : "_||_";
    if (left instanceof Error) {
      return left;
    }
    if (!(left instanceof Boolean)) {
      return noOverload(name, left, right);
    }
    if (right instanceof Error) {
      return right;
    }
    return right instanceof Boolean ? right : noOverload(name, left, right);
  }

  private Object mapLiteral(CelNode.MapLiteral literal, Map<String, Object> scope) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < literal.keys().size(); i++) {
      Object key = eval(literal.keys().get(i), scope);
      if (key instanceof Error) {
        return key;
      }
      if (!(key instanceof String || key instanceof Long || key instanceof Uint || key instanceof Boolean)) {
        return new Error("unsupported key type: " + typeName(key));
      }
      Object value = eval(literal.values().get(i), scope);
      if (value instanceof Error) {
        return value;
      }
      if (map.containsKey(key)) {
        return new Error("repeated key: " + display(key));
      }
      map.put(key, value);
    }
    return map;
  }

  private Object comprehension(CelNode.Comprehension comprehension, Map<String, Object> scope) {
    Object range = eval(comprehension.range(), scope);
    if (range instanceof Error) {
      return range;
    }
    Iterator<?> items;
    if (range instanceof List<?> list) {
      items = list.iterator();
    } else if (range instanceof Map<?, ?> map) {
      items = map.keySet().iterator();
    } else {
      return noOverload(comprehension.macro(), range);
    }
    Map<String, Object> inner = new HashMap<>(scope);
    String macro = comprehension.macro();
    Object pendingError = null;
    long matched = 0;
    List<Object> produced = new ArrayList<>();
    while (items.hasNext()) {
      Object item = items.next();
      inner.put(comprehension.variable(), item);
      if (comprehension.filter() != null) {
        Object keep = eval(comprehension.filter(), inner);
        if (!(keep instanceof Boolean)) {
          return keep instanceof Error ? keep : noOverload(macro, keep);
        }
        if (!(Boolean) keep) {
          continue;
        }
      }
      Object result = eval(comprehension.body(), inner);
      if (macro.equals("map")) {
        if (result instanceof Error) {
          return result;
        }
        produced.add(result);
        continue;
      }
      if (!(result instanceof Boolean b)) {
        Object error = result instanceof Error ? result : noOverload(macro, result);
        if (macro.equals("exists") || macro.equals("all")) {
          pendingError = pendingError == null ? error : pendingError;
          continue;
        }
        return error;
      }
      switch (macro) {
        case "exists" -> {
          if (b) {
            return true;
          }
        }
        case "all" -> {
          if (!b) {
            return false;
          }
        }
        case "exists_one" -> matched += b ? 1 : 0;
        default -> {
          if (b) {
            produced.add(item);
          }
        }
      }
    }
    return switch (macro) {
      case "exists" -> pendingError != null ? pendingError : (Object) false;
      case "all" -> pendingError != null ? pendingError : (Object) true;
      case "exists_one" -> matched == 1;
      default -> produced;
    };
  }

  private static Object binary(String operator, Object left, Object right) {
    if (left instanceof Error) {
      return left;
    }
    if (right instanceof Error) {
      return right;
    }
    return switch (operator) {
      case "==" -> equal(left, right);
      case "!=" -> !equal(left, right);
      case "<", "<=", ">", ">=" -> {
        Integer order = compare(left, right);
        if (order == null) {
          yield noOverload("_" + operator + "_", left, right);
        }
        yield switch (operator) {
          case "<" -> order < 0;
          case "<=" -> order <= 0;
          case ">" -> order > 0;
          default -> order >= 0;
        };
      }
      case "in" -> in(left, right);
      default -> CelArithmetic.apply(operator, left, right);
    };
  }

  private static Object in(Object element, Object container) {
    if (container instanceof List<?> list) {
      return list.stream().anyMatch(item -> equal(element, item));
    }
    if (container instanceof Map<?, ?> map) {
      return map.keySet().stream().anyMatch(key -> equal(element, key));
    }
    return noOverload("@in", element, container);
  }

  /** CEL's heterogeneous equality: numbers by value across types, lists and maps deeply, other types unequal. */
  static boolean equal(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      Integer order = compareNumbers(a, b);
      return order != null && order == 0;
    }
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Arrays.equals(x, y);
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> entry : x.entrySet()) {
        Object other = y.containsKey(entry.getKey()) ? y.get(entry.getKey()) : MISSING;
        if (other == MISSING || !equal(entry.getValue(), other)) {
          return false;
        }
      }
      return true;
    }
    return a.getClass() == b.getClass() && a.equals(b);
  }

  private static final Object MISSING = new Object();

  /** The order of two values of one comparable type (or two numbers), or {@code null} when they have none. */
  static Integer compare(Object a, Object b) {
    if (isNumber(a) && isNumber(b)) {
      return compareNumbers(a, b);
    }
    if (a instanceof String x && b instanceof String y) {
      return Integer.signum(compareCodePoints(x, y));
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof byte[] x && b instanceof byte[] y) {
      return Integer.signum(Arrays.compareUnsigned(x, y));
    }
    return null;
  }

  private static int compareCodePoints(String x, String y) {
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      int cx = x.codePointAt(i);
      int cy = y.codePointAt(j);
      if (cx != cy) {
        return Integer.compare(cx, cy);
      }
      i += Character.charCount(cx);
      j += Character.charCount(cy);
    }
    return Boolean.compare(i < x.length(), j < y.length());
  }

  private static Integer compareNumbers(Object a, Object b) {
    if (a instanceof Double x && x.isNaN() || b instanceof Double y && y.isNaN()) {
      return null;
    }
    return Integer.signum(exact(a).compareTo(exact(b)));
  }

  private static BigDecimal exact(Object number) {
    return switch (number) {
      case Long l -> BigDecimal.valueOf(l);
      case Uint u -> new BigDecimal(Long.toUnsignedString(u.bits()));
      case Double d when d.isInfinite() -> BigDecimal.valueOf(d > 0 ? 1 : -1).scaleByPowerOfTen(400);
      default -> new BigDecimal((Double) number);
    };
  }

  static boolean isNumber(Object value) {
    return value instanceof Long || value instanceof Double || value instanceof Uint;
  }

  static Long wholeNumber(Object value) {
    return switch (value) {
      case Long l -> l;
      case Uint u -> u.bits() < 0 ? null : u.bits();
      case Double d when d == Math.rint(d) && Math.abs(d) < 0x1p62 -> (long) d.doubleValue();
      default -> null;
    };
  }

  static Error noOverload(String function, Object... args) {
    StringBuilder types = new StringBuilder();
    for (Object arg : args) {
      types.append(types.isEmpty() ? "" : ", ").append(typeName(arg));
    }
    return new Error("no such overload: " + function + "(" + types + ")");
  }

  static String typeName(Object value) {
    return switch (value) {
      case null -> "null_type";
      case Long l -> "int";
      case Uint u -> "uint";
      case Double d -> "double";
      case String s -> "string";
      case Boolean b -> "bool";
      case byte[] bytes -> "bytes";
      case List<?> list -> "list";
      case Map<?, ?> map -> "map";
      case Error e -> "error";
      default -> value.getClass().getSimpleName();
    };
  }

  private static String display(Object value) {
    return value instanceof String s ? s : String.valueOf(value);
  }

  private static String formatDouble(double d) {
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 1e21) {
      return new BigDecimal(d).toPlainString();
    }
    return Double.toString(d);
  }
}
