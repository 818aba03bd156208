package io.esc4j.internal.edit;

import io.esc4j.internal.eval.PropertyPath;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The data-level meaning of edits, to check the text-level ones against. */
final class ModelOps {
  private ModelOps() {}

  /** The data for the rest of a path that does not exist yet. */
  static Object build(List<Object> rest, Object v) {
    Object out = v;
    for (int i = rest.size() - 1; i >= 0; i--) {
      Object seg = rest.get(i);
      if (seg instanceof String k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k, out);
        out = m;
      } else if ((Integer) seg == 0) {
        List<Object> l = new ArrayList<>();
        l.add(out);
        out = l;
      } else {
        throw new IllegalArgumentException("cannot set "
            + PropertyPath.format(rest.subList(0, i + 1)) + ": a new sequence starts at index 0");
      }
    }
    return out;
  }

  /**
   * Sets a value in data, as {@link DocumentEditor#set} does in text.
   *
   * @param root the data (modified)
   * @param path the path
   * @param v the value
   * @param what the path, for messages
   * @return the new root
   */
  @SuppressWarnings("unchecked")
  static Object set(Object root, List<Object> path, Object v, String what) {
    if (path.isEmpty()) {
      return v;
    }
    if (root == null) {
      return build(path, v);
    }
    Object seg = path.get(0);
    List<Object> rest = path.subList(1, path.size());
    if (root instanceof Map<?, ?> m && seg instanceof String k) {
      Map<String, Object> mm = (Map<String, Object>) m;
      mm.put(k, mm.containsKey(k) ? set(mm.get(k), rest, v, what) : build(rest, v));
      return root;
    }
    if (root instanceof List<?> l && seg instanceof Integer i) {
      List<Object> ll = (List<Object>) l;
      if (i < ll.size()) {
        ll.set(i, set(ll.get(i), rest, v, what));
      } else if (i == ll.size()) {
        ll.add(build(rest, v));
      } else {
        throw new IllegalArgumentException("cannot set " + what + ": index " + i
            + " is past the end of a sequence of " + ll.size() + " (use " + ll.size() + " to append)");
      }
      return root;
    }
    throw new IllegalArgumentException("cannot set " + what + ": it goes through "
        + describe(root) + " where " + (seg instanceof String ? "a mapping" : "a sequence")
        + " is needed");
  }

  /** Removes a value from data. */
  @SuppressWarnings("unchecked")
  static Object remove(Object root, List<Object> path) {
    Object cur = root;
    for (int d = 0; d < path.size() - 1; d++) {
      Object seg = path.get(d);
      cur = seg instanceof String k ? ((Map<String, Object>) cur).get(k)
          : ((List<Object>) cur).get((Integer) seg);
    }
    Object last = path.get(path.size() - 1);
    if (last instanceof String k) {
      ((Map<String, Object>) cur).remove(k);
    } else {
      ((List<Object>) cur).remove((int) (Integer) last);
    }
    return root;
  }

  private static String describe(Object v) {
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a sequence";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof Boolean) {
      return "a boolean";
    }
    return "a number";
  }
}
