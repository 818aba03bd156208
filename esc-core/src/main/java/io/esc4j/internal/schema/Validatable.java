package io.esc4j.internal.schema;

import java.util.List;

/**
 * What the {@link Validator} needs to know about a value: implemented by the evaluator's values,
 * so that this package does not depend on the evaluator.
 */
public interface Validatable {
  /** The JSON kind of a known value. */
  enum Kind {
    /** null. */
    NULL,
    /** boolean. */
    BOOLEAN,
    /** number. */
    NUMBER,
    /** string. */
    STRING,
    /** array. */
    ARRAY,
    /** object. */
    OBJECT
  }

  /**
   * Whether the value is unknown; then only {@link #schema()} and {@link #location()} are meaningful.
   *
   * @return {@code true} when unknown
   */
  boolean unknown();

  /**
   * The value's own (inferred or declared) schema, used for schema-vs-schema checks of unknowns.
   *
   * @return the schema
   */
  Schema schema();

  /**
   * The kind of a known value.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * The text of a scalar: the string, the number's decimal text, {@code true}/{@code false}.
   *
   * @return the text
   */
  String text();

  /**
   * The elements of an array.
   *
   * @return the elements
   */
  List<? extends Validatable> items();

  /**
   * The keys of an object, merged layers included, sorted by code point.
   *
   * @return the keys
   */
  List<String> keys();

  /**
   * One property of an object (merged layers included).
   *
   * @param key the key
   * @return the property, or {@code null}
   */
  Validatable property(String key);

  /**
   * Where errors about this value are reported: an opaque token handed back to the {@link
   * Reporter}.
   *
   * @return the location
   */
  Object location();

  /**
   * Whether this value was written as an array or object literal in the document.
   *
   * <p>The {@link Validator} does not need it: as in the reference, errors about an element or
   * property of a known value are reported at that element's own {@link #location()} (the
   * expression that defined it, which for children reached through a reference is their original
   * definition), and errors about parts of an unknown value are reported at the unknown value's
   * location with a path prefix such as {@code [0]: } or {@code bar: }.
   *
   * @return {@code true} for literals
   */
  boolean isLiteralContainer();
}
