package io.esc4j;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON rendering of {@link EscValue}s, shared by the API and the evaluator. Not API. */
final class JsonText {
  /** Orders strings by code point, which is the byte order of their UTF-8 encodings. */
  static final Comparator<String> CODE_POINT_ORDER = JsonText::compareCodePoints;

  /**
   * Compares by code point without decoding: UTF-16 order differs from code-point order only
   * between surrogates (U+D800..U+DFFF) and U+E000..U+FFFF, so those two ranges are swapped.
   */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return fix(x) - fix(y);
      }
    }
    return a.length() - b.length();
  }

  private static int fix(char c) {
    if (c < 0xD800) {
      return c;
    }
    return c >= 0xE000 ? c - 0x800 : c + 0x2000;
  }

  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonText() {}

  /**
   * Parses the first JSON value of a text: numbers keep their text, duplicate keys last-wins.
   *
   * @throws IllegalArgumentException with a message in the style of Go's encoding/json
   */
  static EscValue parse(String text) {
    if (text.isBlank()) {
      throw new IllegalArgumentException("EOF");
    }
    try (JsonParser p = FACTORY.createParser(text)) {
      return value(p, p.nextToken());
    } catch (JsonEOFException e) {
      throw new IllegalArgumentException("unexpected EOF");
    } catch (JsonParseException e) {
      String m = e.getOriginalMessage();
      int q = m.indexOf('\'');
      if (m.startsWith("Unexpected character") && q >= 0 && q + 1 < m.length()) {
        throw new IllegalArgumentException("invalid character '" + m.charAt(q + 1) + "' looking for beginning of value");
      }
      throw new IllegalArgumentException(firstLine(m));
    } catch (IOException e) {
      throw new IllegalArgumentException(firstLine(String.valueOf(e.getMessage())));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static EscValue value(JsonParser p, JsonToken t) throws IOException {
    if (t == null) {
      throw new JsonEOFException(p, null, "EOF");
    }
    switch (t) {
      case START_OBJECT: {
        Map<String, EscValue> m = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          m.put(name, value(p, p.nextToken()));
        }
        if (k == null) {
          throw new JsonEOFException(p, null, "EOF");
        }
        return EscValue.Obj.of(m);
      }
      case START_ARRAY: {
        List<EscValue> items = new ArrayList<>();
        JsonToken it;
        while ((it = p.nextToken()) != JsonToken.END_ARRAY) {
          if (it == null) {
            throw new JsonEOFException(p, null, "EOF");
          }
          items.add(value(p, it));
        }
        return new EscValue.Arr(items, false);
      }
      case VALUE_STRING:
        return EscValue.Str.of(p.getText());
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return new EscValue.Num(p.getText(), false);
      case VALUE_TRUE:
        return EscValue.Bool.TRUE;
      case VALUE_FALSE:
        return EscValue.Bool.FALSE;
      case VALUE_NULL:
        return EscValue.Null.INSTANCE;
      default:
        throw new JsonParseException(p, "unexpected token " + t);
    }
  }

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
