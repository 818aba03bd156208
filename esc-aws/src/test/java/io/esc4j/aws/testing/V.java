package io.esc4j.aws.testing;

import io.esc4j.EscValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short constructors for {@link EscValue}s in tests. */
public final class V {
  private V() {}

  /** An object from alternating keys and values (a String value becomes a Str). */
  public static EscValue.Obj obj(Object... kv) {
    Map<String, EscValue> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], of(kv[i + 1]));
    }
    return EscValue.Obj.of(m);
  }

  /** An object from a map. */
  public static EscValue.Obj obj(Map<String, ?> map) {
    Map<String, EscValue> m = new LinkedHashMap<>();
    map.forEach((k, v) -> m.put(k, of(v)));
    return EscValue.Obj.of(m);
  }

  /** A non-secret array. */
  public static EscValue.Arr arr(Object... items) {
    List<EscValue> l = new ArrayList<>();
    for (Object o : items) {
      l.add(of(o));
    }
    return new EscValue.Arr(l, false);
  }

  /** A secret string. */
  public static EscValue secret(String s) {
    return new EscValue.Str(s, true);
  }

  /** Converts a Java value. */
  public static EscValue of(Object o) {
    if (o instanceof EscValue v) {
      return v;
    }
    if (o instanceof String s) {
      return EscValue.Str.of(s);
    }
    if (o instanceof Boolean b) {
      return b ? EscValue.Bool.TRUE : EscValue.Bool.FALSE;
    }
    if (o instanceof Number n) {
      return new EscValue.Num(n.toString(), false);
    }
    throw new IllegalArgumentException(String.valueOf(o));
  }

  /** The string at a key of an object. */
  public static String str(EscValue v, String key) {
    return ((EscValue.Str) ((EscValue.Obj) v).properties().get(key)).value();
  }
}
