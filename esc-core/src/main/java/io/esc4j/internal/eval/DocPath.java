package io.esc4j.internal.eval;

import java.util.ArrayList;
import java.util.List;

/** Parses document paths ({@code values.a["b-c"][0]}) into key and index segments. */
final class DocPath {
  private DocPath() {}

  static List<Object> parse(String path) {
    List<Object> out = new ArrayList<>();
    int i = 0;
    int n = path.length();
    while (i < n) {
      char c = path.charAt(i);
      if (c == '.') {
        i++;
      } else if (c == '[') {
        if (i + 1 < n && path.charAt(i + 1) == '"') {
          StringBuilder sb = new StringBuilder();
          int j = i + 2;
          while (j < n && path.charAt(j) != '"') {
            if (path.charAt(j) == '\\' && j + 1 < n) {
              j++;
            }
            sb.append(path.charAt(j++));
          }
          out.add(sb.toString());
          i = j + 2;
        } else {
          int close = path.indexOf(']', i);
          out.add(Integer.parseInt(path.substring(i + 1, close)));
          i = close + 1;
        }
      } else {
        int j = i;
        while (j < n && path.charAt(j) != '.' && path.charAt(j) != '[') {
          j++;
        }
        out.add(path.substring(i, j));
        i = j;
      }
    }
    return out;
  }
}
