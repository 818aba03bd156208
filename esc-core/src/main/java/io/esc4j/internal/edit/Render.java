package io.esc4j.internal.edit;

import io.esc4j.EvalLimits;
import io.esc4j.internal.syntax.Diagnostics;
import io.esc4j.internal.syntax.YamlDecoder;
import io.esc4j.internal.syntax.YamlNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Renders plain data ({@link Model}) as YAML text, block or flow style. */
final class Render {
  private static final Pattern YAML11_BOOL =
      Pattern.compile("(?i)y|n|yes|no|on|off|true|false|null|~");
  private static final String INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

  private Render() {}

  /** How a replaced string was quoted, to keep its style. */
  enum Quote { PLAIN, SINGLE, DOUBLE }

  /**
   * Renders a scalar, or a collection in flow style.
   *
   * @param v the data
   * @param flow whether the text goes inside a flow collection
   * @param prefer the quoting to prefer for strings
   * @return the text
   */
  static String inline(Object v, boolean flow, Quote prefer) {
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        sb.append(string((String) e.getKey(), true, Quote.PLAIN)).append(": ")
            .append(inline(e.getValue(), true, Quote.PLAIN));
      }
      return sb.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(", ");
        }
        sb.append(inline(l.get(i), true, Quote.PLAIN));
      }
      return sb.append(']').toString();
    }
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return string(s, flow, prefer);
    }
    if (v instanceof BigDecimal d) {
      return d.toString();
    }
    if (v instanceof Model.Num n) {
      return switch (n.text()) {
        case "+Inf", "Infinity" -> ".inf";
        case "-Inf", "-Infinity" -> "-.inf";
        default -> ".nan";
      };
    }
    return v.toString();
  }

  /** Whether the data needs block lines (a non-empty collection). */
  static boolean isBlock(Object v) {
    return v instanceof Map<?, ?> m && !m.isEmpty() || v instanceof List<?> l && !l.isEmpty();
  }

  /**
   * Renders a non-empty collection as block lines, each starting with {@code indent} spaces and
   * ending with {@code nl} (the last one too).
   */
  static void block(Object v, int indent, String nl, StringBuilder out) {
    String pad = " ".repeat(indent);
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        out.append(pad).append(string((String) e.getKey(), false, Quote.PLAIN)).append(':');
        if (isBlock(e.getValue())) {
          out.append(nl);
          block(e.getValue(), indent + 2, nl, out);
        } else {
          out.append(' ').append(inline(e.getValue(), false, Quote.PLAIN)).append(nl);
        }
      }
    } else {
      for (Object item : (List<?>) v) {
        out.append(pad).append("- ").append(item(item, indent + 2, nl)).append(nl);
      }
    }
  }

  /**
   * The text after {@code "- "} of a sequence item whose content is indented by {@code indent}:
   * a scalar, or block lines whose first line follows the dash. No trailing newline.
   */
  static String item(Object v, int indent, String nl) {
    if (!isBlock(v)) {
      return inline(v, false, Quote.PLAIN);
    }
    StringBuilder sb = new StringBuilder();
    block(v, indent, nl, sb);
    sb.setLength(sb.length() - nl.length());
    return sb.substring(indent);
  }

  /**
   * Renders a string: plain when that reads back as the same string, else quoted.
   *
   * @param s the string
   * @param flow whether it goes inside a flow collection
   * @param prefer the quoting to prefer
   * @return the text
   */
  static String string(String s, boolean flow, Quote prefer) {
    boolean printable = s.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f && c != 0x85
        && !(c >= 0x80 && c < 0xa0) && c != 0x2028 && c != 0x2029 && c != 0xfeff
        || c == '\t');
    if (prefer == Quote.PLAIN && printable && plainSafe(s, flow)) {
      return s;
    }
    if (prefer != Quote.DOUBLE && printable && s.indexOf('\t') < 0) {
      return "'" + s.replace("'", "''") + "'";
    }
    StringBuilder sb = new StringBuilder("\"");
    s.codePoints().forEach(c -> {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029
              || c == 0xfeff) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", c));
          } else {
            sb.appendCodePoint(c);
          }
        }
      }
    });
    return sb.append('"').toString();
  }

  private static boolean plainSafe(String s, boolean flow) {
    if (s.isEmpty() || YAML11_BOOL.matcher(s).matches()) {
      return false;
    }
    char first = s.charAt(0);
    char last = s.charAt(s.length() - 1);
    if (Character.isWhitespace(first) || Character.isWhitespace(last)
        || INDICATORS.indexOf(first) >= 0) {
      return false;
    }
    if (s.contains(": ") || s.contains(" #") || s.endsWith(":") || s.indexOf('\t') >= 0) {
      return false;
    }
    if (flow) {
      for (char c : new char[] {',', '[', ']', '{', '}', ':', '#'}) {
        if (s.indexOf(c) >= 0) {
          return false;
        }
      }
    }
    // the decisive test: does the reader take it back as this string?
    Diagnostics d = new Diagnostics();
    String doc = "k: " + s + "\n";
    YamlDecoder.Result r = YamlDecoder.decode("value", doc.getBytes(StandardCharsets.UTF_8),
        EvalLimits.defaults(), d);
    if (r.syntaxError() || d.hasErrors() || !(r.root() instanceof YamlNode.Mapping m)
        || m.entries().size() != 1) {
      return false;
    }
    YamlNode v = m.entries().get(0).value();
    return v instanceof YamlNode.Scalar sc && sc.kind() == YamlNode.Kind.STRING
        && sc.style() == YamlNode.Style.PLAIN && sc.value().equals(s);
  }
}
