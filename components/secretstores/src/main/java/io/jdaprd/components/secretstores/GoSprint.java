package io.jdaprd.components.secretstores;

import java.math.BigDecimal;

/**
 * What Go's {@code fmt.Sprintf("%s", v)} writes for a value decoded from JSON, which the local file store applies
 * to every leaf: a string as is, anything else as Go's bad-verb text ({@code %!s(float64=5432)},
 * {@code %!s(bool=true)}, {@code %!s(<nil>)}).
 */
final class GoSprint {
  private GoSprint() {
  }

  /** {@code %s} of a JSON leaf: a {@link String}, {@link Boolean}, {@link Number} (a float64 in Go) or null. */
  static String percentS(Object leaf) {
    return switch (leaf) {
      case null -> "%!s(<nil>)";
      case String s -> s;
      case Boolean b -> "%!s(bool=" + b + ")";
      case Number n -> "%!s(float64=" + formatG(n.doubleValue()) + ")";
      default -> String.valueOf(leaf);
    };
  }

  /**
   * Go's {@code %v} of a float64 ({@code strconv.FormatFloat(f, 'g', -1, 64)}): the shortest digits, in exponent
   * form ({@code 1.5e+06}) when the decimal exponent is below -4 or at least 6.
   */
  static String formatG(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    if (f == 0) {
      return 1 / f < 0 ? "-0" : "0";
    }
    String sign = f < 0 ? "-" : "";
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(f))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - d.scale() - 1;
    if (exp < -4 || exp >= 6) {
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      String e = String.valueOf(Math.abs(exp));
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
    }
    return sign + d.toPlainString();
  }
}
