package io.esc4j;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An evaluated ESC value: null, boolean, number, string, array or object, or an unknown value
 * (one that could not be computed, for example a provider output during a static check).
 *
 * <p>Every value carries a {@link #secret()} flag. A secret value's {@link Object#toString()} is
 * {@code "[secret]"}; its content is reached only through the typed accessors. A container
 * holding a secret is not itself secret: only the secret subtree is redacted.
 *
 * <p>Numbers keep the decimal text they were written or computed with ({@code 1.0} stays
 * {@code 1.0}); object keys are kept in ascending code-point order. Values are immutable and
 * thread-safe. This type is sealed: the kinds are exactly the nested records.
 */
public sealed interface EscValue
    permits EscValue.Null, EscValue.Bool, EscValue.Num, EscValue.Str, EscValue.Arr, EscValue.Obj,
        EscValue.Unknown {

  /**
   * Parses JSON text into a value (numbers keep their text; for a duplicate key the last wins).
   * Handy for provider schemas and tests.
   *
   * @param json the JSON text
   * @return the value, nothing secret
   * @throws IllegalArgumentException when the text is not JSON
   */
  static EscValue parseJson(String json) {
    return JsonText.parse(json);
  }

  /**
   * Returns whether this value is secret.
   *
   * @return {@code true} when this value must be redacted
   */
  boolean secret();

  /**
   * Returns a copy of this value with the given secret flag (children keep their own flags).
   *
   * @param secret the new flag
   * @return the copy
   */
  EscValue withSecret(boolean secret);

  /**
   * Returns whether this value is unknown.
   *
   * @return {@code true} for {@link Unknown}
   */
  default boolean isUnknown() {
    return this instanceof Unknown;
  }

  /**
   * Returns whether this value or anything inside it is secret.
   *
   * @return {@code true} when any node is secret
   */
  default boolean containsSecrets() {
    if (secret()) {
      return true;
    }
    if (this instanceof Arr a) {
      return a.items().stream().anyMatch(EscValue::containsSecrets);
    }
    if (this instanceof Obj o) {
      return o.properties().values().stream().anyMatch(EscValue::containsSecrets);
    }
    return false;
  }

  /**
   * Returns whether this value or anything inside it is unknown.
   *
   * @return {@code true} when any node is unknown
   */
  default boolean containsUnknowns() {
    if (isUnknown()) {
      return true;
    }
    if (this instanceof Arr a) {
      return a.items().stream().anyMatch(EscValue::containsUnknowns);
    }
    if (this instanceof Obj o) {
      return o.properties().values().stream().anyMatch(EscValue::containsUnknowns);
    }
    return false;
  }

  /**
   * Renders this value as compact JSON, object keys sorted.
   *
   * @param redaction whether secrets show as {@code "[secret]"} or in plaintext
   * @return the JSON text
   */
  default String toJson(Redaction redaction) {
    StringBuilder sb = new StringBuilder();
    JsonText.write(this, redaction, sb);
    return sb.toString();
  }

  /**
   * Returns the named property of an object value.
   *
   * @param key the property name
   * @return the property, or empty when this is not an object or has no such key
   */
  default Optional<EscValue> get(String key) {
    if (this instanceof Obj o) {
      return Optional.ofNullable(o.properties().get(key));
    }
    return Optional.empty();
  }

  /** The JSON {@code null} value. @param secret whether it is secret */
  record Null(boolean secret) implements EscValue {
    /** A non-secret null. */
    public static final Null INSTANCE = new Null(false);

    @Override
    public EscValue withSecret(boolean s) {
      return new Null(s);
    }

    @Override
    public String toString() {
      return secret ? "[secret]" : "null";
    }
  }

  /**
   * A boolean.
   *
   * @param value the boolean
   * @param secret whether it is secret
   */
  record Bool(boolean value, boolean secret) implements EscValue {
    /** Non-secret {@code true}. */
    public static final Bool TRUE = new Bool(true, false);
    /** Non-secret {@code false}. */
    public static final Bool FALSE = new Bool(false, false);

    @Override
    public EscValue withSecret(boolean s) {
      return new Bool(value, s);
    }

    @Override
    public String toString() {
      return secret ? "[secret]" : Boolean.toString(value);
    }
  }

  /**
   * A number, kept as the decimal text it was written with.
   *
   * @param text the decimal text ({@code 42}, {@code 3.14}, {@code 1e+06})
   * @param secret whether it is secret
   */
  record Num(String text, boolean secret) implements EscValue {
    /** Validates the text. */
    public Num {
      Objects.requireNonNull(text, "text");
    }

    /**
     * Returns the number as a {@link BigDecimal}.
     *
     * @return the exact decimal value
     * @throws NumberFormatException if the text is not a finite decimal (for example {@code .inf})
     */
    public BigDecimal decimal() {
      return new BigDecimal(text);
    }

    @Override
    public EscValue withSecret(boolean s) {
      return new Num(text, s);
    }

    @Override
    public String toString() {
      return secret ? "[secret]" : text;
    }
  }

  /**
   * A string.
   *
   * @param value the string
   * @param secret whether it is secret
   */
  record Str(String value, boolean secret) implements EscValue {
    /** Validates the value. */
    public Str {
      Objects.requireNonNull(value, "value");
    }

    /**
     * Creates a non-secret string.
     *
     * @param value the string
     * @return the value
     */
    public static Str of(String value) {
      return new Str(value, false);
    }

    @Override
    public EscValue withSecret(boolean s) {
      return new Str(value, s);
    }

    @Override
    public String toString() {
      return secret ? "[secret]" : value;
    }
  }

  /**
   * An array.
   *
   * @param items the elements, unmodifiable
   * @param secret whether the array as a whole is secret
   */
  record Arr(List<EscValue> items, boolean secret) implements EscValue {
    /** Copies the items. */
    public Arr {
      items = Collections.unmodifiableList(new ArrayList<>(items));
    }

    @Override
    public EscValue withSecret(boolean s) {
      return new Arr(items, s);
    }

    @Override
    public String toString() {
      return toJson(Redaction.REDACT);
    }
  }

  /**
   * An object; keys iterate in ascending code-point order.
   *
   * @param properties the properties, unmodifiable
   * @param secret whether the object as a whole is secret
   */
  record Obj(Map<String, EscValue> properties, boolean secret) implements EscValue {
    /** The order of object keys: by code point, which is the byte order of their UTF-8 form. */
    public static final Comparator<String> KEY_ORDER = JsonText.CODE_POINT_ORDER;

    /**
     * Copies and sorts the properties (in linear time when they are already sorted); properties
     * of another object, or from a {@link Builder}, are already sorted and unmodifiable and are
     * taken as they are.
     */
    public Obj {
      if (!(properties instanceof Sorted)) {
        boolean sorted = true;
        String prev = null;
        for (String k : properties.keySet()) {
          if (prev != null && KEY_ORDER.compare(prev, k) >= 0) {
            sorted = false;
            break;
          }
          prev = k;
        }
        Map<String, EscValue> source = properties;
        if (!sorted) {
          TreeMap<String, EscValue> t = new TreeMap<>(KEY_ORDER);
          t.putAll(properties);
          source = t;
        }
        properties = new Sorted(new LinkedHashMap<>(source));
      }
    }

    /**
     * A builder for large objects: properties put in key order are kept without the copy and the
     * order check that the constructor makes.
     *
     * @param expectedSize how many properties there will be
     * @return a new builder
     */
    public static Builder builder(int expectedSize) {
      return new Builder(expectedSize);
    }

    /** Builds an {@link Obj}; each builder builds one object. */
    public static final class Builder {
      private Map<String, EscValue> map;
      private String last;
      private boolean sorted = true;

      private Builder(int expectedSize) {
        map = new LinkedHashMap<>((int) (Math.max(expectedSize, 0) / 0.75f) + 1);
      }

      /**
       * Adds a property (a key put again keeps its place and takes the new value).
       *
       * @param key the key
       * @param value the value
       * @return this builder
       * @throws IllegalStateException when the object has been built
       */
      public Builder put(String key, EscValue value) {
        if (map == null) {
          throw new IllegalStateException("this builder has built its object already");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (last != null && sorted && KEY_ORDER.compare(last, key) >= 0) {
          sorted = false;
        }
        last = key;
        map.put(key, value);
        return this;
      }

      /**
       * Builds the object; the builder cannot be used afterwards.
       *
       * @param secret whether the object as a whole is secret
       * @return the object
       * @throws IllegalStateException when the object has been built
       */
      public Obj build(boolean secret) {
        if (map == null) {
          throw new IllegalStateException("this builder has built its object already");
        }
        Map<String, EscValue> m = map;
        map = null;
        return new Obj(sorted ? new Sorted(m) : m, secret);
      }
    }

    /** Properties in key order, unmodifiable: nothing outside holds the map it reads. */
    private static final class Sorted extends java.util.AbstractMap<String, EscValue> {
      private final Map<String, EscValue> map;
      private final Map<String, EscValue> view;

      Sorted(Map<String, EscValue> map) {
        this.map = map;
        this.view = Collections.unmodifiableMap(map);
      }

      @Override
      public java.util.Set<Entry<String, EscValue>> entrySet() {
        return view.entrySet();
      }

      @Override
      public java.util.Set<String> keySet() {
        return view.keySet();
      }

      @Override
      public java.util.Collection<EscValue> values() {
        return view.values();
      }

      @Override
      public EscValue get(Object key) {
        return map.get(key);
      }

      @Override
      public boolean containsKey(Object key) {
        return map.containsKey(key);
      }

      @Override
      public int size() {
        return map.size();
      }
    }

    /**
     * Creates a non-secret object.
     *
     * @param properties the properties
     * @return the object
     */
    public static Obj of(Map<String, EscValue> properties) {
      return new Obj(properties, false);
    }

    @Override
    public EscValue withSecret(boolean s) {
      return new Obj(properties, s);
    }

    @Override
    public String toString() {
      return toJson(Redaction.REDACT);
    }
  }

  /**
   * A value that is not known: a provider output during a static check, or the result of an
   * expression that failed.
   *
   * @param secret whether the unknown value would be secret
   */
  record Unknown(boolean secret) implements EscValue {
    @Override
    public EscValue withSecret(boolean s) {
      return new Unknown(s);
    }

    @Override
    public String toString() {
      return secret ? "[secret]" : "[unknown]";
    }
  }
}
