package io.esc4j;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
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
        int n = source.size();
        String[] keys = new String[n];
        EscValue[] values = new EscValue[n];
        int i = 0;
        for (Map.Entry<String, EscValue> e : source.entrySet()) {
          keys[i] = Objects.requireNonNull(e.getKey(), "key");
          values[i] = Objects.requireNonNull(e.getValue(), "value");
          i++;
        }
        properties = new Sorted(keys, values, n);
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
      // while the keys come in ascending order: two arrays; after the first that does not, a map
      private String[] keys;
      private EscValue[] values;
      private int size;
      private Map<String, EscValue> map;
      private boolean built;

      private Builder(int expectedSize) {
        int n = Math.max(expectedSize, 0);
        keys = new String[n];
        values = new EscValue[n];
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
        if (built) {
          throw new IllegalStateException("this builder has built its object already");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (map == null && (size == 0 || KEY_ORDER.compare(keys[size - 1], key) < 0)) {
          if (size == keys.length) {
            int grown = Math.max(8, size + (size >> 1));
            keys = Arrays.copyOf(keys, grown);
            values = Arrays.copyOf(values, grown);
          }
          keys[size] = key;
          values[size] = value;
          size++;
          return this;
        }
        if (map == null) {
          map = new LinkedHashMap<>((int) (size / 0.75f) + 2);
          for (int i = 0; i < size; i++) {
            map.put(keys[i], values[i]);
          }
          keys = null;
          values = null;
        }
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
        if (built) {
          throw new IllegalStateException("this builder has built its object already");
        }
        built = true;
        Obj o = new Obj(map == null ? new Sorted(keys, values, size) : map, secret);
        keys = null;
        values = null;
        map = null;
        return o;
      }
    }

    /**
     * Properties in key order, unmodifiable: two arrays, keys ascending, that nothing outside
     * holds. Lookups search the keys (a scan when there are few, a binary search otherwise), so
     * an object costs two references per property instead of a hash table and an entry each.
     */
    private static final class Sorted extends java.util.AbstractMap<String, EscValue> {
      private static final int SCAN = 8;
      private final String[] keys;
      private final EscValue[] values;
      private final int size;

      Sorted(String[] keys, EscValue[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
      }

      private int indexOf(Object key) {
        if (!(key instanceof String k)) {
          return -1;
        }
        if (size <= SCAN) {
          for (int i = 0; i < size; i++) {
            if (keys[i].equals(k)) {
              return i;
            }
          }
          return -1;
        }
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
          int mid = (lo + hi) >>> 1;
          int c = KEY_ORDER.compare(keys[mid], k);
          if (c < 0) {
            lo = mid + 1;
          } else if (c > 0) {
            hi = mid - 1;
          } else {
            return mid;
          }
        }
        return -1;
      }

      @Override
      public EscValue get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
      }

      @Override
      public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public void forEach(java.util.function.BiConsumer<? super String, ? super EscValue> action) {
        for (int i = 0; i < size; i++) {
          action.accept(keys[i], values[i]);
        }
      }

      @Override
      public java.util.Set<Entry<String, EscValue>> entrySet() {
        return new java.util.AbstractSet<>() {
          @Override
          public java.util.Iterator<Entry<String, EscValue>> iterator() {
            return new Cursor<>() {
              @Override
              Entry<String, EscValue> at(int i) {
                return new java.util.AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
              }
            };
          }

          @Override
          public int size() {
            return size;
          }
        };
      }

      @Override
      public java.util.Set<String> keySet() {
        return new java.util.AbstractSet<>() {
          @Override
          public java.util.Iterator<String> iterator() {
            return new Cursor<>() {
              @Override
              String at(int i) {
                return keys[i];
              }
            };
          }

          @Override
          public boolean contains(Object o) {
            return containsKey(o);
          }

          @Override
          public int size() {
            return size;
          }
        };
      }

      @Override
      public java.util.Collection<EscValue> values() {
        return Collections.unmodifiableList(Arrays.asList(values).subList(0, size));
      }

      /** An iterator over positions 0..size-1 that cannot remove. */
      private abstract class Cursor<T> implements java.util.Iterator<T> {
        private int next;

        abstract T at(int i);

        @Override
        public boolean hasNext() {
          return next < size;
        }

        @Override
        public T next() {
          if (next >= size) {
            throw new java.util.NoSuchElementException();
          }
          return at(next++);
        }
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
