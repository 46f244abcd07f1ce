package io.jdaprd.core.pubsub;

import java.util.ArrayList;
import java.util.List;

/**
 * CEL's arithmetic operators ({@code + - * / %}): both operands of one type, no implicit conversion; int overflow,
 * division by zero and modulus by zero are errors; {@code +} also concatenates strings, bytes and lists.
 */
final class CelArithmetic {

  private CelArithmetic() {
  }

  static Object apply(String operator, Object left, Object right) {
    try {
      if (left instanceof Long a && right instanceof Long b) {
        return switch (operator) {
          case "+" -> Math.addExact(a, b);
          case "-" -> Math.subtractExact(a, b);
          case "*" -> Math.multiplyExact(a, b);
          case "/" -> b == 0 ? new CelInterpreter.Error("divide by zero")
              : a == Long.MIN_VALUE && b == -1 ? new CelInterpreter.Error("integer overflow") : (Object) (a / b);
          default -> b == 0 ? new CelInterpreter.Error("modulus by zero")
              : a == Long.MIN_VALUE && b == -1 ? (Object) 0L : (Object) (a % b);
        };
      }
      if (left instanceof CelInterpreter.Uint a && right instanceof CelInterpreter.Uint b) {
        return unsigned(operator, a.bits(), b.bits());
      }
    } catch (ArithmeticException e) {
      return new CelInterpreter.Error("integer overflow");
    }
    if (left instanceof Double a && right instanceof Double b) {
      return switch (operator) {
        case "+" -> a + b;
        case "-" -> a - b;
        case "*" -> a * b;
        case "/" -> a / b;
        default -> CelInterpreter.noOverload("_%_", left, right);
      };
    }
    if (operator.equals("+")) {
      if (left instanceof String a && right instanceof String b) {
        return a + b;
      }
      if (left instanceof byte[] a && right instanceof byte[] b) {
        byte[] joined = new byte[a.length + b.length];
        System.arraycopy(a, 0, joined, 0, a.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
      }
      if (left instanceof List<?> a && right instanceof List<?> b) {
        List<Object> joined = new ArrayList<>(a);
        joined.addAll(b);
        return joined;
      }
    }
    return CelInterpreter.noOverload("_" + operator + "_", left, right);
  }

  private static Object unsigned(String operator, long a, long b) {
    return switch (operator) {
      case "+" -> {
        long sum = a + b;
        yield Long.compareUnsigned(sum, a) < 0 ? new CelInterpreter.Error("unsigned integer overflow")
            : new CelInterpreter.Uint(sum);
      }
      case "-" -> Long.compareUnsigned(a, b) < 0 ? new CelInterpreter.Error("unsigned integer overflow")
          : new CelInterpreter.Uint(a - b);
      case "*" -> {
        long high = Math.unsignedMultiplyHigh(a, b);
        yield high != 0 ? new CelInterpreter.Error("unsigned integer overflow") : new CelInterpreter.Uint(a * b);
      }
      case "/" -> b == 0 ? new CelInterpreter.Error("divide by zero")
          : new CelInterpreter.Uint(Long.divideUnsigned(a, b));
      default -> b == 0 ? new CelInterpreter.Error("modulus by zero")
          : new CelInterpreter.Uint(Long.remainderUnsigned(a, b));
    };
  }
}
