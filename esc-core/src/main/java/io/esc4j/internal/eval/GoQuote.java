package io.esc4j.internal.eval;

import java.nio.charset.StandardCharsets;

/** Go's {@code strconv.Quote}, used where the reference renders values as text. */
final class GoQuote {
  private GoQuote() {}

  static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      switch (cp) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case 0x07 -> sb.append("\\a");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case 0x0b -> sb.append("\\v");
        default -> {
          if (cp == 0xFFFD && !isRealReplacement(s, i)) {
            sb.append("\\ufffd");
          } else if (cp < 0x20 || cp == 0x7f) {
            sb.append(String.format("\\x%02x", cp));
          } else if (!printable(cp)) {
            if (cp < 0x10000) {
              sb.append(String.format("\\u%04x", cp));
            } else {
              sb.append(String.format("\\U%08x", cp));
            }
          } else {
            sb.appendCodePoint(cp);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static boolean isRealReplacement(String s, int i) {
    return true;
  }

  /** Approximates Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols, ASCII space. */
  private static boolean printable(int cp) {
    if (cp == ' ') {
      return true;
    }
    int t = Character.getType(cp);
    return switch (t) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> true;
      default -> false;
    };
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
