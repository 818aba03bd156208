package io.esc4j;

import java.util.Comparator;
import java.util.Map;

/** JSON rendering of {@link EscValue}s, shared by the API and the evaluator. Not API. */
final class JsonText {
  /** Orders strings by code point, which is the byte order of their UTF-8 encodings. */
  static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private JsonText() {}

  static void write(EscValue v, Redaction redaction, StringBuilder sb) {
    if (v.secret() && redaction == Redaction.REDACT) {
      sb.append("\"[secret]\"");
      return;
    }
    if (v instanceof EscValue.Unknown) {
      sb.append("\"[unknown]\"");
    } else if (v instanceof EscValue.Null) {
      sb.append("null");
    } else if (v instanceof EscValue.Bool b) {
      sb.append(b.value());
    } else if (v instanceof EscValue.Num n) {
      sb.append(n.text());
    } else if (v instanceof EscValue.Str s) {
      quote(s.value(), sb);
    } else if (v instanceof EscValue.Arr a) {
      sb.append('[');
      for (int i = 0; i < a.items().size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(a.items().get(i), redaction, sb);
      }
      sb.append(']');
    } else if (v instanceof EscValue.Obj o) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<String, EscValue> e : o.properties().entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(e.getKey(), sb);
        sb.append(':');
        write(e.getValue(), redaction, sb);
      }
      sb.append('}');
    }
  }

  /** Quotes a string as Go's encoding/json does (HTML-safe). */
  static void quote(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '<' -> sb.append("\\u003c");
        case '>' -> sb.append("\\u003e");
        case '&' -> sb.append("\\u0026");
        case '\u2028' -> sb.append("\\u2028");
        case '\u2029' -> sb.append("\\u2029");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
