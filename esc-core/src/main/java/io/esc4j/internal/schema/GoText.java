package io.esc4j.internal.schema;

import java.nio.charset.StandardCharsets;

/** Text helpers that reproduce the reference implementation's formatting. */
public final class GoText {
  private GoText() {}

  /**
   * Appends a property key to a relative path as the reference's {@code JoinKey} does: {@code a.b}
   * for keys made of ASCII letters, digits (not first) and {@code _}, {@code a["b-c"]} otherwise.
   *
   * @param root the path so far
   * @param key the key
   * @return the joined path
   */
  static String joinKey(String root, String key) {
    if (key.isEmpty()) {
      return root;
    }
    if (!mustEscapeKey(key)) {
      return root.isEmpty() ? key : root + "." + key;
    }
    return root + "[\"" + key.replace("\"", "\\\"") + "\"]";
  }

  private static boolean mustEscapeKey(String key) {
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
        continue;
      }
      if (c >= '0' && c <= '9') {
        if (i == 0) {
          return true;
        }
        continue;
      }
      return true;
    }
    return false;
  }

  /**
   * Quotes a string as Go's {@code strconv.Quote} does ({@code %q}).
   *
   * @param s the string
   * @return the double-quoted, escaped text
   */
  public static String quote(String s) {
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
        case 0x0B -> sb.append("\\v");
        default -> {
          if (Character.isSurrogate((char) cp) && cp < 0x10000) {
            sb.append("\\ufffd"); // lone surrogate: Go sees invalid UTF-8
          } else if (isPrint(cp)) {
            sb.appendCodePoint(cp);
          } else if (cp < 0x80) {
            sb.append(String.format("\\x%02x", cp));
          } else if (cp < 0x10000) {
            sb.append(String.format("\\u%04x", cp));
          } else {
            sb.append(String.format("\\U%08x", cp));
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  private static boolean isPrint(int cp) {
    if (cp < 0x80) {
      return cp >= 0x20 && cp < 0x7F;
    }
    if (cp == 0xA0 || cp == 0xAD) {
      return false;
    }
    int type = Character.getType(cp);
    return switch (type) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR -> false;
      default -> true;
    };
  }

  /**
   * The length of a string in UTF-8 bytes, as Go's {@code len} reports it.
   *
   * @param s the string
   * @return the byte length
   */
  static long utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
