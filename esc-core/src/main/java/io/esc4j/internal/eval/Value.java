package io.esc4j.internal.eval;

import io.esc4j.EscValue;
import io.esc4j.internal.ast.Expr;
import io.esc4j.internal.schema.GoText;
import io.esc4j.internal.schema.Schema;
import io.esc4j.internal.schema.Validatable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evaluator's mutable value: a payload plus flags, the expression that defined it, and the
 * base layer it is merged over (format spec 2.3). Object content must be read through {@link
 * #keys()} and {@link #property(String)}, which take the base layers into account.
 *
 * <p>Payloads: {@code null} (JSON null), {@link Boolean}, {@link Num}, {@link String}, {@code
 * List<Value>}, {@code Map<String, Value>} (own keys only).
 */
final class Value implements Validatable {
  /** A number's decimal text. */
  record Num(String text) {}

  Node def;
  Value base;
  /** The value's own schema before merging, or {@code null} to infer it from the payload. */
  Schema schema;
  /** The merged schema, computed on first use (most opens never need a schema). */
  private Schema mergedSchema;
  boolean unknown;
  boolean secret;
  boolean fin;
  boolean rotateOnly;
  Object repr;
  private List<String> mergedKeys;
  /**
   * The export, kept from the first {@link #export()} on (cleared, like the merged keys, when a
   * merge changes the value): an import's values are exported as its evaluation ends, while they
   * are in cache, and the root's export finds them done.
   */
  private EscValue exported;

  Value(Node def) {
    this.def = def;
  }

  static Value unknown(Node def, Schema schema) {
    Value v = new Value(def);
    v.unknown = true;
    v.schema = schema;
    return v;
  }

  @SuppressWarnings("unchecked")
  Map<String, Value> object() {
    return repr instanceof Map<?, ?> m ? (Map<String, Value>) m : null;
  }

  @SuppressWarnings("unchecked")
  List<Value> array() {
    return repr instanceof List<?> l ? (List<Value>) l : null;
  }

  boolean containsUnknowns() {
    return (scan(this, SECRET) & UNKNOWN) != 0; // SECRET counted as found: stops at the first unknown
  }

  boolean containsObservableUnknowns(boolean rotating) {
    if (unknown) {
      return !(rotateOnly && !rotating);
    }
    List<Value> a = array();
    if (a != null) {
      for (Value v : a) {
        if (v.containsObservableUnknowns(rotating)) {
          return true;
        }
      }
    } else if (object() != null) {
      for (String k : keys()) {
        Value p = property(k);
        if (p != null && p.containsObservableUnknowns(rotating)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether this value is or may be an object. */
  boolean isObject() {
    if (unknown) {
      Schema s = schema();
      return s.isAlways() || "object".equals(s.type());
    }
    return object() != null;
  }

  /** Combines the unknown-ness and secret-ness of inputs into this aggregate. */
  void combine(Value... others) {
    for (Value o : others) {
      // one walk of each tree for both flags, and none once both are set
      if (!unknown || !secret) {
        int mine = scan(this, 0);
        unknown = (mine & UNKNOWN) != 0;
        secret = (mine & SECRET) != 0;
      }
      if (!unknown || !secret) {
        int theirs = scan(o, (unknown ? UNKNOWN : 0) | (secret ? SECRET : 0));
        unknown = (theirs & UNKNOWN) != 0;
        secret = (theirs & SECRET) != 0;
      }
    }
  }

  private static final int UNKNOWN = 1;
  private static final int SECRET = 2;

  /**
   * {@code found} with {@link #UNKNOWN} and {@link #SECRET} added for what {@code v} or a value
   * inside it is (its flags, then its elements or merged properties); stops when both
   * are found.
   */
  private static int scan(Value v, int found) {
    if (v.unknown) {
      found |= UNKNOWN;
    }
    if (v.secret) {
      found |= SECRET;
    }
    if (found == (UNKNOWN | SECRET)) {
      return found;
    }
    List<Value> a = v.array();
    if (a != null) {
      for (Value e : a) {
        found = scan(e, found);
        if (found == (UNKNOWN | SECRET)) {
          return found;
        }
      }
    } else if (v.object() != null) {
      for (String k : v.keys()) {
        Value p = v.property(k);
        if (p != null) {
          found = scan(p, found);
          if (found == (UNKNOWN | SECRET)) {
            return found;
          }
        }
      }
    }
    return found;
  }

  /** The merged keys of an object value, sorted; empty for non-objects. */
  @Override
  public List<String> keys() {
    if (mergedKeys == null) {
      Map<String, Value> m = object();
      if (m == null) {
        return List.of();
      }
      if (base == null || base.base == null || base.mergedKeys != null) {
        List<String> own = sortedOwnKeys(m);
        List<String> below = base == null ? List.of() : base.keys();
        mergedKeys = below.isEmpty() ? own : mergeSorted(own, below);
      } else {
        mergedKeys = chainKeys();
      }
    }
    return mergedKeys;
  }

  /**
   * The keys of a chain of object layers, from this one down to the first layer that is not an
   * object: gathered and sorted once (merging each layer's keys into the merged keys below it
   * costs the square of the chain's length, as for an environment importing many others).
   */
  private List<String> chainKeys() {
    List<String> all = new ArrayList<>();
    for (Value v = this; v != null; v = v.base) {
      Map<String, Value> m = v.object();
      if (m == null) {
        break;
      }
      if (v.mergedKeys != null) {
        all.addAll(v.mergedKeys);
        break;
      }
      all.addAll(m.keySet());
    }
    all.sort(EscValue.Obj.KEY_ORDER);
    int n = 0;
    for (int i = 0; i < all.size(); i++) {
      if (n == 0 || !all.get(i).equals(all.get(n - 1))) {
        all.set(n++, all.get(i));
      }
    }
    return n == all.size() ? all : new ArrayList<>(all.subList(0, n));
  }

  private static List<String> sortedOwnKeys(Map<String, Value> m) {
    List<String> keys = new ArrayList<>(m.keySet());
    for (int i = 1; i < keys.size(); i++) {
      if (EscValue.Obj.KEY_ORDER.compare(keys.get(i - 1), keys.get(i)) > 0) {
        keys.sort(EscValue.Obj.KEY_ORDER);
        break;
      }
    }
    return keys;
  }

  private static List<String> mergeSorted(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a.size() + b.size());
    int i = 0;
    int j = 0;
    while (i < a.size() && j < b.size()) {
      int c = EscValue.Obj.KEY_ORDER.compare(a.get(i), b.get(j));
      if (c < 0) {
        out.add(a.get(i++));
      } else if (c > 0) {
        out.add(b.get(j++));
      } else {
        out.add(a.get(i++));
        j++;
      }
    }
    while (i < a.size()) {
      out.add(a.get(i++));
    }
    while (j < b.size()) {
      out.add(b.get(j++));
    }
    return out;
  }

  /** A property with merge semantics; an unknown receiver yields a late-bound unknown. */
  @Override
  public Value property(String key) {
    Map<String, Value> m = object();
    if (m != null) {
      Value v = m.get(key);
      if (v != null) {
        return v;
      }
      return base == null ? null : base.property(key);
    }
    if (unknown) {
      Schema s = schema().property(key);
      Value b = base == null ? null : base.property(key);
      Value v = unknown(def, s);
      v.base = b;
      return v;
    }
    return null;
  }

  /**
   * Merges this value over {@code b}: appends {@code b} at the bottom of the base chain, and each
   * own property over {@code b}'s property of the same key.
   *
   * <p>A layer that is already in the chain is not appended again: lookups take the first layer
   * that has a key, so a second, lower copy of a layer can never be seen (for objects, the same
   * holds key by key). This keeps chains of imports that import each other linear, and it never
   * mutates a value that is already part of this chain.
   */
  void merge(Value b) {
    if (b == null || layeredOver(b)) {
      return;
    }
    mergeNew(b);
  }

  /** Whether {@code b} is this value or one of its base layers. */
  boolean layeredOver(Value b) {
    for (Value v = this; v != null; v = v.base) {
      if (v == b) {
        return true;
      }
    }
    return false;
  }

  private void mergeNew(Value b) {
    if (base != null) {
      base.mergeNew(b);
    } else if (b.layeredOver(this)) {
      // b's chain holds this bottom layer already: an unknown value's properties are wrappers made
      // on each lookup, so the merge of an object over an unknown one meets a second wrapper of a
      // layer it has; appending it would close the chain into a loop (and change a shared value)
      return;
    } else {
      base = b;
    }
    mergedKeys = null;
    exported = null;
    Map<String, Value> m = object();
    if (m != null) {
      for (Map.Entry<String, Value> e : m.entrySet()) {
        e.getValue().merge(base.property(e.getKey()));
      }
    }
    mergedSchema = null;
  }

  /** Infers the schema of the payload (format spec 7.2). */
  private Schema infer() {
    if (unknown) {
      return Schema.always();
    }
    if (repr == null) {
      return Schema.nullType();
    } else if (repr instanceof Boolean b) {
      return Schema.boolConst(b);
    } else if (repr instanceof Num n) {
      return Schema.numberConst(n.text());
    } else if (repr instanceof String str) {
      return Schema.stringConst(str);
    }
    List<Value> a = array();
    if (a != null) {
      List<Schema> items = new ArrayList<>(a.size());
      for (Value v : a) {
        items.add(v.schema());
      }
      return Schema.tuple(items);
    }
    Map<String, Schema> props = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : object().entrySet()) {
      props.put(e.getKey(), e.getValue().schema());
    }
    return Schema.record(props);
  }

  /** toString as interpolation and fn::toString see it: {text, unknown, secret}. */
  ToStr toStr() {
    if (unknown) {
      return new ToStr("[unknown]", true, secret);
    }
    boolean unk = false;
    boolean sec = secret;
    String s = "";
    if (repr instanceof Boolean b) {
      s = b ? "true" : "false";
    } else if (repr instanceof Num n) {
      s = n.text();
    } else if (repr instanceof String str) {
      s = str;
    } else if (array() != null) {
      StringBuilder sb = new StringBuilder();
      List<Value> a = array();
      for (int i = 0; i < a.size(); i++) {
        ToStr t = a.get(i).toStr();
        if (i > 0) {
          sb.append(',');
        }
        sb.append(GoText.quote(t.text()));
        unk |= t.unknown();
        sec |= t.secret();
      }
      s = sb.toString();
    } else if (object() != null) {
      StringBuilder sb = new StringBuilder();
      boolean first = true;
      for (Map.Entry<String, Value> e : sortedOwn().entrySet()) {
        ToStr t = e.getValue().toStr();
        if (!first) {
          sb.append(',');
        }
        first = false;
        sb.append(GoText.quote(e.getKey())).append('=').append(GoText.quote(t.text()));
        unk |= t.unknown();
        sec |= t.secret();
      }
      s = sb.toString();
    }
    return new ToStr(s, unk, sec);
  }

  private Map<String, Value> sortedOwn() {
    TreeMap<String, Value> t = new TreeMap<>(EscValue.Obj.KEY_ORDER);
    t.putAll(object());
    return t;
  }

  record ToStr(String text, boolean unknown, boolean secret) {}

  /** Exports to the public value model (merged keys, per-node flags). */
  EscValue export() {
    EscValue e = exported;
    if (e == null) {
      e = exportNow();
      exported = e;
    }
    return e;
  }

  /** Values exported so far in this JVM (a guard that each is exported once per open). */
  private static final java.util.concurrent.atomic.LongAdder EXPORTED = new java.util.concurrent.atomic.LongAdder();

  /**
   * How many values have been exported (not counting exports kept from before) in this JVM.
   *
   * @return the count
   */
  static long exportedValues() {
    return EXPORTED.sum();
  }

  private EscValue exportNow() {
    EXPORTED.increment();
    if (unknown) {
      return new EscValue.Unknown(secret);
    }
    if (repr == null) {
      return new EscValue.Null(secret);
    }
    if (repr instanceof Boolean b) {
      return new EscValue.Bool(b, secret);
    }
    if (repr instanceof Num n) {
      return new EscValue.Num(n.text(), secret);
    }
    if (repr instanceof String s) {
      return new EscValue.Str(s, secret);
    }
    List<Value> a = array();
    if (a != null) {
      List<EscValue> items = new ArrayList<>(a.size());
      for (Value v : a) {
        items.add(v.export());
      }
      return new EscValue.Arr(items, secret);
    }
    Map<String, Value> own = object();
    if (base == null) {
      // nothing merged below: the own properties (in key order when evaluated from a document)
      EscValue.Obj.Builder b = EscValue.Obj.builder(own.size());
      for (Map.Entry<String, Value> e : own.entrySet()) {
        b.put(e.getKey(), e.getValue().export());
      }
      return b.build(secret);
    }
    List<String> keys = keys();
    EscValue.Obj.Builder b = EscValue.Obj.builder(keys.size());
    for (String k : keys) {
      Value p = property(k);
      if (p != null) {
        b.put(k, p.export());
      }
    }
    return b.build(secret);
  }

  /** Deep copy preserving sharing inside the copied graph. */
  static Value copy(Value v) {
    if (v != null && v.base == null && !(v.repr instanceof List) && !(v.repr instanceof Map)) {
      return fields(v, new Value(v.def)); // a scalar, the usual referent: nothing inside to share
    }
    return copy(v, COPIES.incrementAndGet());
  }

  private static final java.util.concurrent.atomic.AtomicLong COPIES = new java.util.concurrent.atomic.AtomicLong();

  /** Values copied so far in this JVM (a regression guard for the cost of layering imports). */
  private static final java.util.concurrent.atomic.LongAdder COPIED = new java.util.concurrent.atomic.LongAdder();

  /**
   * How many values have been deep-copied in this JVM, for tests that guard against copies
   * growing faster than the documents.
   *
   * @return the count
   */
  static long copiedValues() {
    return COPIED.sum();
  }

  /** Memo of the copy being made: (epoch, copy). An epoch per copy replaces an identity map. */
  private long copyEpoch;
  private Value copyOf;

  private static Value copy(Value v, long epoch) {
    if (v == null) {
      return null;
    }
    if (v.copyEpoch == epoch) {
      return v.copyOf;
    }
    Value c = new Value(v.def);
    v.copyEpoch = epoch;
    v.copyOf = c;
    List<Value> a = v.array();
    if (a != null) {
      List<Value> na = new ArrayList<>(a.size());
      for (Value e : a) {
        na.add(copy(e, epoch));
      }
      c.repr = na;
    } else if (v.object() != null) {
      Map<String, Value> nm = new LinkedHashMap<>(v.object().size() * 2);
      for (Map.Entry<String, Value> e : v.object().entrySet()) {
        nm.put(e.getKey(), copy(e.getValue(), epoch));
      }
      c.repr = nm;
    } else {
      c.repr = v.repr;
    }
    // below a known value that is not an object, no layer can be seen (lookups, keys and the
    // merged schema all stop at it): the copy leaves them out instead of copying a whole chain
    c.base = v.unknown || v.object() != null ? copy(v.base, epoch) : null;
    return fields(v, c);
  }

  /** Copies {@code v}'s flags and schemas into its copy {@code c} (and counts the copy). */
  private static Value fields(Value v, Value c) {
    COPIED.increment();
    if (c.repr == null) {
      c.repr = v.repr;
    }
    c.schema = v.schema;
    // the caches of the merged chain (keys, schema, export) stay behind: a copy is made to be
    // merged over something, which changes its chain, and a merge clears only the layers it walks
    c.unknown = v.unknown;
    c.secret = v.secret;
    c.fin = v.fin;
    c.rotateOnly = v.rotateOnly;
    return c;
  }

  /** Marks this value and everything inside it secret. */
  void deepSecret() {
    secret = true;
    exported = null;
    List<Value> a = array();
    if (a != null) {
      a.forEach(Value::deepSecret);
    } else if (object() != null) {
      object().values().forEach(Value::deepSecret);
    }
  }

  // ------------------------------------------------------------------ Validatable

  @Override
  public boolean unknown() {
    return unknown;
  }

  @Override
  public Schema schema() {
    Schema m = mergedSchema;
    if (m == null) {
      Schema own = schema != null ? schema : infer();
      m = base != null ? Schema.merged(base.schema(), own) : own;
      mergedSchema = m;
    }
    return m;
  }

  @Override
  public Kind kind() {
    if (repr == null) {
      return Kind.NULL;
    } else if (repr instanceof Boolean) {
      return Kind.BOOLEAN;
    } else if (repr instanceof Num) {
      return Kind.NUMBER;
    } else if (repr instanceof String) {
      return Kind.STRING;
    } else if (repr instanceof List<?>) {
      return Kind.ARRAY;
    }
    return Kind.OBJECT;
  }

  @Override
  public String text() {
    if (repr instanceof Num n) {
      return n.text();
    }
    return repr == null ? "" : repr.toString();
  }

  @Override
  public List<? extends Validatable> items() {
    List<Value> a = array();
    return a == null ? List.of() : a;
  }

  @Override
  public Object location() {
    return def;
  }

  @Override
  public boolean isLiteralContainer() {
    return def != null && def.expr != null
        && (def.expr instanceof Expr.Array || def.expr instanceof Expr.Object)
        && def.kind != Node.Kind.SYNTHETIC;
  }
}
