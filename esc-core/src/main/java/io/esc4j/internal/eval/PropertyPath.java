package io.esc4j.internal.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses ESC property paths as users write them in API calls and on the command line: {@code
 * a.b[0]["dotted.key"]}. Segments are {@link String} keys or {@link Integer} indexes.
 */
public final class PropertyPath {
  private PropertyPath() {}

  /**
   * Parses a path.
   *
   * @param path the path text
   * @return the segments
   * @throws IllegalArgumentException with the position of the problem when malformed
   */
  public static List<Object> parse(String path) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    int n = path.length();
    if (n == 0) {
      return out;
    }
    boolean first = true;
    while (i < n) {
      char c = path.charAt(i);
      if (c == '[') {
        int j = i + 1;
        if (j < n && path.charAt(j) == '"') {
          StringBuilder key = new StringBuilder();
          j++;
          while (j < n && path.charAt(j) != '"') {
            if (path.charAt(j) == '\\' && j + 1 < n) {
              j++;
            }
            key.append(path.charAt(j));
            j++;
          }
          if (j + 1 >= n || path.charAt(j + 1) != ']') {
            throw bad(path, i, "unterminated key subscript; write [\"key\"]");
          }
          out.add(key.toString());
          i = j + 2;
        } else {
          int close = path.indexOf(']', j);
          if (close < 0) {
            throw bad(path, i, "missing closing ']'");
          }
          String digits = path.substring(j, close);
          if (!digits.matches("[0-9]+")) {
            throw bad(path, i, "an index must be a non-negative integer; quote keys as [\"key\"]");
          }
          out.add(Integer.parseInt(digits));
          i = close + 1;
        }
      } else {
        if (c == '.') {
          if (first) {
            throw bad(path, i, "a path must not start with '.'");
          }
          i++;
        } else if (!first) {
          throw bad(path, i, "expected '.' or '['");
        }
        int j = i;
        while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
          j++;
        }
        if (j == i) {
          throw bad(path, i, "empty property name");
        }
        out.add(path.substring(i, j));
        i = j;
      }
      first = false;
    }
    return out;
  }

  /**
   * Renders segments back into a path, quoting keys that need it.
   *
   * @param segments the segments
   * @return the path text
   */
  public static String format(List<Object> segments) {
    StringBuilder sb = new StringBuilder();
    for (Object s : segments) {
      if (s instanceof Integer idx) {
        sb.append('[').append(idx).append(']');
      } else {
        String k = (String) s;
        if (!k.isEmpty() && k.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
          if (sb.length() > 0) {
            sb.append('.');
          }
          sb.append(k);
        } else {
          sb.append("[\"").append(k.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
        }
      }
    }
    return sb.toString();
  }

  private static IllegalArgumentException bad(String path, int at, String why) {
    return new IllegalArgumentException(
        "invalid property path \"" + path + "\" at offset " + at + ": " + why);
  }
}
