package io.esc4j.internal.edit;

import io.esc4j.internal.syntax.YamlNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plain data a YAML document stands for ({@link Map}, {@link List}, {@link String}, {@link
 * BigDecimal} for numbers, {@link Boolean}, {@code null}), to compare a document before and after
 * an edit.
 */
public final class Model {
  private Model() {}

  /**
   * Converts a node to plain data; a later duplicate key wins.
   *
   * @param n the node (null for an empty document)
   * @return the data
   */
  public static Object of(YamlNode n) {
    if (n == null) {
      return null;
    }
    if (n instanceof YamlNode.Mapping m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (YamlNode.Entry e : m.entries()) {
        out.remove(e.key().value());
        out.put(e.key().value(), of(e.value()));
      }
      return out;
    }
    if (n instanceof YamlNode.Sequence s) {
      List<Object> out = new ArrayList<>();
      for (YamlNode i : s.items()) {
        out.add(of(i));
      }
      return out;
    }
    YamlNode.Scalar s = (YamlNode.Scalar) n;
    return switch (s.kind()) {
      case NULL -> null;
      case BOOL -> Boolean.valueOf(s.value());
      case NUMBER -> number(s.value());
      case STRING -> s.value();
    };
  }

  /**
   * Normalises a Java value to plain data: numbers become {@link BigDecimal}s, maps and lists
   * are copied.
   *
   * @param v the value
   * @return the data
   * @throws IllegalArgumentException for types YAML cannot hold
   */
  public static Object normalise(Object v) {
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Number num) {
      return number(num.toString());
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k)) {
          throw new IllegalArgumentException("mapping keys must be strings");
        }
        out.put(k, normalise(e.getValue()));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(normalise(o));
      }
      return out;
    }
    throw new IllegalArgumentException("cannot write a " + v.getClass().getSimpleName()
        + " to YAML: use a String, Number, Boolean, null, List or Map");
  }

  private static Object number(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return new Num(text);
    }
  }

  /** A number BigDecimal cannot hold (infinities, NaN). */
  record Num(String text) {
    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * Deep equality with numbers compared by value and maps by entries in order.
   *
   * @param a one value
   * @param b another
   * @return whether they are the same data
   */
  public static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
      Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
      while (i.hasNext()) {
        Map.Entry<?, ?> p = i.next();
        Map.Entry<?, ?> q = j.next();
        if (!p.getKey().equals(q.getKey()) || !same(p.getValue(), q.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int k = 0; k < x.size(); k++) {
        if (!same(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
