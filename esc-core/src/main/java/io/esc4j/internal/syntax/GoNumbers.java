package io.esc4j.internal.syntax;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.regex.Pattern;

/** Number parsing and formatting as the reference evaluator's Go libraries do it. */
public final class GoNumbers {
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final BigInteger MAX_U64 = new BigInteger("18446744073709551615");
  private static final BigInteger MIN_I64 = BigInteger.valueOf(Long.MIN_VALUE);

  private GoNumbers() {}

  /**
   * Parses an integer the way Go's {@code ParseInt(s, 0, 64)} then {@code ParseUint} do.
   *
   * @param s the text
   * @return the decimal text, or {@code null} when not an integer
   */
  public static String parseInt(String s) {
    if (s.isEmpty()) {
      return null;
    }
    boolean neg = false;
    String t = s;
    if (t.charAt(0) == '+' || t.charAt(0) == '-') {
      neg = t.charAt(0) == '-';
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      return null;
    }
    int radix = 10;
    if (t.length() > 1 && t.charAt(0) == '0') {
      char c = Character.toLowerCase(t.charAt(1));
      if (c == 'x') {
        radix = 16;
        t = t.substring(2);
      } else if (c == 'o') {
        radix = 8;
        t = t.substring(2);
      } else if (c == 'b') {
        radix = 2;
        t = t.substring(2);
      } else {
        radix = 8;
        t = t.substring(1);
      }
    }
    if (t.isEmpty()) {
      return null;
    }
    for (int i = 0; i < t.length(); i++) {
      if (Character.digit(t.charAt(i), radix) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(t, radix);
    if (neg) {
      v = v.negate();
      if (v.compareTo(MIN_I64) < 0) {
        return null;
      }
    } else if (v.compareTo(MAX_U64) > 0) {
      return null;
    }
    return v.toString();
  }

  /**
   * Parses a YAML float and formats it like Go's {@code FormatFloat(f, 'g', -1, 64)}.
   *
   * @param s the text
   * @return the formatted text, or {@code null} when not a float
   */
  public static String parseFloat(String s) {
    switch (s) {
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
        return "+Inf";
      }
      case "-.inf", "-.Inf", "-.INF" -> {
        return "-Inf";
      }
      case ".nan", ".NaN", ".NAN" -> {
        return "NaN";
      }
      default -> { }
    }
    if (!FLOAT.matcher(s).matches()) {
      return null;
    }
    double d = Double.parseDouble(s);
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    return formatG(d);
  }

  /**
   * Formats a double like Go's {@code %g} with the shortest round-trip precision.
   *
   * @param d the value
   * @return the text
   */
  public static String formatG(double d) {
    if (d == 0) {
      return (1 / d < 0) ? "-0" : "0";
    }
    BigDecimal shortest = null;
    for (int p = 1; p <= 17; p++) {
      BigDecimal b = new BigDecimal(d).round(new MathContext(p));
      if (b.doubleValue() == d) {
        shortest = b;
        break;
      }
    }
    if (shortest == null) {
      shortest = new BigDecimal(d);
    }
    shortest = shortest.stripTrailingZeros();
    String digits = shortest.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - shortest.scale(); // decimal exponent of first digit
    String sign = shortest.signum() < 0 ? "-" : "";
    if (exp < -4 || exp >= 6) {
      StringBuilder sb = new StringBuilder(sign).append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) {
        sb.append('0');
      }
      return sb.append(ae).toString();
    }
    return sign + shortest.abs().toPlainString();
  }
}
