package io.esc4j.internal.schema;

import io.esc4j.EscValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A simple {@link Validatable} for tests: a tree of values, each with a named location. */
final class TestValue implements Validatable {
  final String location;
  final boolean unknown;
  final Schema schema;
  final Kind kind;
  final String text;
  final List<TestValue> items;
  final Map<String, TestValue> props;
  final boolean literal;

  private TestValue(String location, boolean unknown, Schema schema, Kind kind, String text,
      List<TestValue> items, Map<String, TestValue> props, boolean literal) {
    this.location = location;
    this.unknown = unknown;
    this.schema = schema;
    this.kind = kind;
    this.text = text;
    this.items = items;
    this.props = props;
    this.literal = literal;
  }

  static TestValue unknown(String loc, Schema schema) {
    return new TestValue(loc, true, schema, null, "", List.of(), Map.of(), false);
  }

  static TestValue nul(String loc) {
    return new TestValue(loc, false, Schema.nullType(), Kind.NULL, "", List.of(), Map.of(), false);
  }

  static TestValue bool(String loc, boolean b) {
    return new TestValue(loc, false, Schema.boolConst(b), Kind.BOOLEAN, Boolean.toString(b),
        List.of(), Map.of(), false);
  }

  static TestValue num(String loc, String n) {
    return new TestValue(loc, false, Schema.numberConst(n), Kind.NUMBER, n, List.of(), Map.of(),
        false);
  }

  static TestValue str(String loc, String s) {
    return new TestValue(loc, false, Schema.stringConst(s), Kind.STRING, s, List.of(), Map.of(),
        false);
  }

  static TestValue arr(String loc, TestValue... items) {
    List<Schema> schemas = new ArrayList<>();
    for (TestValue v : items) {
      schemas.add(v.schema);
    }
    return new TestValue(loc, false, Schema.tuple(schemas), Kind.ARRAY, "", List.of(items),
        Map.of(), true);
  }

  /** @param kv alternating keys and values */
  static TestValue obj(String loc, Object... kv) {
    Map<String, TestValue> m = new TreeMap<>(EscValue.Obj.KEY_ORDER);
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (TestValue) kv[i + 1]);
    }
    Map<String, Schema> schemas = new LinkedHashMap<>();
    m.forEach((k, v) -> schemas.put(k, v.schema));
    return new TestValue(loc, false, Schema.record(schemas), Kind.OBJECT, "", List.of(), m, true);
  }

  /** Converts a plain value, every node at the same location. */
  static TestValue of(String loc, EscValue v) {
    if (v instanceof EscValue.Null) {
      return nul(loc);
    } else if (v instanceof EscValue.Bool b) {
      return bool(loc, b.value());
    } else if (v instanceof EscValue.Num n) {
      return num(loc, n.text());
    } else if (v instanceof EscValue.Str s) {
      return str(loc, s.value());
    } else if (v instanceof EscValue.Arr a) {
      return arr(loc, a.items().stream().map(x -> of(loc, x)).toArray(TestValue[]::new));
    } else if (v instanceof EscValue.Obj o) {
      List<Object> kv = new ArrayList<>();
      o.properties().forEach((k, x) -> {
        kv.add(k);
        kv.add(of(loc, x));
      });
      return obj(loc, kv.toArray());
    }
    return unknown(loc, Schema.always());
  }

  @Override
  public boolean unknown() {
    return unknown;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public Kind kind() {
    return kind;
  }

  @Override
  public String text() {
    return text;
  }

  @Override
  public List<? extends Validatable> items() {
    return items;
  }

  @Override
  public List<String> keys() {
    return new ArrayList<>(props.keySet());
  }

  @Override
  public Validatable property(String key) {
    return props.get(key);
  }

  @Override
  public Object location() {
    return location;
  }

  @Override
  public boolean isLiteralContainer() {
    return literal;
  }
}
