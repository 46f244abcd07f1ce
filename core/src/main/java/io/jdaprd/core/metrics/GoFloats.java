package io.jdaprd.core.metrics;

import java.math.BigDecimal;

/** Numbers as Go's {@code strconv.FormatFloat(v, 'g', -1, 64)} writes them, the form of daprd's exposition. */
final class GoFloats {
  private GoFloats() {
  }

  /** {@code v} in Go's shortest {@code %g} form: {@code 5}, {@code 0.25}, {@code 1e+06}, {@code +Inf}, {@code NaN}. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return "0";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return Long.toString((long) v);
    }
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - d.scale();
    StringBuilder out = new StringBuilder();
    if (v < 0) {
      out.append('-');
    }
    if (exp < -4 || exp >= 6) {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      out.append('e').append(exp < 0 ? '-' : '+');
      int a = Math.abs(exp);
      if (a < 10) {
        out.append('0');
      }
      return out.append(a).toString();
    }
    if (exp < 0) {
      out.append("0.");
      out.append("0".repeat(-exp - 1)).append(digits);
    } else if (digits.length() <= exp + 1) {
      out.append(digits).append("0".repeat(exp + 1 - digits.length()));
    } else {
      out.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return out.toString();
  }
}
