package io.esc4j.internal.ast;

import io.esc4j.SourcePos;
import io.esc4j.internal.syntax.Diagnostics;
import io.esc4j.internal.syntax.Range;
import io.esc4j.internal.syntax.SourceText;
import io.esc4j.internal.syntax.YamlNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses {@code ${...}} interpolations out of a string scalar, byte by byte over its UTF-8 form
 * as the reference evaluator does. {@code $$} is a literal {@code $}.
 *
 * <pre>
 * access    := ( '.'? name | '[' subscript ']' ) { '.' name | '[' subscript ']' } '}'
 * name      := bytes other than '.', '[', '}' and space bytes
 * subscript := '"' ( '\"' | any byte but '"' )* '"' | integer
 * </pre>
 */
final class Interpolation {
  private final YamlNode.Scalar node;
  private final byte[] b;
  private final Diagnostics diags;
  private int i;

  private Interpolation(YamlNode.Scalar node, Diagnostics diags) {
    this.node = node;
    this.b = node.value().getBytes(StandardCharsets.UTF_8);
    this.diags = diags;
  }

  static List<Expr.Part> parse(YamlNode.Scalar node, Diagnostics diags) {
    if (node.value().indexOf('$') < 0) {
      return List.of(new Expr.Part(node.value(), null));
    }
    return new Interpolation(node, diags).run();
  }

  private List<Expr.Part> run() {
    List<Expr.Part> parts = new ArrayList<>(2);
    int n = b.length;
    byte[] text = new byte[n]; // the current text part: runs of the value, "$$" as "$"
    int len = 0;
    int run = i;
    while (i < n) {
      if (b[i] == '$' && i + 1 < n && (b[i + 1] == '$' || b[i + 1] == '{')) {
        System.arraycopy(b, run, text, len, i - run);
        len += i - run;
        if (b[i + 1] == '$') {
          text[len++] = '$';
          i += 2;
        } else {
          i += 2;
          List<Accessor> access = access();
          parts.add(new Expr.Part(new String(text, 0, len, StandardCharsets.UTF_8), access));
          len = 0;
        }
        run = i;
      } else {
        i++;
      }
    }
    System.arraycopy(b, run, text, len, n - run);
    len += n - run;
    if (len > 0 || parts.isEmpty()) {
      parts.add(new Expr.Part(new String(text, 0, len, StandardCharsets.UTF_8), null));
    }
    return parts;
  }

  private static boolean space(byte c) {
    int u = c & 0xff;
    return (u >= 0x09 && u <= 0x0d) || u == 0x20 || u == 0x85 || u == 0xa0;
  }

  private List<Accessor> access() {
    List<Accessor> out = new ArrayList<>();
    int n = b.length;
    boolean first = true;
    while (true) {
      if (i >= n) {
        error(i, i, "missing closing brace '}' in interpolation");
        if (out.isEmpty()) {
          out.add(new Accessor.Name("", range(i, i)));
        }
        return out;
      }
      byte c = b[i];
      if (c == '}') {
        i++;
        if (out.isEmpty()) {
          out.add(new Accessor.Name("", range(i - 1, i - 1)));
        }
        return out;
      }
      if (c == '[') {
        out.add(subscript(first));
      } else if (c == '.' || first) {
        int start = i;
        boolean dot = c == '.';
        if (dot) {
          i++;
        }
        int s = i;
        while (i < n && b[i] != '.' && b[i] != '[' && b[i] != '}' && !space(b[i])) {
          i++;
        }
        if (s == i && dot && !first) {
          error(start, start + 1, "property name must not be empty");
        }
        out.add(new Accessor.Name(str(s, i), range(first ? s : start, i)));
      } else {
        // whitespace where an accessor was expected: the access ends here, the rest is text
        error(i, i, "missing closing brace '}' in interpolation");
        return out;
      }
      first = false;
    }
  }

  private Accessor subscript(boolean first) {
    int n = b.length;
    int open = i;
    i++;
    Accessor result;
    if (i < n && b[i] == '"') {
      int q = i;
      i++;
      ByteArrayOutputStream key = new ByteArrayOutputStream();
      boolean closed = false;
      while (i < n) {
        if (b[i] == '\\' && i + 1 < n && b[i + 1] == '"') {
          key.write('"');
          i += 2;
        } else if (b[i] == '"') {
          i++;
          closed = true;
          break;
        } else {
          key.write(b[i]);
          i++;
        }
      }
      if (!closed) {
        error(q, n, "key subscript is missing closing quote '\"'");
      } else if (key.size() == 0) {
        error(q, i, "key subscript must not be empty");
      }
      result = new Accessor.Key(key.toString(StandardCharsets.UTF_8), null);
    } else {
      int s = i;
      while (i < n && b[i] != ']' && b[i] != '}') {
        i++;
      }
      String digits = str(s, i);
      Long idx = parseGoInt(digits);
      if (idx == null) {
        error(s, i, "numeric subscript must be a positive base-10 integer");
        result = new Accessor.Key(digits, null);
      } else {
        if (first) {
          error(open, i < n && b[i] == ']' ? i + 1 : i,
              "the first accessor must be a property name or key subscript, not a numeric subscript");
        }
        result = new Accessor.Index(idx, null);
      }
    }
    if (i < n && b[i] == ']') {
      i++;
    } else {
      error(open, i, "subscript is missing closing bracket ']'");
    }
    Range r = range(open, i);
    if (result instanceof Accessor.Key k) {
      return new Accessor.Key(k.name(), r);
    }
    return new Accessor.Index(((Accessor.Index) result).index(), r);
  }

  private static Long parseGoInt(String s) {
    if (s.isEmpty()) {
      return null;
    }
    String t = s.startsWith("+") ? s.substring(1) : s;
    if (t.isEmpty() || t.startsWith("+")) {
      return null;
    }
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private String str(int from, int to) {
    return new String(b, from, to - from, StandardCharsets.UTF_8);
  }

  /** The source range of bytes [from, to) of the value, or {@code null} when not exact. */
  private Range range(int from, int to) {
    if (!node.hasExactOffsets()) {
      return null;
    }
    return new Range(node.range().environment(), pos(from), pos(to));
  }

  private SourcePos pos(int off) {
    SourcePos start = node.range().start();
    int end = Math.min(off, b.length);
    int width = end; // ASCII: one column per byte (the usual case, without decoding the prefix)
    for (int k = 0; k < end; k++) {
      if (b[k] < 0) {
        String prefix = new String(b, 0, end, StandardCharsets.UTF_8);
        width = SourceText.displayWidth(prefix, 0, prefix.length());
        break;
      }
    }
    return new SourcePos(start.line(), start.column() + width, start.offset() + off);
  }

  private void error(int from, int to, String summary) {
    Range r = range(from, to);
    diags.error(r != null ? r : node.range(), node.path(), summary);
  }
}
