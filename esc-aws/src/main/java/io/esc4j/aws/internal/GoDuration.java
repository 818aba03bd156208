package io.esc4j.aws.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go {@code time.ParseDuration} syntax ({@code 1h30m}, {@code 15m}, {@code 90s}, {@code 1.5h}),
 * the form ESC documents write durations in, and Go's {@code Duration.String()} form for messages.
 */
final class GoDuration {
  private static final Pattern PART =
      Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)");

  private GoDuration() {}

  /**
   * Parses a duration into whole seconds (fractions of a second are dropped, as Go's
   * {@code int64(d.Seconds())} does).
   *
   * @throws IllegalArgumentException when the text is not a Go duration
   */
  static long parseSeconds(String text) {
    String s = text.trim();
    boolean negative = false;
    if (s.startsWith("-") || s.startsWith("+")) {
      negative = s.startsWith("-");
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    Matcher m = PART.matcher(s);
    int pos = 0;
    BigDecimal nanos = BigDecimal.ZERO;
    while (pos < s.length()) {
      if (!m.find(pos) || m.start() != pos) {
        throw new IllegalArgumentException("not a duration");
      }
      BigDecimal n = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
      nanos = nanos.add(n.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
      pos = m.end();
    }
    long seconds = nanos.divide(BigDecimal.valueOf(1_000_000_000L), 0, RoundingMode.DOWN).longValue();
    return negative ? -seconds : seconds;
  }

  private static long unitNanos(String unit) {
    switch (unit) {
      case "ns":
        return 1L;
      case "us":
      case "µs":
      case "μs":
        return 1_000L;
      case "ms":
        return 1_000_000L;
      case "s":
        return 1_000_000_000L;
      case "m":
        return 60_000_000_000L;
      default:
        return 3_600_000_000_000L;
    }
  }

  /** Formats whole seconds as Go does: {@code 15m0s}, {@code 1h0m0s}, {@code 45s}. */
  static String format(long seconds) {
    if (seconds == 0) {
      return "0s";
    }
    String sign = seconds < 0 ? "-" : "";
    long s = Math.abs(seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    if (h > 0) {
      return String.format(Locale.ROOT, "%s%dh%dm%ds", sign, h, m, sec);
    }
    if (m > 0) {
      return String.format(Locale.ROOT, "%s%dm%ds", sign, m, sec);
    }
    return String.format(Locale.ROOT, "%s%ds", sign, sec);
  }
}
